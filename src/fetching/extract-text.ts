/**
 * A page's main text: the article, without the site's navigation, sidebars ("recent posts"),
 * cookie banners and footers. HTML goes through Mozilla's Readability (the engine of Firefox's
 * Reader View) on linkedom (a light DOM, several times faster than jsdom and without its
 * browser machinery); when Readability finds no article (a short page, an odd layout), the body
 * minus its obvious chrome is used instead. Plain text and markdown are kept as they are.
 */
import { Readability } from '@mozilla/readability';
import { decodeHTML } from 'entities';
import { parseHTML } from 'linkedom';
import { capText, domText, withinShape, type DomNode } from './dom-text.js';

export interface ExtractOptions {
  /** Characters kept. */
  maxChars: number;
}

/**
 * Readability's time grows faster than linearly with a page's elements and depth (on linkedom:
 * ~0.7 s at 10,000 elements, 8 s for 1,000 nested divs): a page beyond these goes to the fallback,
 * which is linear.
 */
const READABILITY_MAX_ELEMENTS = 10_000;
const READABILITY_MAX_DEPTH = 100;

/** Nesting beyond which a page is not given to a DOM at all (real pages nest a few dozen deep). */
const MAX_PARSED_DEPTH = 2_000;

/** HTML elements that never have a closing tag, or whose closing tag is optional and often left out. */
const UNNESTED = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr', 'p', 'li', 'dt', 'dd', 'tr', 'td', 'th', 'option']);

/** Nesting depth of the tags, estimated in one pass; counting stops past `limit`. */
export function nestingDepth(html: string, limit: number): number {
  let depth = 0;
  let deepest = 0;
  for (const match of html.matchAll(/<(\/?)([A-Za-z][A-Za-z0-9-]*)/g)) {
    if (UNNESTED.has(match[2]!.toLowerCase())) continue;
    depth = match[1] ? Math.max(0, depth - 1) : depth + 1;
    if (depth > deepest) deepest = depth;
    if (deepest > limit) break;
  }
  return deepest;
}

/** Tags removed, blocks made paragraphs, entities decoded: the text of a page too odd to parse. */
function strippedText(html: string): string {
  const text = withoutCode(html)
    .replace(/<\/?(?:p|div|li|h[1-6]|br|tr|pre|blockquote|section|article)\b[^<>]*>/gi, '\n\n')
    .replace(/<[^<>]*>/g, ' ');
  return decodeHTML(text)
    .split(/\n{2,}/)
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter((p) => p.length > 0)
    .join('\n\n');
}

/** The page without the contents of <script>, <style>, <noscript> and <template>, in one pass. */
function withoutCode(html: string): string {
  let out = '';
  let from = 0;
  let inside: string | undefined;
  for (const match of html.matchAll(/<(\/?)(script|style|noscript|template)\b[^<>]*>/gi)) {
    const name = match[2]!.toLowerCase();
    if (inside === undefined && !match[1]) {
      out += html.slice(from, match.index);
      inside = name;
    } else if (inside === name && match[1]) {
      inside = undefined;
      from = match.index + match[0].length;
    }
  }
  return inside === undefined ? out + html.slice(from) : out;
}

/** Below this many characters Readability's pick is taken as a miss (it found a fragment, not the article). */
const MIN_ARTICLE_CHARS = 140;

/** Elements that are site chrome whatever the page, removed before the fallback reads the body. */
const CHROME_SELECTOR = [
  'nav', 'header', 'footer', 'aside', 'form', 'dialog', 'menu',
  '[role=navigation]', '[role=banner]', '[role=contentinfo]', '[role=complementary]', '[role=dialog]', '[role=alertdialog]', '[aria-hidden=true]', '[hidden]',
].join(',');
/** class / id words of chrome that is not marked up as such (cookie banners, "recent posts" boxes). */
const CHROME_WORDS = /cookie|consent|gdpr|banner|sidebar|widget|related|recent|popular|share|social|newsletter|subscribe|comment|breadcrumb|menu|navbar|footer|header|advert|promo/i;

export function extractText(body: string, contentType: string, options: ExtractOptions): string {
  if (contentType === 'text/html' || contentType === 'application/xhtml+xml') return extractHtml(body, options);
  return capText(cleanPlainText(body, contentType), options.maxChars);
}

export function extractHtml(html: string, options: ExtractOptions): string {
  // linkedom's parse time grows with the square of nesting depth (4 s at 50,000 levels): a page
  // nested beyond any real layout is read by stripping its tags instead, in linear time.
  if (nestingDepth(html, MAX_PARSED_DEPTH) > MAX_PARSED_DEPTH) return capText(strippedText(html), options.maxChars);
  const fromReadability = readabilityText(html, options.maxChars);
  if (fromReadability.length >= MIN_ARTICLE_CHARS) return fromReadability;
  // A short pick may still hold chrome Readability kept (a menu beside two sentences): the
  // fallback removed it, so it wins whenever it found anything.
  const fallback = bodyWithoutChrome(html, options.maxChars);
  return fallback || fromReadability;
}

function readabilityText(html: string, maxChars: number): string {
  try {
    const { document } = parseHTML(html);
    if (!document.documentElement || !withinShape(document.documentElement as unknown as DomNode, READABILITY_MAX_ELEMENTS, READABILITY_MAX_DEPTH)) return '';
    // The serializer hands back the article element itself: walked for paragraphs, never re-parsed.
    const article = new Readability(document as unknown as ConstructorParameters<typeof Readability>[0], { serializer: (el) => el }).parse();
    const content = article?.content as unknown as DomNode | null | undefined;
    return content ? domText(content, maxChars) : '';
  } catch {
    // A page Readability trips on: the fallback reads it.
    return '';
  }
}

function bodyWithoutChrome(html: string, maxChars: number): string {
  const { document } = parseHTML(html);
  const root = document.querySelector('main') ?? document.querySelector('article') ?? document.body ?? document.documentElement;
  if (!root) return '';
  for (const element of [...root.querySelectorAll(CHROME_SELECTOR)]) element.remove();
  for (const element of [...root.querySelectorAll('[class],[id]')]) {
    const marks = `${element.getAttribute('class') ?? ''} ${element.getAttribute('id') ?? ''}`;
    if (CHROME_WORDS.test(marks)) element.remove();
  }
  return domText(root as unknown as DomNode, maxChars);
}

/** Line endings normalised, a markdown front matter block dropped, runs of blank lines made one. */
function cleanPlainText(text: string, contentType: string): string {
  let clean = text.replace(/\r\n?/g, '\n');
  if (contentType !== 'text/plain') clean = clean.replace(/^---\n[\s\S]*?\n---\n/, '');
  return clean
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
