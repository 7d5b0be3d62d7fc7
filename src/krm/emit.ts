// A block-style YAML writer for plain data (what JSON can hold), used for
// the objects the function generates. The `yaml` library stays in charge of
// the user's items (comments, styles); generated data has neither, and
// writing ~30 KB of manifests with `yaml`'s document model cost 30-60 ms of a
// ~150 ms cold start against ~3 ms here (bench/coldstart.ts).
//
// Style: block mappings and sequences, sequences not indented under their key
// (as kubectl writes them), strings plain when every YAML 1.1 and 1.2 reader
// reads them back as the same string, double-quoted (JSON escapes are valid
// YAML) otherwise, and multi-line strings as literal blocks. Round trip is
// exact: parse(emitYAML(x)) deep-equals x (test/property/emit.test.ts).

/**
 * What one output has written of the maps and lists it met more than once
 * (per-node FRRConfigurations of nodes with the same sessions share one
 * spec.bgp): their lines, by indentation, kept from the second time on and
 * reused after, so 1,000 nodes' copies of one 1 MB block are written once
 * and copied. Objects met once are never kept (the output is not held).
 * One per output: the objects must not change while it is written.
 */
export class EmitCache {
  private readonly seen = new WeakSet<object>();
  private readonly lines = new WeakMap<object, Map<string, string[]>>();

  /** The lines of `v` at `indent` into `out`, from the cache when it has them. */
  block(v: Collection, indent: string, out: string[]): void {
    const known = this.lines.get(v)?.get(indent);
    // Stryker disable next-line ConditionalExpression,BlockStatement: equivalent: a cache (bench/scale.ts, per node, measures it); the lines written again are the same
    if (known) {
      for (const l of known) out.push(l);
      return;
    }
    // Stryker disable next-line ConditionalExpression,BooleanLiteral,BlockStatement: equivalent: a cache (bench/scale.ts, per node, measures it); the lines written again are the same
    if (!this.seen.has(v)) {
      this.seen.add(v);
      block(v, indent, out, this);
      return;
    }
    const start = out.length;
    block(v, indent, out, this);
    let byIndent = this.lines.get(v);
    // Stryker disable next-line ConditionalExpression: equivalent: a cache; a new map loses the lines kept at another indentation, which are then written again, the same
    if (!byIndent) this.lines.set(v, (byIndent = new Map()));
    byIndent.set(indent, out.slice(start));
  }
}

/** Text of `value` as a YAML document body (no `---`), ending in a newline. */
export function emitYAML(value: unknown, cache?: EmitCache): string {
  const lines: string[] = [];
  if (isCollection(value) && !isEmpty(value)) block(value, '', lines, cache);
  else lines.push(inline(value));
  return lines.join('\n') + '\n';
}

/** The value as an entry of a block sequence: "- first line" and the rest indented by two. */
export function emitSeqItem(value: unknown, cache?: EmitCache): string {
  return indentAsItem(emitYAML(value, cache));
}

/** Turns a block of lines into a sequence entry at column 0. */
export function indentAsItem(text: string): string {
  const lines = text.replace(/\n$/, '').split('\n');
  return lines.map((l, i) => (i === 0 ? `- ${l}` : l === '' ? '' : `  ${l}`)).join('\n') + '\n';
}

type Collection = Record<string, unknown> | unknown[];

function isCollection(v: unknown): v is Collection {
  return v !== null && typeof v === 'object';
}

function isEmpty(v: Collection): boolean {
  return Array.isArray(v) ? v.length === 0 : Object.keys(v).length === 0;
}

function block(v: Collection, indent: string, out: string[], cache?: EmitCache): void {
  const nested = (item: Collection, at: string) => (cache ? cache.block(item, at, out) : block(item, at, out));
  if (Array.isArray(v)) {
    for (const item of v) {
      if (isCollection(item) && !isEmpty(item)) {
        const start = out.length;
        nested(item, `${indent}  `);
        // The first line of the nested block moves up behind the dash.
        out[start] = `${indent}- ${out[start].slice(indent.length + 2)}`;
      } else if (typeof item === 'string' && isMultiline(item)) {
        out.push(`${indent}- ${literalHeader(item)}`);
        literalBody(item, `${indent}  `, out);
      } else {
        out.push(`${indent}- ${inline(item)}`);
      }
    }
    return;
  }
  for (const [key, item] of Object.entries(v)) {
    if (item === undefined) continue;
    const k = `${indent}${str(key)}:`;
    if (isCollection(item) && !isEmpty(item)) {
      out.push(k);
      nested(item, Array.isArray(item) ? indent : `${indent}  `);
    } else if (typeof item === 'string' && isMultiline(item)) {
      out.push(`${k} ${literalHeader(item)}`);
      literalBody(item, `${indent}  `, out);
    } else {
      out.push(`${k} ${inline(item)}`);
    }
  }
}

function inline(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return '[]';
  if (typeof v === 'object') return '{}';
  if (typeof v === 'string') return str(v);
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`cannot write ${v} as YAML`);
    return String(v);
  }
  return String(v);
}

// A string is written plain only when it is made of "safe" characters, does
// not start like YAML syntax, and no YAML 1.1 or 1.2 schema resolves it to
// another type (null, bool, int, float, timestamp).
const SAFE = /^(?:-+)?[A-Za-z0-9_./][A-Za-z0-9_./:=@+-]*(?: [A-Za-z0-9_./:=@+()-]+)*$/; // command-line flags (-c, --x=y) stay plain
const RESOLVES = new RegExp(
  [
    '^(?:~|null|Null|NULL|y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$',
    '^[-+]?(?:0b[01_]+|0o?[0-7_]+|0x[0-9a-fA-F_]+|[0-9][0-9_]*(?::[0-5]?[0-9])*(?:\\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?|\\.[0-9_]+(?:[eE][-+]?[0-9]+)?)$',
    '^[-+]?[0-9_]*\\.?[0-9_]*(?:[eE][-+]?[0-9]+)?$', // YAML 1.1 floats, even ".", "1." and "E0"
    '^[-+]?\\.(?:inf|Inf|INF)$|^\\.(?:nan|NaN|NAN)$',
    '^\\d{4}-\\d\\d?-\\d\\d?(?:[Tt ]|$)',
  ].join('|'),
);

function str(s: string): string {
  if (SAFE.test(s) && !RESOLVES.test(s) && !s.endsWith(':') && !s.includes(': ') && !s.startsWith('...')) return s;
  return JSON.stringify(s);
}

/** Written as a literal block: several lines of printable text whose first line does not start with a blank. */
function isMultiline(s: string): boolean {
  return s.includes('\n') && /\S/.test(s) && !/[^\n\t\x20-\x7e\u00a0-\ud7ff\ue000-\ufffd]/.test(s) && !/^[ \t\n]/.test(s) && !/[ \t]$/m.test(s);
}

function literalHeader(s: string): string {
  // Chomping: one final newline is the default (clip); none is "-"; more is "+".
  if (!s.endsWith('\n')) return '|-';
  return s.endsWith('\n\n') ? '|+' : '|';
}

function literalBody(s: string, indent: string, out: string[]): void {
  const body = literalHeader(s) === '|-' ? s : s.slice(0, -1);
  for (const line of body.split('\n')) out.push(line === '' ? '' : `${indent}${line}`);
}
