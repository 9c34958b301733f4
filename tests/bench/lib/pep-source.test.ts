import { describe, expect, it } from 'vitest';
import { parseCatalogMarkdown } from '../../../src/catalog/parse.js';
import { catalogMarkdown } from '../../../bench/lib/catalog-markdown.js';
import { parsePepAuthors, parsePepDate, parsePepHeaders, pepBlurb, readPep, rstInlineText, rstToHtml } from '../../../bench/lib/pep-source.js';

const PEP = `PEP: 9999
Title: Frobnicate the \\*\\*kwargs
Author: Ada Lovelace <ada@example.org>,
        Fred L. Drake, Jr. <fred@example.org>, Grace Hopper <grace at example.org>
Status: Final
Type: Standards Track
Topic: Typing, Packaging
Created: 5-Jul-2001
Post-History: 05-Jul-2001,
              01-Aug-2013


Abstract
========

This PEP proposes :pep:\`484\`-style frobnication of \`\`**kwargs\`\` values. It follows the
\`style guide <https://example.org/style>\`_ [1]_.  It is *short*. This sentence is the fourth.

Second paragraph, not in the blurb.

Specification
=============

Use it like this::

    def f(**kwargs: <int>) -> None: ...

- an item with <b>markup</b>
- another item
`;

describe('PEP headers', () => {
  it('reads fields with continuation lines and stops at the first blank line', () => {
    const { fields, body } = parsePepHeaders(PEP);
    expect(fields.get('PEP')).toBe('9999');
    expect(fields.get('Post-History')).toBe('05-Jul-2001, 01-Aug-2013');
    expect(fields.get('Author')).toContain('Grace Hopper');
    expect(body).toContain('Abstract');
    expect(fields.has('Abstract')).toBe(false);
  });

  it.each([
    ['05-Jul-2001', '2001-07-05'],
    ['5-Jul-2001', '2001-07-05'],
    ['05 July 2001', '2001-07-05'],
    ['2001-07-05', '2001-07-05'],
    ['29-Feb-2020', '2020-02-29'],
  ])('reads the date %s', (raw, iso) => {
    expect(parsePepDate(raw)).toBe(iso);
  });

  it.each(['', 'sometime in 2001', '31-Feb-2001', '05-Foo-2001', '2001-13-01'])('refuses %j as a date', (raw) => {
    expect(parsePepDate(raw)).toBeNull();
  });

  it('drops e-mail addresses in either spelling and keeps Jr. with its name', () => {
    expect(parsePepAuthors('Ada Lovelace <ada@example.org>, Fred L. Drake, Jr. <fred@example.org>, Grace Hopper <grace at example.org>')).toEqual([
      'Ada Lovelace',
      'Fred L. Drake, Jr.',
      'Grace Hopper',
    ]);
    expect(parsePepAuthors('The Python core team and community')).toEqual(['The Python core team and community']);
  });
});

describe('PEP text', () => {
  it('turns inline markup into plain text', () => {
    expect(rstInlineText(':pep:`484` and :pep:`the C guide <7>` with ``**kwargs`` and *emphasis* [#ref]_ `link <https://x.org>`_')).toBe(
      'PEP 484 and the C guide with **kwargs and emphasis link',
    );
  });

  it('takes the blurb from the Abstract, three sentences at most', () => {
    const { body } = parsePepHeaders(PEP);
    expect(pepBlurb(body)).toBe('This PEP proposes PEP 484-style frobnication of **kwargs values. It follows the style guide. It is short.');
  });

  it('falls back to the first paragraph without an Abstract', () => {
    expect(pepBlurb('\nIntroduction\n============\n\nThis document gives coding conventions for the code in the library.\n')).toBe(
      'This document gives coding conventions for the code in the library.',
    );
  });

  it('renders headings, paragraphs, literal blocks and lists as escaped HTML', () => {
    const html = rstToHtml(parsePepHeaders(PEP).body);
    expect(html).toContain('<h2>Abstract</h2>');
    expect(html).toContain('<h2>Specification</h2>');
    expect(html).toContain('<p>Use it like this:</p>');
    expect(html).toContain('<pre><code>def f(**kwargs: &lt;int&gt;) -&gt; None: ...</code></pre>');
    expect(html).toContain('<ul>\n<li>an item with &lt;b&gt;markup&lt;/b&gt;</li>\n<li>another item</li>\n</ul>');
  });

  it('reads a whole PEP, or says why it cannot', () => {
    const pep = readPep(PEP);
    if ('problem' in pep) throw new Error(pep.problem);
    expect(pep).toMatchObject({
      number: 9999,
      title: 'Frobnicate the **kwargs',
      url: 'https://peps.python.org/pep-9999/',
      created: '2001-07-05',
      status: 'Final',
      type: 'Standards Track',
      topics: ['Typing', 'Packaging'],
    });
    expect(readPep(PEP.replace('Created: 5-Jul-2001', 'Created: soon'))).toEqual({ problem: 'PEP 9999: Created "soon" is not a date' });
  });
});

describe('generated catalog', () => {
  it('is read back by the catalog parser without warnings, newest first', () => {
    const markdown = catalogMarkdown('Python PEPs', [
      { title: 'PEP 1 – A | B [draft]', url: 'https://peps.python.org/pep-0001/', published: '2000-06-13', authors: ['Barry Warsaw'], summary: 'First.', tags: ['Active', 'Process'] },
      { title: 'PEP 8 – Style', url: 'https://peps.python.org/pep-0008/', published: '2001-07-05', authors: ['Guido van Rossum', 'Fred L. Drake, Jr.'], summary: 'Line one\nline | two.', tags: ['Standards Track'] },
    ]);
    const { articles, warnings } = parseCatalogMarkdown(markdown, 'peps.md');
    expect(warnings).toEqual([]);
    expect(articles.map((a) => a.url)).toEqual(['https://peps.python.org/pep-0008/', 'https://peps.python.org/pep-0001/']);
    expect(articles[0]).toMatchObject({ title: 'PEP 8 – Style', summary: 'Line one line | two.' });
    expect(articles[0]!.published.slice(0, 10)).toBe('2001-07-05');
    expect(articles[1]!.title).toBe('PEP 1 – A | B (draft)');
    expect(articles[1]!.tags.map((t) => t.slug)).toEqual(expect.arrayContaining(['active', 'process']));
    expect(articles[0]!.tags.map((t) => t.slug)).toContain('standards_track');
  });
});
