// Reading and writing a KRM ResourceList (config.kubernetes.io/v1) with the
// `yaml` library, every input item written back as its text was (its
// comments, key order, quoting and annotations byte for byte: verbatim.ts),
// big lists read in parts (split.ts). (The kpt-functions SDK is not used
// here: it sorts items, drops comments and speaks YAML 1.1.)
import { Document, isMap, isScalar, isSeq, visit, YAMLMap, type ToStringOptions } from 'yaml';
import { EmitCache, emitSeqItem, indentAsItem } from './emit.ts';
import { hasDuplicateKeys, jsonElements, jsonMembers } from './jsontext.ts';
import { DEPTH_PROBLEM, MAX_DEPTH, tooDeep } from './limits.ts';
import { splitSequence, type SplitSequence } from './split.ts';
import { afterKey, rememberText, verbatimText } from './verbatim.ts';
import { holdsNothing, parseDocuments, shortQuote, yamlProblem } from './yaml.ts';
import { oneLine } from '../api/diagnostic.ts';
import type { KubeObject } from '../api/k8s.ts';

export const RESOURCE_LIST_API_VERSION = 'config.kubernetes.io/v1';

/** Annotations tools use to say where an item lives; kpt writes both spellings. */
export const PATH_ANNOTATIONS = ['internal.config.kubernetes.io/path', 'config.kubernetes.io/path'] as const;
export const INDEX_ANNOTATIONS = ['internal.config.kubernetes.io/index', 'config.kubernetes.io/index'] as const;
export const LOCAL_CONFIG_ANNOTATION = 'config.kubernetes.io/local-config';

export interface Item {
  /** The item as plain data. */
  obj: KubeObject;
  /**
   * Its text as an entry of the output's `items:` (`- ...`), as the user
   * wrote it (verbatim.ts). For the rare item that cannot be cut from the
   * source, printed instead.
   */
  entry: string;
  /** Position in the input's items. */
  position: number;
}

export interface ResourceList {
  items: Item[];
  functionConfig?: KubeObject;
  /** The functionConfig's text at column 0 (comments kept). */
  functionConfigText?: string;
}

/** Input that is not a ResourceList at all: one clear sentence (one line), no stack. */
export class InputError extends Error {
  /** Diagnostic lines that say more (each one line already), printed after the message. */
  readonly details: readonly string[];
  constructor(message: string, details: readonly string[] = []) {
    super(oneLine(message));
    this.details = details.map(oneLine);
  }
  /** The message and its details as stderr lines. */
  lines(): string {
    return [`error: ${this.message}`, ...this.details].map((l) => `${l}\n`).join('');
  }
}

const NOT_A_LIST = `expected a ${RESOURCE_LIST_API_VERSION} ResourceList on stdin`;

/**
 * Parses stdin: a ResourceList in YAML or JSON. Throws InputError.
 *
 * Time and memory stay linear in the input: JSON is read with JSON.parse;
 * YAML laid out as tools write it (`items:` a block sequence) is cut into
 * items first (splitSequence) and each item parsed on its own, keeping only
 * its data and text, so the `yaml` library's document model never holds the
 * whole list (it takes ~80 times the input's size). Any other layout, and
 * any input with an error (for the message and its position), is parsed
 * whole.
 */
export function parseResourceList(text: string): ResourceList {
  if (text.trim() === '') throw new InputError(`no input: ${NOT_A_LIST}`);
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) return parseJSONList(text);
  // Stryker disable next-line StringLiteral: equivalent in output: the whole parse reads every input as the parts do (test/property/split.test.ts); only memory differs, which `npm run bench` checks
  const split = splitSequence(text, 'items');
  // Stryker disable next-line ConditionalExpression: equivalent in output, as above: never reading in parts only costs memory
  return (split && parseSplitList(text, split)) || parseWholeList(text);
}

function parseJSONList(text: string): ResourceList {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    // V8's message quotes the input around the error: only the position is kept.
    const at = /at position (\d+)/.exec((e as Error).message);
    throw new InputError(`input is not valid JSON${at ? ` (${lineColumn(text, Number(at[1]))})` : ''}`);
  }
  if (tooDeep(data)) throw new InputError(`input is not accepted: ${DEPTH_PROBLEM}`);
  if (hasNonFinite(data)) throw new InputError(`input is not plain data: ${NON_FINITE}`);
  // The text starts with { or [: JSON.parse gave an object or a list.
  if (Array.isArray(data)) throw new InputError(`input is a ${describeValue(data)}, not a ${RESOURCE_LIST_API_VERSION} ResourceList`);
  const root = data as Record<string, unknown>;
  checkHead(root.apiVersion, root.kind);
  const rawItems = root.items ?? [];
  if (!Array.isArray(rawItems)) throw new InputError('ResourceList.items must be a list');
  // Written back as written: each item's JSON text (a YAML flow mapping).
  const members = jsonMembers(text);
  const itemsAt = members.get('items');
  const elements = itemsAt ? jsonElements(text, itemsAt[0]) : [];
  // Stryker disable next-line StringLiteral: unreachable: the scan finds every member and element JSON.parse read (the fallback guards against a scanner bug)
  const textOf = (at: [number, number] | undefined, value: unknown) => (at ? jsonText(text.slice(at[0], at[1]), value) : JSON.stringify(value) + '\n');
  const items = rawItems.map((v, position) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new InputError(`ResourceList.items[${position}] is a ${describeValue(v)}, not a Kubernetes object`);
    const obj = checkItem(v as KubeObject, position);
    // Stryker disable next-line ConditionalExpression: unreachable: the scan finds every element JSON.parse read (the check guards against a scanner bug)
    return { obj, entry: indentAsItem(textOf(elements.length === rawItems.length ? elements[position] : undefined, obj)), position };
  });
  const fc = root.functionConfig;
  if (fc === undefined || fc === null) return { items };
  if (typeof fc !== 'object' || Array.isArray(fc)) throw new InputError(`ResourceList.functionConfig is a ${describeValue(fc)}, not an object`);
  return { items, functionConfig: fc as KubeObject, functionConfigText: textOf(members.get('functionConfig'), fc) };
}

/**
 * A JSON value's text as it goes into YAML output: as written, unless it
 * would read differently as YAML (a line indented with a tab; a CR, which
 * YAML takes for a line break; a repeated key, which YAML refuses where
 * JSON.parse keeps the last), then printed on one line.
 */
export function jsonText(slice: string, value: unknown): string {
  return /\r|\n[ ]*\t/.test(slice) || hasDuplicateKeys(slice) ? JSON.stringify(value) + '\n' : slice + '\n';
}

/** The whole text as one YAML document (any layout; exact messages): also the reference the cut path is tested against. */
export function parseWholeList(text: string): ResourceList {
  const doc = singleDocument(text);
  const root = checkRoot(doc, text);
  // A scalar comes as its value, and null (`items:`, `items: ~`) as undefined.
  const itemsNode: unknown = root.get('items');
  const items: Item[] = [];
  if (itemsNode !== undefined) {
    if (!isSeq(itemsNode)) throw new InputError('ResourceList.items must be a list');
    itemsNode.items.forEach((n, position) => {
      if (!isMap(n)) throw new InputError(`ResourceList.items[${position}] is a ${describeNode(n)}, not a Kubernetes object`);
      // Stryker disable next-line StringLiteral: equivalent: a placeholder, every item's entry is set below
      items.push({ obj: checkItem(n.toJSON() as KubeObject, position), entry: '', position });
    });
    // Each item's text: its piece when the list is laid out as tools write
    // it (split.ts, the same cut as parseSplitList), else from the previous
    // item (or `items:`) to the end of its node; comments above its first
    // key included.
    const pieces = piecesOf(splitSequence(text, 'items'), itemsNode.items);
    let regionStart = afterKey(text, keyNode(root, 'items'));
    itemsNode.items.forEach((n, i) => {
      if (pieces) rememberText(n, text, pieces[i][0], pieces[i][1]);
      else if (regionStart !== undefined) rememberText(n, text, regionStart);
      regionStart = (n as YAMLMap).range?.[2];
      if (i === 0 && itemsNode.commentBefore && !(n as YAMLMap).commentBefore) (n as YAMLMap).commentBefore = itemsNode.commentBefore;
      items[i].entry = indentAsItem(nodeText(n as YAMLMap));
    });
  }
  return { items, ...functionConfigOf(root, text) };
}

/**
 * The list cut into items (splitSequence): the rest (apiVersion, kind,
 * functionConfig) parsed whole, each item on its own. Undefined when
 * anything does not fit (an error, an alias, a node the cut cannot hold):
 * the caller parses the whole text, which says what is wrong and where.
 */
function parseSplitList(text: string, split: SplitSequence): ResourceList | undefined {
  const skeleton = `${text.slice(0, split.start)}\n${text.slice(split.end)}`;
  // One document: splitSequence takes no text with document markers, and the skeleton keeps `items:`.
  // Stryker disable next-line ObjectLiteral: equivalent: the yaml library's default is uniqueKeys: true (written out for the reader)
  const head = parseDocuments(skeleton, { uniqueKeys: true })[0];
  // Each piece read, its problems kept: the first error is then the one
  // the whole text would give (parseWholeList's order: depth, syntax,
  // aliases, odd values in document order, the kind, then each item).
  // Stryker disable next-line ConditionalExpression,ArrowFunction: equivalent as false: the depth error then makes the whole text be parsed (below), which says the same
  let tooDeep = head.errors.some((e) => e.code === 'RESOURCE_EXHAUSTION');
  let alias = !tooDeep && hasAlias(head);
  let odd: string | undefined;
  let itemProblem: string | undefined;
  const items: Item[] = [];
  for (let position = 0; position < split.pieces.length; position++) {
    const [from, to] = split.pieces[position];
    const piece = text.slice(from, to);
    // Parsed as a list of one item: one level of the whole (the root map) less.
    // One document: a piece holds one item and no document markers.
    // Stryker disable next-line ObjectLiteral: equivalent: the yaml library's default is uniqueKeys: true (written out for the reader)
    const d = parseDocuments(piece, { uniqueKeys: true }, MAX_DEPTH - 1)[0];
    // Stryker disable next-line BlockStatement,ConditionalExpression,ArrowFunction: equivalent: without it (or never taken) the whole text is parsed instead, which says the same (this only spares that parse)
    if (d.errors.some((e) => e.code === 'RESOURCE_EXHAUSTION')) {
      tooDeep = true;
      continue;
    }
    // Stryker disable next-line EqualityOperator: equivalent in output as >=: every list is then parsed whole, which reads the same (test/property/split.test.ts); only memory differs
    if (d.errors.length > 0) return undefined; // a syntax error: its words and place come from the whole text
    // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator: equivalent: checks of split.ts's cut (a list of one item); failing one only falls back to the whole parse
    if (!isSeq(d.contents) || d.contents.items.length !== 1) return undefined;
    // From here on a piece only adds to what is said after the loop, where depth, then an alias, then odd values come first: these spare that work.
    // Stryker disable next-line ConditionalExpression: equivalent as false: the depth problem is thrown after the loop whatever the items hold
    if (tooDeep) continue;
    alias ||= hasAlias(d);
    // Stryker disable next-line ConditionalExpression: equivalent as false: the alias is refused after the loop whatever the items hold
    if (alias) continue;
    const pieceOdd = oddScalar(d);
    if (pieceOdd && odd === undefined) odd = describeOdd(pieceOdd, (offset) => lineColumn(text, from + offset));
    // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent as false: an odd value is thrown after the loop before any item problem
    if (odd !== undefined) continue;
    if (itemProblem !== undefined) continue;
    const n = d.contents.items[0];
    if (!isMap(n)) {
      itemProblem = `ResourceList.items[${position}] is a ${describeNode(n)}, not a Kubernetes object`;
      continue;
    }
    const obj = n.toJSON() as KubeObject;
    if (missingFields(obj).length > 0) {
      itemProblem = itemMessage(obj, position);
      continue;
    }
    items.push({ obj, entry: asEntry(piece) ?? (rememberText(n, piece, 0, piece.length), indentAsItem(nodeText(n))), position });
  }
  if (tooDeep) throw new InputError(`input is not accepted: ${DEPTH_PROBLEM}`);
  // Stryker disable next-line EqualityOperator: equivalent in output as >=: every list is then parsed whole, which reads the same; only memory differs
  if (head.errors.length > 0) return undefined;
  if (alias) throw new InputError('input uses a YAML alias (*name): aliases are not supported in a ResourceList');
  // Odd values of the rest: those before the items come first, those after last.
  // Stryker disable next-line EqualityOperator: equivalent: no value starts at split.start, where the skeleton holds the newline the cut put there
  const toText = (offset: number) => (offset <= split.start ? offset : offset - 1 + (split.end - split.start));
  const restOdd = oddScalar(head);
  // Stryker disable next-line ConditionalExpression: unreachable as false: only an untagged value of no JSON type has no place, and YAML's core schema reads none
  const headOdd = restOdd && (restOdd.offset === undefined ? restOdd : { ...restOdd, offset: toText(restOdd.offset) });
  // Stryker disable next-line EqualityOperator: equivalent, as above: no value starts at split.start
  const firstOdd = headOdd && (headOdd.offset === undefined || headOdd.offset < split.start || odd === undefined) ? headOdd : undefined;
  if (firstOdd) throw new InputError(`input is not plain data: ${describeOdd(firstOdd, (offset) => lineColumn(text, offset))}`);
  if (odd !== undefined) throw new InputError(`input is not plain data: ${odd}`);
  const root = head.contents;
  // Stryker disable next-line ConditionalExpression,BooleanLiteral: unreachable: a text with a key at column 0 and no error is a map
  if (!isMap(root)) return undefined;
  checkHead(root.get('apiVersion'), root.get('kind'));
  // The cut left `items:` empty.
  if (itemProblem !== undefined) throw new InputError(itemProblem);
  return { items, ...functionConfigOf(root, skeleton) };
}

/** The one document of a YAML text, or an InputError saying why not. */
function singleDocument(text: string): Document {
  // Stryker disable next-line ObjectLiteral: equivalent: the yaml library's default is uniqueKeys: true (written out for the reader)
  const docs = parseDocuments(text, { uniqueKeys: true });
  const real = docs.filter((d) => d.errors.length > 0 || !holdsNothing(d));
  for (const d of real) {
    if (d.errors.some((e) => e.code === 'RESOURCE_EXHAUSTION')) throw new InputError(`input is not accepted: ${DEPTH_PROBLEM}`);
    if (d.errors.length > 0) throw new InputError(`input is not valid YAML: ${yamlProblem(d.errors[0], text)}`);
  }
  if (real.length === 0) throw new InputError(`no input: ${NOT_A_LIST}`);
  if (real.length > 1) {
    throw new InputError(`input has ${real.length} YAML documents: expected a single ${RESOURCE_LIST_API_VERSION} ResourceList (for a plain stream of manifests use "metallb-frr build -")`);
  }
  return real[0] as Document;
}

/** The root map of a ResourceList document: plain data, no aliases, the right kind. */
function checkRoot(doc: Document, text: string): YAMLMap {
  const root = doc.contents;
  if (!isMap(root)) throw new InputError(`input is a ${describeNode(root)}, not a ${RESOURCE_LIST_API_VERSION} ResourceList`);
  // Items are written back one by one, so an alias could lose its anchor;
  // tools that write ResourceLists (kpt, kustomize) never use them. The
  // alias's name is not repeated: an unquoted value starting with * (a
  // password, say) is read as one.
  if (hasAlias(doc)) throw new InputError('input uses a YAML alias (*name): aliases are not supported in a ResourceList');
  const odd = unsupportedScalar(doc, text);
  if (odd) throw new InputError(`input is not plain data: ${odd}`);
  checkHead(root.get('apiVersion'), root.get('kind'));
  return root;
}

function checkHead(apiVersion: unknown, kind: unknown): void {
  if (kind !== 'ResourceList' || typeof apiVersion !== 'string' || !/^config\.kubernetes\.io\/v1(alpha1|beta1)?$/.test(apiVersion)) {
    const what = typeof kind === 'string' ? `${typeof apiVersion === 'string' ? nameLike(apiVersion) : '<no apiVersion>'} ${nameLike(kind)}` : 'an object without a kind';
    throw new InputError(`input is ${what}, not a ${RESOURCE_LIST_API_VERSION} ResourceList`);
  }
}

function missingFields(obj: KubeObject): string[] {
  const missing = ['apiVersion', 'kind'].filter((k) => typeof obj[k] !== 'string' || obj[k] === '');
  if (typeof obj.metadata?.name !== 'string' || obj.metadata.name === '') missing.push('metadata.name');
  return missing;
}

function checkItem(obj: KubeObject, position: number): KubeObject {
  if (missingFields(obj).length > 0) throw new InputError(itemMessage(obj, position));
  return obj;
}

function itemMessage(obj: KubeObject, position: number): string {
  return `ResourceList.items[${position}]${hint(obj)} has no ${missingFields(obj).join(', ')}: every item must be a Kubernetes object`;
}

function functionConfigOf(root: YAMLMap, text: string): { functionConfig?: KubeObject; functionConfigText?: string } {
  const fcNode = root.get('functionConfig', true);
  if (fcNode === undefined || (isScalar(fcNode) && fcNode.value === null)) return {};
  if (!isMap(fcNode)) throw new InputError(`ResourceList.functionConfig is a ${describeNode(fcNode)}, not an object`);
  const fcStart = afterKey(text, keyNode(root, 'functionConfig'));
  if (fcStart !== undefined) rememberText(fcNode, text, fcStart);
  return { functionConfig: fcNode.toJSON() as KubeObject, functionConfigText: nodeText(fcNode) };
}

/**
 * A piece that is already an entry as it will be written (`- ` at column 0,
 * the rest indented by two, no comment above the dash): itself, not a copy
 * (10^5 items). Undefined otherwise: the piece is cut and indented.
 * Exported for its tests.
 */
export function asEntry(piece: string): string | undefined {
  // The map right after the dash (no comment, tag or anchor before it).
  if (!/^- [\w"'{]/.test(piece)) return undefined;
  // A newline at the end.
  // Stryker disable next-line ConditionalExpression,StringLiteral: equivalent as false (or ''): without one the loop below refuses the piece too (past the last line indexOf gives -1, and the dash at 0 is no two spaces)
  if (!piece.endsWith('\n')) return undefined;
  // Every other line empty, or two spaces and more (cutting turns a line of
  // exactly two spaces into an empty one).
  for (let i = piece.indexOf('\n'); i < piece.length - 1; i = piece.indexOf('\n', i + 1)) {
    if (piece[i + 1] === '\n') continue;
    if (!piece.startsWith('  ', i + 1) || piece[i + 3] === '\n') return undefined;
  }
  return piece;
}

/** The pieces of a split, when they are the nodes' (each node starts inside its piece). */
export function piecesOf(split: SplitSequence | undefined, nodes: unknown[]): Array<[number, number]> | undefined {
  if (!split || split.pieces.length !== nodes.length) return undefined;
  const fits = nodes.every((n, i) => {
    const at = (n as YAMLMap | null)?.range?.[0] ?? NaN; // no place: it fits no piece
    return at >= split.pieces[i][0] && at < split.pieces[i][1];
  });
  return fits ? split.pieces : undefined;
}

function keyNode(map: YAMLMap, key: string): unknown {
  return map.items.find((p) => isScalar(p.key) && p.key.value === key)?.key;
}

/** Whether a YAML document uses an alias (`*name`). */
export function hasAlias(doc: Document): boolean {
  let found = false;
  visit(doc, {
    Alias() {
      found = true;
      return visit.BREAK;
    },
  });
  return found;
}

export interface ResultEntry {
  message: string;
  severity: string;
  resourceRef?: Record<string, string>;
  field?: { path: string };
  file?: { path: string; index?: number };
}

/**
 * Serialises the output ResourceList: `keep` (input items, untouched, in input
 * order) followed by `add` (new objects), the functionConfig, and `results`.
 * Input items are written as they were read (Item.entry); generated data by
 * the plain-data writer (emit.ts).
 */
export function formatResourceList(rl: ResourceList, keep: Item[], add: object[], results: ResultEntry[]): string {
  return [...resourceListTexts(rl, keep, add, results)].join('');
}

/**
 * formatResourceList's text item by item, each written only when asked for
 * (see streamTexts in stream.ts: a large output is never one string).
 */
export function* resourceListTexts(rl: ResourceList, keep: readonly Item[], add: readonly object[], results: readonly ResultEntry[]): Generator<string> {
  yield `apiVersion: ${RESOURCE_LIST_API_VERSION}\nkind: ResourceList\n`;
  yield keep.length + add.length === 0 ? 'items: []\n' : 'items:\n';
  for (const it of keep) yield it.entry;
  const cache = new EmitCache();
  for (const o of add) yield emitSeqItem(o, cache);
  if (rl.functionConfigText !== undefined) yield 'functionConfig:\n' + indentLines(rl.functionConfigText, '  ');
  if (results.length > 0) yield 'results:\n';
  for (const r of results) yield emitSeqItem(r);
}

/** Indents every non-empty line (lines end at '\n' only). */
function indentLines(text: string, pad: string): string {
  return text
    .split('\n')
    .map((l) => (l === '' ? l : pad + l))
    .join('\n');
}

/**
 * One input node as YAML text: as the user wrote it (verbatim.ts), or, for
 * JSON input and what cannot be cut from the source, printed by the `yaml`
 * library. A map's head comment comes out first, so that as a sequence entry
 * it sits after the dash (`- # comment`), where kpt writes it; above the dash
 * kpt would read it twice and double it on every render.
 */
export function nodeText(node: YAMLMap): string {
  const verbatim = verbatimText(node);
  if (verbatim !== undefined) return verbatim;
  const doc = new Document();
  doc.contents = node;
  return doc.toString(TO_STRING);
}

/** Block-style YAML, no line folding: the same input gives the same bytes. */
export const TO_STRING: ToStringOptions = { lineWidth: 0, indentSeq: false, flowCollectionPadding: false };

/** What each of YAML's own scalar tags promises, and how the value must look (!!str always reads as a string). */
const TAG_TYPES: Record<string, [string, (v: unknown) => boolean]> = {
  'tag:yaml.org,2002:int': ['an integer', (v) => Number.isInteger(v)],
  'tag:yaml.org,2002:float': ['a number', (v) => typeof v === 'number'],
  'tag:yaml.org,2002:bool': ['true or false', (v) => typeof v === 'boolean'],
  'tag:yaml.org,2002:null': ['null', (v) => v === null],
};

/**
 * Kubernetes objects hold strings, numbers, booleans and null (JSON). A tag
 * that makes the parser build something else (`!!timestamp`, `!!binary`) is
 * refused here rather than failing on output, and so is a value its own tag
 * contradicts (`!!int 10.0.0.1`, which the parser keeps as a string but
 * kubectl refuses) and a number JSON cannot hold (`.nan`, `.inf`). The
 * message says where in `whole` (`doc` read from its part at `offset`),
 * never the value.
 */
export function unsupportedScalar(doc: Document, text?: string, offset = 0, whole = text): string | undefined {
  const odd = oddScalar(doc);
  return odd && describeOdd(odd, whole === undefined ? undefined : (at) => lineColumn(whole, offset + at));
}

interface OddScalar {
  what: string;
  /** Where it is in the document's text; absent when its message names no place. */
  offset?: number;
}

/** The first scalar, in document order, unsupportedScalar refuses. */
function oddScalar(doc: Document): OddScalar | undefined {
  let found: OddScalar | undefined;
  visit(doc, {
    Scalar(_, s) {
      const v = s.value;
      const typed = s.tag ? TAG_TYPES[s.tag] : undefined;
      if (typed && !typed[1](v)) found = { what: `a value tagged ${shortTag(s.tag!)} is not ${typed[0]}`, offset: s.range?.[0] };
      else if (typeof v === 'number' && !Number.isFinite(v)) found = { what: NON_FINITE, offset: s.range?.[0] };
      else if (!(v === null || ['string', 'number', 'boolean'].includes(typeof v))) {
        // Stryker disable next-line StringLiteral: unreachable: YAML 1.2's core schema reads every untagged scalar as a string, number, boolean or null
        const tag = s.tag ?? '(untagged)';
        found = { what: `a value tagged ${tag} is not a string, number or boolean` };
      } else return;
      return visit.BREAK;
    },
  });
  return found;
}

function describeOdd(odd: OddScalar, where?: (offset: number) => string): string {
  return odd.offset !== undefined && where ? `${odd.what} (${where(odd.offset)})` : odd.what;
}

/** One of YAML's own tags (TAG_TYPES) as written: tag:yaml.org,2002:int is !!int. */
function shortTag(tag: string): string {
  return `!!${tag.slice('tag:yaml.org,2002:'.length)}`;
}

/**
 * What to say when resolving a document's aliases fails (an alias without an
 * anchor, too many aliases). The parser's own message names the alias, which
 * may be a value (an unquoted password starting with *), so it is not used.
 */
export const ALIAS_PROBLEM = 'a YAML alias (*name) has no anchor in this document, or there are too many aliases';

/** What a value of JSON.parse's is, never the value itself. */
function describeValue(v: unknown): string {
  if (Array.isArray(v)) return 'list';
  if (v === null) return 'null value';
  return typeof v;
}

const NON_FINITE = 'a number that JSON cannot hold (.nan, .inf)';

/** Whether plain data holds a number JSON cannot (JSON.parse gives Infinity for 1e400). */
export function hasNonFinite(value: unknown): boolean {
  const stack = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'number' && !Number.isFinite(v)) return true;
    if (v !== null && typeof v === 'object') for (const c of Object.values(v)) stack.push(c);
  }
  return false;
}

/** What a node is, never its value (a plain string item may be a whole Secret). */
function describeNode(n: unknown): string {
  if (isSeq(n)) return 'list';
  if (isScalar(n)) return n.value === null ? 'null value' : typeof n.value;
  // Stryker disable next-line StringLiteral: unreachable: a document's root or a list's item that is no map is a list or a scalar (an alias is refused before)
  return 'value of an unexpected kind';
}

/** "line L, column C" of an offset. */
function lineColumn(text: string, offset: number): string {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return `line ${line}, column ${offset - start + 1}`;
}

/** A kind, apiVersion or name for a message: as is when it looks like one, else a short quote. */
function nameLike(s: string): string {
  return /^[\w.\/-]{1,100}$/.test(s) ? s : shortQuote(s);
}

function hint(o: KubeObject): string {
  const bits = [o.kind, o.metadata?.name].filter((x): x is string => typeof x === 'string' && x !== '').map(nameLike);
  return bits.length ? ` (${bits.join(' ')})` : '';
}

/** Reads a string annotation of an item, or undefined. */
export function annotation(o: KubeObject, key: string): string | undefined {
  const v = o.metadata?.annotations?.[key];
  return typeof v === 'string' ? v : undefined;
}

/** Where an item came from, as kpt records it. */
export function fileOf(o: KubeObject): { path: string; index?: number } | undefined {
  const path = PATH_ANNOTATIONS.map((k) => annotation(o, k)).find((v) => v !== undefined);
  if (path === undefined) return undefined;
  const idx = INDEX_ANNOTATIONS.map((k) => annotation(o, k)).find((v) => v !== undefined);
  const index = idx !== undefined && /^\d+$/.test(idx) ? Number(idx) : undefined;
  return index === undefined ? { path } : { path, index };
}
