/**
 * A DOM subtree → plain text that keeps the page's paragraphs: each block (paragraph, heading, list
 * item, table row, preformatted code…) becomes one paragraph, separated by a blank line, so the
 * search side can cut passages along them. Whitespace inside a block is collapsed, except in <pre>.
 * Iterative, not recursive: a page nested 100,000 deep must not overflow the stack.
 */

/** The minimal DOM surface walked (linkedom's nodes have it). */
export interface DomNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
}

const TEXT_NODE = 3;
const ELEMENT_NODE = 1;

const BLOCKS = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'BR', 'DD', 'DETAILS', 'DIV', 'DL', 'DT', 'FIELDSET', 'FIGCAPTION', 'FIGURE', 'FOOTER',
  'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HEADER', 'HR', 'LI', 'MAIN', 'NAV', 'OL', 'P', 'SECTION', 'SUMMARY', 'TABLE', 'TBODY', 'THEAD',
  'TFOOT', 'TR', 'UL', 'CAPTION',
]);
const SKIPPED = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'SVG', 'svg', 'IFRAME', 'OBJECT', 'CANVAS', 'HEAD', 'TITLE', 'BUTTON', 'SELECT', 'INPUT', 'TEXTAREA']);
const CELLS = new Set(['TD', 'TH']);

export function domText(root: DomNode, maxChars = Number.POSITIVE_INFINITY): string {
  const paragraphs: string[] = [];
  let length = 0;
  let line = '';
  const flush = () => {
    const text = line.replace(/\s+/g, ' ').trim();
    line = '';
    if (text) {
      paragraphs.push(text);
      length += text.length + 2;
    }
  };
  // [node, leaving]: a block is flushed when entered and when left.
  const stack: Array<[DomNode, boolean]> = [[root, false]];
  while (stack.length > 0 && length < maxChars) {
    const [node, leaving] = stack.pop()!;
    if (node.nodeType === TEXT_NODE) {
      line += node.textContent ?? '';
      continue;
    }
    if (node.nodeType !== ELEMENT_NODE && node !== root) continue;
    const name = node.nodeName.toUpperCase();
    if (leaving) {
      if (BLOCKS.has(name)) flush();
      else if (CELLS.has(name)) line += ' ';
      continue;
    }
    if (SKIPPED.has(name)) continue;
    if (name === 'PRE') {
      flush();
      const code = (node.textContent ?? '').replace(/\r\n?/g, '\n').replace(/\n{3,}/g, '\n\n').trim();
      if (code) {
        paragraphs.push(code);
        length += code.length + 2;
      }
      continue;
    }
    if (BLOCKS.has(name)) flush();
    stack.push([node, true]);
    const children = node.childNodes;
    for (let i = children.length - 1; i >= 0; i -= 1) stack.push([children[i]!, false]);
  }
  flush();
  return capText(paragraphs.join('\n\n'), maxChars);
}

/** At most `maxChars`, cut at the last paragraph or word boundary before it. */
export function capText(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const head = text.slice(0, maxChars);
  const paragraph = head.lastIndexOf('\n\n');
  if (paragraph > maxChars * 0.8) return head.slice(0, paragraph);
  const space = head.lastIndexOf(' ');
  return (space > maxChars * 0.8 ? head.slice(0, space) : head).trimEnd();
}

/**
 * Whether a tree stays within `maxElements` elements and `maxDepth` levels (counting stops as soon
 * as it does not). Readability's work grows faster than linearly with both, so larger trees go
 * to the linear fallback instead.
 */
export function withinShape(root: DomNode, maxElements: number, maxDepth: number): boolean {
  let elements = 0;
  const stack: Array<[DomNode, number]> = [[root, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node.nodeType !== ELEMENT_NODE) continue;
    elements += 1;
    if (elements > maxElements || depth > maxDepth) return false;
    const children = node.childNodes;
    for (let i = 0; i < children.length; i += 1) stack.push([children[i]!, depth + 1]);
  }
  return true;
}
