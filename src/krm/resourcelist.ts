// Reading and writing a KRM ResourceList (config.kubernetes.io/v1) with the
// `yaml` library's Document model, so that every input item keeps its
// comments, key order, quoting and annotations byte for byte where the
// function leaves it alone. (The kpt-functions SDK is not used here: it sorts
// items, drops comments and speaks YAML 1.1.)
import { Document, isMap, isScalar, isSeq, visit, YAMLMap, YAMLSeq, type ToStringOptions } from 'yaml';
import { emitSeqItem, indentAsItem } from './emit.ts';
import { DEPTH_PROBLEM, tooDeep } from './limits.ts';
import { afterKey, rememberText, verbatimText } from './verbatim.ts';
import { parseDocuments, shortQuote, yamlProblem } from './yaml.ts';
import { oneLine } from '../api/diagnostic.ts';
import type { KubeObject } from '../api/k8s.ts';

export const RESOURCE_LIST_API_VERSION = 'config.kubernetes.io/v1';

/** Annotations tools use to say where an item lives; kpt writes both spellings. */
export const PATH_ANNOTATIONS = ['internal.config.kubernetes.io/path', 'config.kubernetes.io/path'] as const;
export const INDEX_ANNOTATIONS = ['internal.config.kubernetes.io/index', 'config.kubernetes.io/index'] as const;
export const LOCAL_CONFIG_ANNOTATION = 'config.kubernetes.io/local-config';

export interface Item {
  /** The item's node in the input document (comments included). */
  node: YAMLMap;
  /** The item as plain data. */
  obj: KubeObject;
  /** Position in the input's items. */
  position: number;
}

export interface ResourceList {
  /** The input was JSON: written back as block YAML. */
  fromJSON: boolean;
  items: Item[];
  functionConfig?: KubeObject;
  /** The functionConfig's node (comments kept). */
  functionConfigNode?: YAMLMap;
}

/** Input that is not a ResourceList at all: one clear sentence (one line), no stack. */
export class InputError extends Error {
  constructor(message: string) {
    super(oneLine(message));
  }
}

/** Parses stdin: a ResourceList in YAML or JSON. Throws InputError. */
export function parseResourceList(text: string): ResourceList {
  if (text.trim() === '') {
    throw new InputError(`no input: expected a ${RESOURCE_LIST_API_VERSION} ResourceList on stdin`);
  }
  let doc: Document;
  const trimmed = text.trimStart();
  const fromJSON = trimmed.startsWith('{') || trimmed.startsWith('[');
  if (fromJSON) {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (e) {
      // V8's message quotes the input around the error: only the position is kept.
      const at = /at position (\d+)/.exec((e as Error).message);
      throw new InputError(`input is not valid JSON${at ? ` (${lineColumn(text, Number(at[1]))})` : ''}`);
    }
    if (tooDeep(data)) throw new InputError(`input is not accepted: ${DEPTH_PROBLEM}`);
    doc = new Document(data);
  } else {
    const docs = parseDocuments(text, { uniqueKeys: true });
    const real = docs.filter((d) => d.contents !== null || d.errors.length > 0);
    for (const d of real) {
      if (d.errors.some((e) => e.code === 'RESOURCE_EXHAUSTION')) throw new InputError(`input is not accepted: ${DEPTH_PROBLEM}`);
      if (d.errors.length > 0) throw new InputError(`input is not valid YAML: ${yamlProblem(d.errors[0], text)}`);
    }
    if (real.length === 0) throw new InputError(`no input: expected a ${RESOURCE_LIST_API_VERSION} ResourceList on stdin`);
    if (real.length > 1) {
      throw new InputError(`input has ${real.length} YAML documents: expected a single ${RESOURCE_LIST_API_VERSION} ResourceList (for a plain stream of manifests use "metallb-frr build -")`);
    }
    doc = real[0] as Document;
  }

  const root = doc.contents;
  if (!isMap(root)) throw new InputError(`input is a ${describeNode(root)}, not a ${RESOURCE_LIST_API_VERSION} ResourceList`);
  // Items are written back one by one, so an alias could lose its anchor;
  // tools that write ResourceLists (kpt, kustomize) never use them.
  visit(doc, {
    Alias() {
      // The alias's name is not repeated: an unquoted value starting with *
      // (a password, say) is read as one.
      throw new InputError('input uses a YAML alias (*name): aliases are not supported in a ResourceList');
    },
  });
  const odd = unsupportedScalar(doc, fromJSON ? undefined : text);
  if (odd) throw new InputError(`input is not plain data: ${odd}`);
  const apiVersion = root.get('apiVersion');
  const kind = root.get('kind');
  if (kind !== 'ResourceList' || typeof apiVersion !== 'string' || !/^config\.kubernetes\.io\/v1(alpha1|beta1)?$/.test(apiVersion)) {
    const what = typeof kind === 'string' ? `${typeof apiVersion === 'string' ? nameLike(apiVersion) : '<no apiVersion>'} ${nameLike(kind)}` : 'an object without a kind';
    throw new InputError(`input is ${what}, not a ${RESOURCE_LIST_API_VERSION} ResourceList`);
  }

  let itemsNode: unknown = root.get('items', true);
  if (itemsNode === undefined || (isScalar(itemsNode) && itemsNode.value === null)) {
    itemsNode = new YAMLSeq();
    root.set('items', itemsNode);
  }
  if (!isSeq(itemsNode)) throw new InputError('ResourceList.items must be a list');
  // A comment above the first "- " belongs to the first item: keep it there,
  // so that it travels with the item (and survives dropping or re-running).
  if (itemsNode.commentBefore && isMap(itemsNode.items[0]) && !itemsNode.items[0].commentBefore) {
    itemsNode.items[0].commentBefore = itemsNode.commentBefore;
    itemsNode.commentBefore = undefined;
  }
  const items: Item[] = [];
  itemsNode.items.forEach((n, position) => {
    if (!isMap(n)) throw new InputError(`ResourceList.items[${position}] is a ${describeNode(n)}, not a Kubernetes object`);
    const obj = n.toJSON() as KubeObject;
    const missing = ['apiVersion', 'kind'].filter((k) => typeof obj[k] !== 'string' || obj[k] === '');
    if (typeof obj.metadata?.name !== 'string' || obj.metadata.name === '') missing.push('metadata.name');
    if (missing.length > 0) {
      throw new InputError(`ResourceList.items[${position}]${hint(obj)} has no ${missing.join(', ')}: every item must be a Kubernetes object`);
    }
    items.push({ node: n, obj, position });
  });
  if (!fromJSON) rememberItemTexts(text, root, itemsNode);

  const fcNode = root.get('functionConfig', true);
  if (fcNode === undefined || (isScalar(fcNode) && fcNode.value === null)) return { fromJSON, items };
  if (!isMap(fcNode)) throw new InputError(`ResourceList.functionConfig is a ${describeNode(fcNode)}, not an object`);
  const fcStart = fromJSON ? undefined : afterKey(text, root.items.find((p) => isScalar(p.key) && p.key.value === 'functionConfig')?.key);
  if (fcStart !== undefined) rememberText(fcNode, text, fcStart);
  return { fromJSON, items, functionConfig: fcNode.toJSON() as KubeObject, functionConfigNode: fcNode };
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
 * Input nodes are written by the `yaml` library, so their comments and styles
 * survive; generated data by the plain-data writer (emit.ts), which is much
 * faster on the large generated manifests.
 */
export function formatResourceList(rl: ResourceList, keep: Item[], add: object[], results: ResultEntry[]): string {
  const out = [`apiVersion: ${RESOURCE_LIST_API_VERSION}\nkind: ResourceList\n`];
  if (keep.length + add.length === 0) out.push('items: []\n');
  else out.push('items:\n');
  for (const it of keep) out.push(indentAsItem(nodeText(it.node, rl.fromJSON)));
  for (const o of add) out.push(emitSeqItem(o));
  if (rl.functionConfigNode) {
    out.push('functionConfig:\n' + indentLines(nodeText(rl.functionConfigNode, rl.fromJSON), '  '));
  }
  if (results.length > 0) out.push('results:\n' + results.map(emitSeqItem).join(''));
  return out.join('');
}

/**
 * The items' source texts (verbatim.ts), each with the comments between the
 * previous item (or `items:`) and its first key.
 */
function rememberItemTexts(text: string, root: YAMLMap, itemsNode: YAMLSeq): void {
  let regionStart = afterKey(text, root.items.find((p) => isScalar(p.key) && p.key.value === 'items')?.key);
  for (const n of itemsNode.items) {
    if (regionStart !== undefined) rememberText(n, text, regionStart);
    regionStart = (n as YAMLMap).range?.[2];
  }
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
export function nodeText(node: YAMLMap, blockify = false): string {
  const verbatim = blockify ? undefined : verbatimText(node);
  if (verbatim !== undefined) return verbatim;
  const doc = new Document();
  doc.contents = node;
  return stringify(doc, blockify);
}

/** Block-style YAML, no line folding: the same input gives the same bytes. */
export const TO_STRING: ToStringOptions = { lineWidth: 0, indentSeq: false, flowCollectionPadding: false };

export function stringify(doc: Document, blockify = false): string {
  // JSON input arrives as flow collections; the output is block style
  // (empty collections stay `[]` / `{}`: a block cannot be empty). YAML input
  // keeps the styles its author chose.
  if (blockify) visit(doc, {
    Map(_, n) {
      n.flow = n.items.length === 0;
    },
    Seq(_, n) {
      n.flow = n.items.length === 0;
    },
  });
  return doc.toString(TO_STRING);
}

/** What each of YAML's own scalar tags promises, and how the value must look. */
const TAG_TYPES: Record<string, [string, (v: unknown) => boolean]> = {
  'tag:yaml.org,2002:str': ['a string', (v) => typeof v === 'string'],
  'tag:yaml.org,2002:int': ['an integer', (v) => typeof v === 'number' && Number.isInteger(v)],
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
 * message says where, never the value.
 */
export function unsupportedScalar(doc: Document, text?: string): string | undefined {
  let found: string | undefined;
  const at = (s: { range?: [number, number, number] | null }) => (text !== undefined && s.range ? ` (${lineColumn(text, s.range[0])})` : '');
  visit(doc, {
    Scalar(_, s) {
      const v = s.value;
      const typed = s.tag ? TAG_TYPES[s.tag] : undefined;
      if (typed && !typed[1](v)) {
        found = `a value tagged ${shortTag(s.tag!)} is not ${typed[0]}${at(s)}`;
        return visit.BREAK;
      }
      if (typeof v === 'number' && !Number.isFinite(v)) {
        found = `a number that JSON cannot hold (.nan, .inf)${at(s)}`;
        return visit.BREAK;
      }
      if (v === null || ['string', 'number', 'boolean'].includes(typeof v)) return;
      found = `a value tagged ${s.tag ?? '(untagged)'} is not a string, number or boolean`;
      return visit.BREAK;
    },
  });
  return found;
}

function shortTag(tag: string): string {
  return tag.startsWith('tag:yaml.org,2002:') ? `!!${tag.slice('tag:yaml.org,2002:'.length)}` : tag;
}

/**
 * What to say when resolving a document's aliases fails (an alias without an
 * anchor, too many aliases). The parser's own message names the alias, which
 * may be a value (an unquoted password starting with *), so it is not used.
 */
export const ALIAS_PROBLEM = 'a YAML alias (*name) has no anchor in this document, or there are too many aliases';

/** What a node is, never its value (a plain string item may be a whole Secret). */
function describeNode(n: unknown): string {
  if (isSeq(n)) return 'list';
  if (isScalar(n)) return n.value === null ? 'null value' : typeof n.value;
  if (n === null || n === undefined) return 'empty document';
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
