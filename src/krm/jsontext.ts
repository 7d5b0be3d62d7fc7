// Where the members of a JSON object's top level, and the elements of an
// array, lie in the text: so that JSON input is written back as the user
// wrote it (JSON is YAML: each item's JSON text is a flow mapping), as YAML
// input is (verbatim.ts). Printing it again as block YAML changed the text
// and multiplied its size by its depth (every level indents its lines).
// Only called on text JSON.parse accepted, so the scan needs no error
// handling: strings (with their escapes) are skipped, brackets counted.

/** The top-level members of a JSON object text: key → its value's [from, to). The last of a repeated key wins, as in JSON.parse. */
export function jsonMembers(text: string): Map<string, [number, number]> {
  const members = new Map<string, [number, number]>();
  let i = skipSpace(text, 0);
  if (text[i] !== '{') return members;
  i = skipSpace(text, i + 1);
  // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent: only text JSON.parse accepted is scanned, where the object's '}' comes before the text ends (the bound guards against a scanner bug)
  while (i < text.length && text[i] !== '}') {
    const keyEnd = skipValue(text, i);
    const key = JSON.parse(text.slice(i, keyEnd)) as string;
    i = skipSpace(text, skipSpace(text, keyEnd) + 1); // past ':'
    const end = skipValue(text, i);
    members.set(key, [i, end]);
    i = skipSpace(text, end);
    // Stryker disable next-line ConditionalExpression: equivalent: what follows a member is ',' or the top-level '}', after which there is only blank space: skipping it ends the loop all the same
    if (text[i] === ',') i = skipSpace(text, i + 1);
  }
  return members;
}

/** The elements of the JSON array text at [from, to): [from, to) each. */
export function jsonElements(text: string, from: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  if (text[from] !== '[') return out;
  let i = skipSpace(text, from + 1);
  // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent: only text JSON.parse accepted is scanned, where the list's ']' comes before the text ends (the bound guards against a scanner bug)
  while (i < text.length && text[i] !== ']') {
    const end = skipValue(text, i);
    out.push([i, end]);
    i = skipSpace(text, end);
    if (text[i] === ',') i = skipSpace(text, i + 1);
  }
  return out;
}

function skipSpace(text: string, i: number): number {
  // Past the end text[i] is undefined, no blank: the loop stops there.
  while (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t') i++;
  return i;
}

/** The end of the JSON value starting at i. */
function skipValue(text: string, i: number): number {
  const c = text[i];
  if (c === '"') return skipString(text, i);
  if (c !== '{' && c !== '[') {
    // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent: only text JSON.parse accepted is scanned, where a scalar in an object or a list is followed by a delimiter before the text ends
    while (i < text.length && !',}] \n\r\t'.includes(text[i])) i++;
    return i;
  }
  let depth = 0;
  // Stryker disable next-line EqualityOperator: equivalent: only text JSON.parse accepted is scanned, where every '{' or '[' is closed before the text ends (the loop returns there)
  for (; i < text.length; i++) {
    const d = text[i];
    if (d === '"') i = skipString(text, i) - 1;
    else if (d === '{' || d === '[') depth++;
    else if ((d === '}' || d === ']') && --depth === 0) return i + 1;
  }
  return i;
}

function skipString(text: string, i: number): number {
  // Stryker disable next-line EqualityOperator,ConditionalExpression: equivalent: only text JSON.parse accepted is scanned, where every string is closed before the text ends
  for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
  return i + 1;
}

/**
 * Whether an object in the JSON text repeats a key (JSON.parse keeps the
 * last; YAML refuses it, so such text cannot be written back as it is).
 */
export function hasDuplicateKeys(text: string): boolean {
  // One set of keys per open object; null for an open array.
  const open: Array<Set<string> | null> = [];
  // Stryker disable next-line BooleanLiteral: equivalent: no string is taken for a key before the first '{' (no object is open), which sets it
  let expectKey = false;
  // Stryker disable next-line EqualityOperator: equivalent: at i = length text[i] is undefined, which no branch takes
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      const end = skipString(text, i);
      const keys = open[open.length - 1];
      if (keys && expectKey) {
        const key = JSON.parse(text.slice(i, end)) as string;
        if (keys.has(key)) return true;
        keys.add(key);
        expectKey = false;
      }
      i = end - 1;
    } else if (c === '{') {
      open.push(new Set());
      expectKey = true;
    } else if (c === '[') {
      open.push(null);
    } else if (c === '}' || c === ']') {
      open.pop();
    } else if (c === ',') {
      // In a list too: there no string is taken for a key (its entry is
      // null), and the list's ']' is followed by ',' or '}' before any key.
      expectKey = true;
    }
  }
  return false;
}
