// Cutting a YAML document into the entries of one top-level block sequence
// (a ResourceList's or a List's `items:`), by lines, so that each entry can
// be parsed on its own: the `yaml` library's document model of a whole
// 40 MB list takes gigabytes, one entry's a few kilobytes.
//
// The layout is the one tools write:
//
//   items:                  <- a top-level key at column 0, nothing after it but a comment
//   - apiVersion: v1        <- entries: "-" at one column c (0 or more)
//     kind: ...             <- their lines: indented deeper than c, blank, or comments
//   # a comment            <- comments right above a dash (at column <= c) go with that entry
//   - ...
//   functionConfig: ...     <- the sequence ends at the next line at column <= c
//
// Each entry's piece runs from its first line to the next entry's: its text
// (verbatim.ts) keeps every line of it, comments included.
//
// Where the text does not look like this (tabs or document markers at a line
// start, a flow sequence, anything unexpected) there is no cut, and the
// caller parses the whole text. The cut is checked afterwards too: the rest
// and every entry must parse on their own, or the caller parses the whole.

export interface SplitSequence {
  /** Offset just after `key:`: the sequence's text is [start, end). */
  start: number;
  end: number;
  /** Each entry's text, [from, to): the first from `start` (comments above its dash included), the others from their dash's line. */
  pieces: Array<[number, number]>;
}

/** The entries of the top-level block sequence under `key`, or undefined. */
export function splitSequence(text: string, key: string): SplitSequence | undefined {
  // Document markers, directives and tabs at a line start change the
  // structure in ways lines do not show.
  if (/^(---|\.\.\.)(\s|$)|^%|^ *\t/m.test(text)) return undefined;
  const head = new RegExp(`^${key}:[ \\t]*(#[^\\n]*)?$`, 'm').exec(text);
  if (!head) return undefined;
  const start = head.index + key.length + 1;
  const pieces: Array<[number, number]> = [];
  let column = -1;
  /** Where the run of comment lines (at column <= c) just above the current line starts; -1: none. */
  // Stryker disable next-line UnaryOperator: equivalent: what it holds before the first dash decides nothing (comments there are not at a column <= c, and that dash resets it)
  let commentsFrom = -1;
  let pos = head.index + head[0].length + 1; // the line after `key:`
  let end = text.length;
  // Until the last line; past a final newline, one empty line (blank: it changes nothing).
  for (;;) {
    const nl = text.indexOf('\n', pos);
    const lineEnd = nl === -1 ? text.length : nl;
    const line = text.slice(pos, lineEnd);
    const indent = line.length - line.trimStart().length;
    const rest = line.slice(indent);
    if (rest === '') {
      commentsFrom = -1; // blank: part of the sequence, ends a run of comments
    } else if (rest.startsWith('#')) {
      if (commentsFrom === -1 && indent <= column) commentsFrom = pos;
    } else if (column < 0) {
      if (!/^-(\s|$)/.test(rest)) return undefined; // not a block sequence
      column = indent;
      pieces.push([start, text.length]); // its end: set at the next entry, or after the loop
      commentsFrom = -1;
    } else if (indent === column && /^-(\s|$)/.test(rest)) {
      const from = commentsFrom !== -1 ? commentsFrom : pos;
      pieces[pieces.length - 1][1] = from;
      pieces.push([from, text.length]);
      commentsFrom = -1;
    } else if (indent <= column) {
      end = pos;
      break;
    }
    else commentsFrom = -1;
    if (nl === -1) break;
    pos = nl + 1;
  }
  if (pieces.length === 0) return undefined;
  pieces[pieces.length - 1][1] = end;
  // The sequence must end at a top-level key (or the end of the text).
  if (end < text.length && !/[^\s#-]/.test(text[end])) return undefined;
  return { start, end, pieces };
}
