import { expect, test } from 'vitest';
import { decodeEntities } from '../../src/catalog/entities.js';

test.each([
  ['Tom &amp; Jerry', 'Tom & Jerry'],
  ['&lt;tenant&gt;', '<tenant>'],
  ['it&rsquo;s &ldquo;pooled&rdquo; &hellip;', 'it’s “pooled” …'],
  ['&#40;postgres&#41;', '(postgres)'],
  ['it&#8217;s &#x2019; &#X2019;', 'it’s ’ ’'],
  ['caf&eacute; &mdash; na&iuml;ve', 'café — naïve'],
  ['already ’ typographic “text”', 'already ’ typographic “text”'],
  ['&amp;lt; is decoded once', '&lt; is decoded once'],
  ['&nosuchentity; &#0; &#xD800; &#1114112;', '&nosuchentity; &#0; &#xD800; &#1114112;'],
  ['AT&T and a & b', 'AT&T and a & b'],
])('decodeEntities(%j) → %j', (input, output) => {
  expect(decodeEntities(input)).toBe(output);
});
