// Plain multi-document YAML streams (kubectl/kustomize/Argo CD style), for
// `metallb-frr build` (directories: dir.ts), `render` and the kustomize exec
// plugin. Documents keep their comments; `List` objects are unwrapped.
import { isMap, isScalar, isSeq, type Document, type YAMLMap } from 'yaml';
import type { KubeObject } from '../api/k8s.ts';
import { EmitCache, emitYAML } from './emit.ts';
import { DEPTH_PROBLEM, MAX_DEPTH, tooDeep } from './limits.ts';
import { splitSequence } from './split.ts';
import { afterDocumentStart, afterKey, rememberText } from './verbatim.ts';
import { holdsNothing, parseDocuments, yamlProblem } from './yaml.ts';
import { jsonElements, jsonMembers } from './jsontext.ts';
import { ALIAS_PROBLEM, hasAlias, hasNonFinite, InputError, jsonText, nodeText, piecesOf, unsupportedScalar } from './resourcelist.ts';

export interface StreamObject {
  obj: KubeObject;
  /** Where it came from, for messages: file path or "stdin", and document index. */
  source: string;
}

/**
 * Where the first object of a kind, namespace and name came from, for a
 * diagnostic naming it (one lookup per diagnostic, not a scan: 10^5 objects).
 */
export function sourceIndex(items: readonly StreamObject[]): (ref: { kind?: string; name?: string; namespace?: string } | undefined) => string | undefined {
  const key = (kind: unknown, namespace: unknown, name: unknown) => `${String(kind)}\0${typeof namespace === 'string' ? namespace : ''}\0${String(name)}`;
  const byKey = new Map<string, string>();
  for (const i of items) {
    const k = key(i.obj.kind, i.obj.metadata?.namespace, i.obj.metadata?.name);
    if (!byKey.has(k)) byKey.set(k, i.source);
  }
  return (ref) => (ref ? byKey.get(key(ref.kind, ref.namespace, ref.name)) : undefined);
}

/**
 * The objects of a YAML (or JSON) stream, `List`s unwrapped. Each object's
 * text as written is kept for formatStream (a document with aliases is
 * written resolved instead).
 *
 * Time and memory stay linear: the stream is cut into documents at their
 * `---` lines and a List's items are cut apart (split.ts), each parsed on its
 * own; JSON goes through JSON.parse. Any other layout, and any input with an
 * error (for the message and its position), is parsed whole.
 */
export function parseStream(text: string, source: string): StreamObject[] {
  return parseStreamInParts(text, source) ?? parseStreamWhole(text, source);
}

/** Texts of the objects read by parseStream, for formatStream. */
const texts = new WeakMap<object, string>();

/** The stream parsed whole (any layout): also the reference the parts are tested against. */
export function parseStreamWhole(text: string, source: string): StreamObject[] {
  const out: StreamObject[] = [];
  // Stryker disable next-line ObjectLiteral: equivalent: the yaml library's default is uniqueKeys: true (written out for the reader)
  const docs = parseDocuments(text, { uniqueKeys: true });
  // Where lines show the documents (the same cut as parseStreamInParts),
  // each document's text runs to the next `---`.
  const segments = splitDocuments(text);
  // Stryker disable next-line ConditionalExpression: equivalent as true: the counts differ only for a stream with no document (nothing to cut) or one with an error (refused whatever the texts)
  const cut = segments?.length === docs.length ? segments : undefined;
  docs.forEach((d, i) => {
    const where = `${source}${docs.length > 1 ? ` (document ${i + 1})` : ''}`;
    const from = cut ? cut[i][0] : i === 0 ? 0 : docs[i - 1].range[2];
    const regionStart = afterDocumentStart(text, from, (d.contents as YAMLMap | null)?.range?.[0] ?? d.range[0]);
    for (const o of documentObjects(d, text, regionStart, cut?.[i][1], where, { text, offset: 0 })) out.push(o);
  });
  return out;
}

/**
 * The objects of one parsed document: the document's root, or a List's
 * items. `regionStart`: where the comments above the root begin in `text`;
 * `regionEnd`: where the document's text ends, when known.
 */
function documentObjects(d: Document.Parsed, text: string, regionStart: number, regionEnd: number | undefined, where: string, whole: { text: string; offset: number }): StreamObject[] {
  if (d.errors.some((e) => e.code === 'RESOURCE_EXHAUSTION')) throw new InputError(`${where}: not accepted: ${DEPTH_PROBLEM}`);
  if (d.errors.length > 0) throw new InputError(`${where}: not valid YAML: ${yamlProblem(d.errors[0], text)}`);
  const root = d.contents;
  if (holdsNothing(d)) return [];
  if (!isMap(root)) throw new InputError(`${where}: expected a Kubernetes object, found a ${isSeq(root) ? 'list' : 'scalar'}`);
  const odd = unsupportedScalar(d as Document, text, whole.offset, whole.text);
  if (odd) throw new InputError(`${where}: not plain data: ${odd}`);
  let obj: KubeObject;
  try {
    obj = d.toJS() as KubeObject; // resolves aliases within the document
  } catch {
    throw new InputError(`${where}: ${ALIAS_PROBLEM}`);
  }
  const aliased = hasAlias(d);
  if (typeof obj.kind === 'string' && obj.kind.endsWith('List') && Array.isArray(obj.items)) {
    const items = root.get('items'); // a list comes as its node
    if (isSeq(items)) {
      let itemStart = afterKey(text, root.items.find((p) => isScalar(p.key) && p.key.value === 'items')?.key);
      // Without a known end the document runs to the text's end: a later document's marker there makes splitSequence refuse the cut.
      const split = splitSequence(text.slice(regionStart, regionEnd), 'items');
      const shifted = split && { ...split, pieces: split.pieces.map(([a, b]) => [a + regionStart, b + regionStart] as [number, number]) };
      const pieces = piecesOf(shifted, items.items);
      return items.items.map((n, j) => {
        const item = (obj.items as unknown[])[j];
        // A map's data is an object (toJS of the same node).
        if (!isMap(n)) throw new InputError(`${where}: items[${j}] is not an object`);
        if (!aliased && pieces) rememberText(n, text, pieces[j][0], pieces[j][1]);
        else if (!aliased && itemStart !== undefined) rememberText(n, text, itemStart);
        itemStart = n.range?.[2];
        return keep(check({ obj: item as KubeObject, source: `${where} items[${j}]` }), aliased ? undefined : nodeText(n));
      });
    }
  }
  if (aliased) return [keep(check({ obj, source: where }), undefined)];
  rememberText(root, text, regionStart, regionEnd);
  return [keep(check({ obj, source: where }), nodeText(root))];
}

function keep(s: StreamObject, text: string | undefined): StreamObject {
  if (text !== undefined) texts.set(s.obj, text);
  return s;
}

/**
 * The stream in parts (see parseStream): undefined when it does not fit
 * (the caller parses it whole). Messages of the errors it does throw (an
 * object without a name) are those of the whole parse.
 */
function parseStreamInParts(text: string, source: string): StreamObject[] | undefined {
  const trimmed = text.trimStart();
  // Stryker disable next-line ConditionalExpression,StringLiteral,MethodExpression: equivalent for '[': a JSON list is no object, and the YAML reader it goes back to says the same of one (too deep included); any text JSON.parse refuses goes back to the whole YAML parse, which reads it as the parts do
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) return parseJSONStream(text, source);
  const docs = splitDocuments(text);
  if (!docs) return undefined;
  const out: StreamObject[] = [];
  for (let i = 0; i < docs.length; i++) {
    const docText = text.slice(docs[i][0], docs[i][1]);
    const where = `${source}${docs.length > 1 ? ` (document ${i + 1})` : ''}`;
    // Stryker disable next-line LogicalOperator: equivalent as &&: a List read as one document is unwrapped into the same items, and undefined parses the whole
    const objs = listInParts(docText, where) ?? documentInParts(docText, where, { text, offset: docs[i][0] });
    if (!objs) return undefined;
    for (const o of objs) out.push(o);
  }
  return out;
}

function documentInParts(docText: string, where: string, whole: { text: string; offset: number }): StreamObject[] | undefined {
  // At most one document: splitDocuments cut the text at its `---` lines and takes none with other markers.
  // Stryker disable next-line ObjectLiteral: equivalent: the yaml library's default is uniqueKeys: true (written out for the reader)
  const parsed = parseDocuments(docText, { uniqueKeys: true });
  // Stryker disable next-line ConditionalExpression,MethodExpression,EqualityOperator: equivalent in output: at most one document, and undefined only sends the text to the whole parse, which reads it the same
  if (parsed.some((d) => d.errors.length > 0)) return undefined;
  if (parsed.length === 0) return [];
  const d = parsed[0];
  return documentObjects(d, docText, afterDocumentStart(docText, 0, (d.contents as YAMLMap | null)?.range?.[0] ?? d.range[0]), docText.length, where, whole);
}

/** A List document cut into its items (split.ts); undefined when it is not one or does not fit. */
function listInParts(docText: string, where: string): StreamObject[] | undefined {
  // Stryker disable next-line StringLiteral: equivalent in output: the document is then read whole, which reads it the same (test/property/split.test.ts); only memory differs
  const split = splitSequence(docText, 'items');
  if (!split) return undefined;
  // One document (no markers: splitSequence takes none), whose `items:` is left empty by the cut.
  // Stryker disable next-line MethodExpression,ObjectLiteral: equivalent in output: the document is then read whole, which reads it the same (test/property/split.test.ts); only memory differs (a skeleton holding the items twice has repeated keys); uniqueKeys: true is the library's default
  const skeleton = parseDocuments(`${docText.slice(0, split.start)}\n${docText.slice(split.end)}`, { uniqueKeys: true })[0];
  // Stryker disable next-line EqualityOperator: equivalent in output: the document is then read whole, which reads it the same (test/property/split.test.ts); only memory differs
  if (skeleton.errors.length > 0 || hasAlias(skeleton)) return undefined;
  const root = skeleton.contents;
  // Stryker disable next-line ConditionalExpression,BooleanLiteral: unreachable: a text with a key at column 0 and no error is a map
  if (!isMap(root)) return undefined;
  // Stryker disable next-line StringLiteral: equivalent in output: the document is then read whole, which reads it the same (test/property/split.test.ts); only memory differs
  const kind: unknown = root.get('kind');
  if (typeof kind !== 'string' || !kind.endsWith('List')) return undefined;
  const out: StreamObject[] = [];
  for (let j = 0; j < split.pieces.length; j++) {
    // Stryker disable next-line MethodExpression: equivalent in output: the document is then read whole, which reads it the same (test/property/split.test.ts); only memory differs (the whole document is no list of one item)
    const piece = docText.slice(split.pieces[j][0], split.pieces[j][1]);
    // Stryker disable next-line ObjectLiteral: equivalent: the yaml library's default is uniqueKeys: true (written out for the reader)
    const parsed = parseDocuments(piece, { uniqueKeys: true }, MAX_DEPTH - 1); // one level less: the List's root map
    const d = parsed[0];
    // Stryker disable next-line EqualityOperator: equivalent in output: the document is then read whole, which reads it the same (test/property/split.test.ts); only memory differs
    if (d.errors.length > 0) return undefined;
    // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator: equivalent: checks of split.ts's cut (one document, a list of one item); failing one only falls back to the whole parse
    if (parsed.length !== 1 || !isSeq(d.contents) || d.contents.items.length !== 1) return undefined;
    const n = d.contents.items[0];
    if (!isMap(n) || hasAlias(d) || unsupportedScalar(d) !== undefined) return undefined;
    const obj = n.toJSON() as KubeObject;
    // Any problem: the whole document says which comes first.
    // Stryker disable next-line EqualityOperator: equivalent in output: the document is then read whole, which reads it the same (test/property/split.test.ts); only memory differs
    if (missingFields(obj).length > 0) return undefined;
    rememberText(n, piece, 0, piece.length);
    out.push(keep({ obj, source: `${where} items[${j}]` }, nodeText(n)));
  }
  return out;
}

/** A JSON stream: one object (a List unwrapped); undefined when JSON.parse refuses it (YAML flow, perhaps). */
function parseJSONStream(text: string, source: string): StreamObject[] | undefined {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (tooDeep(data)) throw new InputError(`${source}: not accepted: ${DEPTH_PROBLEM}`);
  // The text starts with { or [: an object or a list. The YAML reader says what is wrong with a list.
  if (Array.isArray(data) || hasNonFinite(data)) return undefined;
  const obj = data as KubeObject;
  if (typeof obj.kind === 'string' && obj.kind.endsWith('List') && Array.isArray(obj.items)) {
    const itemsAt = jsonMembers(text).get('items');
    const elements = itemsAt ? jsonElements(text, itemsAt[0]) : [];
    return obj.items.map((item, j) => {
      if (item === null || typeof item !== 'object' || Array.isArray(item)) throw new InputError(`${source}: items[${j}] is not an object`);
      const s = check({ obj: item as KubeObject, source: `${source} items[${j}]` });
      // Stryker disable next-line ConditionalExpression: unreachable: the scan finds every element JSON.parse read (the check guards against a scanner bug)
      const at = elements.length === (obj.items as unknown[]).length ? elements[j] : undefined;
      // Stryker disable next-line StringLiteral: unreachable: the scan finds every element JSON.parse read (the fallback guards against a scanner bug)
      return keep(s, at ? jsonText(text.slice(at[0], at[1]), item) : JSON.stringify(item) + '\n');
    });
  }
  return [keep(check({ obj, source }), jsonText(text.trim(), obj))];
}

/**
 * The documents of a stream, cut at its `---` lines: [from, to) each, from
 * just after the marker. Undefined where lines do not show the structure:
 * directives, content after a marker (`--- |`), document end markers.
 */
function splitDocuments(text: string): Array<[number, number]> | undefined {
  if (/^(%|\.\.\.(\s|$))|^---[ \t]*[^\s#]/m.test(text)) return undefined;
  const docs: Array<[number, number]> = [];
  const marker = /^---(?=[ \t]*(#[^\n]*)?$)/gm;
  let from = 0;
  let m: RegExpExecArray | null;
  while ((m = marker.exec(text)) !== null) {
    docs.push([from, m.index]);
    from = m.index + 3;
  }
  docs.push([from, text.length]);
  // Before the first marker, only comments and blank lines: no document (nor is such a text without markers).
  if (/^([^\S\n]*(#[^\n]*)?\n)*$/.test(text.slice(docs[0][0], docs[0][1]))) docs.shift();
  return docs;
}

function check(s: StreamObject): StreamObject {
  const missing = missingFields(s.obj);
  if (missing.length > 0) throw new InputError(`${s.source}: not a Kubernetes object (no ${missing.join(', ')})`);
  return s;
}

function missingFields(o: KubeObject): string[] {
  const missing = ['apiVersion', 'kind'].filter((k) => typeof o[k] !== 'string' || o[k] === '');
  if (typeof o.metadata?.name !== 'string' || o.metadata.name === '') missing.push('metadata.name');
  return missing;
}

/** A `---`-separated stream: objects read by parseStream as they were written, others (generated data) by the plain-data writer. */
export function formatStream(objects: object[]): string {
  return [...streamTexts(objects)].join('');
}

/**
 * formatStream's text object by object, each written only when asked for: a
 * large output (1,000 nodes' configurations of 5,000 services each) is more
 * than one string can hold (V8: 2^29 characters), so the writer takes it
 * piece by piece and never joins it.
 */
export function* streamTexts(objects: readonly object[]): Generator<string> {
  const cache = new EmitCache();
  for (let i = 0; i < objects.length; i++) yield (i > 0 ? '---\n' : '') + (texts.get(objects[i]) ?? emitYAML(objects[i], cache));
}
