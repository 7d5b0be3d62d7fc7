// The user's items are written back as they were written: the text of each
// item is cut from the input, not printed again from the document model.
// Printing again changed what a user wrote (`!!int 10.0.0.1` came back as
// `!!int .nan`, `1e3` as `1e+3`, `0x1F` as `0x1f`, a bare CR or U+2028 inside
// a comment gained a `#` on every run), which under `kpt fn render` rewrites
// the user's files.
//
// An item's text is its map's source (first key to the end of its last
// line, trailing comments included), moved left so that the map starts at
// column 0, with the comments written between the sequence dash (or the
// previous item) and the first key in front, as `# ...` lines: the writers
// then indent it where it goes (`- ` for a list item). Lines are split at
// '\n' only (a CR or U+2028 is part of its line, as the `yaml` library reads
// them). Where the text cannot be cut (no source position, a tag or anchor on
// the map itself) the document model prints the item, as before.
import { isMap, type YAMLMap } from 'yaml';

const texts = new WeakMap<YAMLMap, string>();

/** The text registered for a node by rememberText, if any. */
export function verbatimText(node: YAMLMap): string | undefined {
  return texts.get(node);
}

/**
 * Registers the source text of `node` (a map of `source`), with the
 * comments between `regionStart` and the map's first key. The map's text
 * runs to `regionEnd` when given (the end of its piece, split.ts: every line
 * up to the next item, comments included), else to the end of its node.
 */
export function rememberText(node: unknown, source: string, regionStart: number, regionEnd?: number): void {
  // Stryker disable next-line ConditionalExpression,BooleanLiteral: unreachable: every caller passes a map (the test narrows the type)
  if (!isMap(node)) return;
  const text = cutText(node, source, regionStart, regionEnd);
  // Stryker disable next-line ConditionalExpression: equivalent: a node's text is registered once, and none reads as an undefined one
  if (text !== undefined) texts.set(node, text);
}

function cutText(node: YAMLMap, source: string, regionStart: number, regionEnd?: number): string | undefined {
  const range = node.range;
  // Stryker disable next-line ConditionalExpression,LogicalOperator: equivalent: parsed nodes have a range, and a tag or anchor on the map lies before its first key, where the scan below takes nothing but blanks, a dash and comments
  if (!range || node.tag || node.anchor) return undefined;
  const start = range[0];
  const end = regionEnd ?? range[2];
  const comments: string[] = [];
  // Between the previous item (or the key) and the first key: blank space,
  // a sequence dash or a flow list's `[` and `,`, comments. Anything else:
  // not cut. (Two dashes, a list in a list, are refused before the text is
  // cut.)
  for (const line of source.slice(regionStart, start).split('\n')) {
    const hash = commentStart(line);
    const head = hash < 0 ? line : line.slice(0, hash);
    // In a flow list: its `[` or the `,` after the previous item.
    // Stryker disable next-line Regex: equivalent without the anchor: a `*` run matches at the start of the text, empty or not
    const unlisted = head.replace(/^[ \t[,]*/, '');
    // Stryker disable next-line Regex: equivalent: before an item's first key a dash is always followed by a blank or the line's end
    const rest = unlisted.replace(/^[ \t]*(-(?=[ \t\r]|$))?[ \t\r]*/, '');
    if (rest !== '') return undefined;
    if (hash >= 0) comments.push(line.slice(hash));
  }
  const column = start - (source.lastIndexOf('\n', start - 1) + 1);
  // The map's first line begins at its first key; later lines lose `column`
  // leading spaces (fewer where a comment or a flow continuation has fewer).
  const lines = source.slice(start, end).split('\n');
  // Blank lines stay (they may be the content of a `|+` block scalar).
  // A map has a key: its text is never one empty line.
  if (lines[lines.length - 1] === '') lines.pop();
  const out = [...comments, lines[0]];
  for (let i = 1; i < lines.length; i++) {
    const l = lines[i];
    let n = 0;
    while (n < column && l.charCodeAt(n) === 32) n++;
    // A line of content left of the map (the parser let it in) would change
    // meaning once moved: printed instead. Comments and blank lines may.
    if (n < column && !/^[ \t]*(#|\r?$)/.test(l)) return undefined;
    out.push(l.slice(n));
  }
  return out.join('\n') + '\n';
}

/** The offset just after the `:` that follows a key node (where its value's region starts). */
export function afterKey(source: string, key: unknown): number | undefined {
  const end = (key as { range?: [number, number, number] } | null)?.range?.[1];
  if (end === undefined) return undefined;
  const colon = source.indexOf(':', end);
  // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent: a key whose value is a map or a list (the only ones asked about) is followed by its ':', past the key's first character
  return colon < 0 ? undefined : colon + 1;
}

/**
 * Where a document's content region starts: after its `---` marker (and
 * directives), if any. Only used for a document that is a map, whose first
 * key a blank or a line break parts from the marker.
 */
export function afterDocumentStart(source: string, docStart: number, contentStart: number): number {
  const m = /^(?:%[^\n]*\n|[ \t]*\n|#[^\n]*\n)*---(?=[ \t\n])/.exec(source.slice(docStart, contentStart));
  return m ? docStart + m[0].length : docStart;
}

/** Where a `#` comment starts on a line of blank space, dashes, flow list separators and comments (-1: none). */
function commentStart(line: string): number {
  // Stryker disable next-line Regex: equivalent unanchored: in valid YAML, before a map's first key, only blanks, a dash, a flow list's '[' or ',' come before a comment's '#' on its line, or content that refuses the cut either way
  const m = /^[ \t[,-]*#/.exec(line);
  return m ? m[0].length - 1 : -1;
}
