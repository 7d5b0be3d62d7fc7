// MetalLB's configuration before 0.13: a ConfigMap (usually metallb-system/
// config) whose data.config holds `peers:`, `address-pools:`,
// `bgp-communities:` and `bfd-profiles:`. MetalLB 0.13 and later no longer
// read it; its own offline converter (configmaptocrs in MetalLB's
// repository) turns it into custom resources. This module recognises such a
// ConfigMap and converts it with that converter's mapping, field for field:
//  - peers become BGPPeers (v1beta2) peer1, peer2, ... in order; holdTime
//    defaults to 90s and both timers are truncated to whole seconds (a hold
//    time under 3s other than 0 is refused); keepaliveTime only when given;
//  - address pools become IPAddressPools (autoAssign kept when written,
//    avoidBuggyIPs when true); each of a pool's bgp-advertisements becomes a
//    BGPAdvertisement bgpadvertisement1, 2, ... naming the pool; a pool of
//    protocol "bgp" without any gets an empty one, a "layer2" pool an
//    L2Advertisement l2advertisement1, 2, ...;
//  - bfd-profiles become BFDProfiles, echoMode and passiveMode always
//    written; bgp-communities one Community "communities", aliases sorted;
//  - pool and BFD profile names that are not Kubernetes names are lowered,
//    '_' becomes '-', cut to 63 characters and to their first letter;
//  - everything lands in the ConfigMap's namespace (metallb-system without).
// Where it says nothing (unknown keys, a protocol that is neither "bgp" nor
// "layer2", which gets no advertisement at all) this module warns.
import { parse as parseYAML } from 'yaml';
import type { Diagnostics } from '../api/diagnostic.ts';
import { durationNanos, formatNanos } from '../api/duration.ts';
import { holdTimeAllowed, wholeSeconds } from '../api/timers.ts';
import type { KubeObject, ObjectRef } from '../api/k8s.ts';
import { compareStrings } from '../api/order.ts';
import { METALLB_GROUP } from '../api/metallb.ts';

/** The top-level keys of a pre-0.13 configuration. */
const LEGACY_KEYS = ['peers', 'address-pools', 'bgp-communities', 'bfd-profiles'];
const LEGACY_KEY_LINE = /^(peers|address-pools|bgp-communities|bfd-profiles)\s*:/m;

/** A ConfigMap whose data.config is MetalLB's pre-0.13 configuration. */
export function isLegacyConfigMap(o: KubeObject): boolean {
  if (o.apiVersion !== 'v1' || o.kind !== 'ConfigMap') return false;
  const config = (o.data as Record<string, unknown> | undefined)?.config;
  return typeof config === 'string' && LEGACY_KEY_LINE.test(config);
}

/** A document that is the configuration itself (the ConfigMap's data.config, as `-only-data` takes it). */
export function isLegacyData(doc: unknown): boolean {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return false;
  const keys = Object.keys(doc).map((k) => k.toLowerCase());
  return !keys.includes('apiversion') && !keys.includes('kind') && keys.some((k) => LEGACY_KEYS.includes(k));
}

interface Where {
  ref?: ObjectRef;
  /** Prefix of every field path: "data.config" for a ConfigMap, "" for bare data. */
  base: string;
}

/**
 * Converts the text of a pre-0.13 configuration into MetalLB resources in
 * `namespace`, in the converter's order (peers, pools, BGP and L2
 * advertisements, BFD profiles, communities), keys sorted as Go writes them.
 * Problems go to diags; undefined when any is an error.
 */
export function convertLegacyConfig(text: string, namespace: string, where: Where, diags: Diagnostics): KubeObject[] | undefined {
  const at = (path: string) => [where.base, path].filter(Boolean).join('.');
  let errors = 0;
  const err = (path: string, msg: string) => {
    errors++;
    diags.error(where.ref, at(path) || undefined, msg);
  };
  const warn = (path: string, msg: string) => diags.warning(where.ref, at(path) || undefined, msg);
  let data: unknown;
  try {
    data = parseLegacyYAML(text);
  } catch (e) {
    err('', `not valid YAML: ${(e as Error).message.split('\n')[0]}`);
    return undefined;
  }
  // (The parser gives null, never undefined, for a document without content.)
  if (data === null || data === '') {
    err('', 'no configuration (MetalLB\'s converter says "bad ConfigMap: no data")');
    return undefined;
  }
  const d = new Decoder(err, warn);
  // A value of the wrong type is reported and left out; the conversion goes
  // on, so that one run reports every problem.
  const cf = d.struct(data, '', CONFIG_FILE);
  if (!cf) return undefined;

  const pools = (cf['address-pools'] as Fields[] | undefined) ?? [];
  const bfds = (cf['bfd-profiles'] as Fields[] | undefined) ?? [];
  const peers = (cf.peers as Fields[] | undefined) ?? [];
  const k8sName = (name: string, kind: string, path: string): string => {
    // The converter renames only what fails its test for a Kubernetes name;
    // such a name is its own renaming, so no test is needed here.
    const changed = formatToK8S(name);
    if (changed === undefined) {
      err(path, `cannot make ${kind} name ${JSON.stringify(name)} a Kubernetes name (it has no letter)`);
      return name;
    }
    // A one-letter name fails the converter's test (which wants two
    // characters) and is "renamed" to itself: no note.
    if (changed !== name) diags.info(where.ref, at(path), `${kind} name ${JSON.stringify(name)} becomes "${changed}" (a Kubernetes name), as MetalLB's converter renames it`);
    return changed;
  };
  pools.forEach((p, i) => (p.name = k8sName(str(p.name), 'IPAddressPool', `address-pools[${i}].name`)));
  bfds.forEach((b, i) => (b.name = k8sName(str(b.name), 'BFDProfile', `bfd-profiles[${i}].name`)));
  peers.forEach((p, i) => {
    if (str(p['bfd-profile']) !== '') p['bfd-profile'] = k8sName(str(p['bfd-profile']), 'BFDProfile', `peers[${i}].bfd-profile`);
  });

  const out: KubeObject[] = [];
  const meta = (name: string) => ({ name, namespace });
  const cr = (version: string, kind: string, name: string, spec: Record<string, unknown>): KubeObject => ({ apiVersion: `${METALLB_GROUP}/${version}`, kind, metadata: meta(name), spec });

  peers.forEach((p, i) => {
    const spec = peerSpec(p, `peers[${i}]`, err);
    if (spec) out.push(cr('v1beta2', 'BGPPeer', `peer${i + 1}`, spec));
  });
  for (const p of pools) {
    const spec: Record<string, unknown> = { addresses: [...((p.addresses as string[] | undefined) ?? [])] };
    if (p['auto-assign'] !== undefined) spec.autoAssign = p['auto-assign'];
    if (p['avoid-buggy-ips'] === true) spec.avoidBuggyIPs = true;
    out.push(cr('v1beta1', 'IPAddressPool', str(p.name), spec));
  }
  let bgpIndex = 1;
  pools.forEach((p, i) => {
    const ads = (p['bgp-advertisements'] as Fields[] | undefined) ?? [];
    for (const ad of ads) {
      const spec: Record<string, unknown> = { ipAddressPools: [p.name] };
      if (ad['aggregation-length'] !== undefined) spec.aggregationLength = ad['aggregation-length'];
      if (ad['aggregation-length-v6'] !== undefined) spec.aggregationLengthV6 = ad['aggregation-length-v6'];
      if (num(ad.localpref) !== 0) spec.localPref = ad.localpref;
      const communities = (ad.communities as string[] | undefined) ?? [];
      if (communities.length > 0) spec.communities = [...communities];
      out.push(cr('v1beta1', 'BGPAdvertisement', `bgpadvertisement${bgpIndex++}`, spec));
    }
    const protocol = str(p.protocol);
    if (ads.length === 0 && protocol === 'bgp') out.push(cr('v1beta1', 'BGPAdvertisement', `bgpadvertisement${bgpIndex++}`, { ipAddressPools: [p.name] }));
    if (protocol !== 'bgp' && protocol !== 'layer2') {
      const none = ads.length > 0 ? 'no L2Advertisement' : 'no BGPAdvertisement and no L2Advertisement';
      warn(`address-pools[${i}].protocol`, `protocol ${JSON.stringify(protocol)} is neither "bgp" nor "layer2": pool "${str(p.name)}" gets ${none}, as with MetalLB's converter; add one if the pool is to be announced`);
    }
  });
  let l2Index = 1;
  for (const p of pools) {
    if (str(p.protocol) === 'layer2') out.push(cr('v1beta1', 'L2Advertisement', `l2advertisement${l2Index++}`, { ipAddressPools: [p.name] }));
  }
  for (const b of bfds) {
    const spec: Record<string, unknown> = { echoMode: b['echo-mode'] === true, passiveMode: b['passive-mode'] === true };
    // (A null in the configuration is never decoded: Decoder.struct skips it.)
    for (const [from, to] of BFD_NUMBERS) if (b[from] !== undefined) spec[to] = b[from];
    out.push(cr('v1beta1', 'BFDProfile', str(b.name), spec));
  }
  const aliases = (cf['bgp-communities'] as Record<string, string> | undefined) ?? {};
  const names = Object.keys(aliases).sort(compareStrings);
  if (names.length > 0) out.push(cr('v1beta1', 'Community', 'communities', { communities: names.map((n) => ({ name: n, value: aliases[n] })) }));
  if (errors > 0) return undefined;
  return out.map((o) => sortKeys(o) as KubeObject);
}

function peerSpec(p: Fields, path: string, err: (path: string, msg: string) => void): Record<string, unknown> | undefined {
  const hold = truncated(str(p['hold-time']) || undefined, 90e9, `${path}.hold-time`, 'hold time', err);
  if (hold === undefined) return undefined;
  if (!holdTimeAllowed(wholeSeconds(hold))) {
    err(`${path}.hold-time`, `invalid hold time ${JSON.stringify(p['hold-time'])}: must be 0 or at least 3s`);
    return undefined;
  }
  const spec: Record<string, unknown> = { myASN: num(p['my-asn']), holdTime: formatNanos(hold) };
  if (num(p['peer-asn']) !== 0) spec.peerASN = p['peer-asn'];
  for (const [from, to] of [['peer-address', 'peerAddress'], ['source-address', 'sourceAddress'], ['router-id', 'routerID'], ['password', 'password'], ['bfd-profile', 'bfdProfile']] as const) {
    if (str(p[from]) !== '') spec[to] = p[from];
  }
  if (num(p['peer-port']) !== 0) spec.peerPort = p['peer-port'];
  if (str(p['keepalive-time']) !== '') {
    const keepalive = truncated(str(p['keepalive-time']), 0, `${path}.keepalive-time`, 'keepalive time', err);
    if (keepalive === undefined) return undefined;
    spec.keepaliveTime = formatNanos(keepalive);
  }
  const selectors = ((p['node-selectors'] as Fields[] | undefined) ?? []).map((s) => {
    const sel: Record<string, unknown> = {};
    const labels = s['match-labels'] as Record<string, string> | undefined;
    if (labels && Object.keys(labels).length > 0) sel.matchLabels = { ...labels };
    const exprs = ((s['match-expressions'] as Fields[] | undefined) ?? []).map((e) => {
      const req: Record<string, unknown> = { key: str(e.key), operator: str(e.operator) };
      const values = (e.values as string[] | undefined) ?? [];
      if (values.length > 0) req.values = [...values];
      return req;
    });
    if (exprs.length > 0) sel.matchExpressions = exprs;
    return sel;
  });
  if (selectors.length > 0) spec.nodeSelectors = selectors;
  if (p['ebgp-multihop'] === true) spec.ebgpMultiHop = true;
  return spec;
}

/** A Go duration truncated to whole seconds, in nanoseconds; `fallback` when absent. */
function truncated(text: string | undefined, fallback: number, path: string, what: string, err: (path: string, msg: string) => void): number | undefined {
  if (text === undefined) return fallback;
  const ns = durationNanos(text);
  if (ns === undefined || ns < 0) {
    err(path, `invalid ${what} ${JSON.stringify(text)}: not a duration (e.g. 90s, 1m30s)`);
    return undefined;
  }
  return wholeSeconds(ns) * 1e9;
}

/** The converter's renaming: cut to 63, lower case, '_' to '-', from the first letter on. */
function formatToK8S(name: string): string | undefined {
  const lowered = name.slice(0, 63).toLowerCase().replaceAll('_', '-');
  const first = lowered.search(/[a-z]/);
  return first < 0 ? undefined : lowered.slice(first);
}

const BFD_NUMBERS = [
  ['receive-interval', 'receiveInterval'],
  ['transmit-interval', 'transmitInterval'],
  ['detect-multiplier', 'detectMultiplier'],
  ['echo-interval', 'echoInterval'],
  ['minimum-ttl', 'minimumTtl'],
] as const;

/**
 * YAML as MetalLB reads it (go-yaml v2 through sigs.k8s.io/yaml): YAML 1.1
 * scalars (yes/no/on/off are booleans, 0777 is octal) but no base-60 numbers
 * or timestamps, so `64512:1` stays the text of a community.
 */
function parseLegacyYAML(text: string): unknown {
  return parseYAML(text, {
    version: '1.1',
    uniqueKeys: true,
    customTags: (tags) => tags.filter((t) => typeof t === 'string' || (t.format !== 'TIME' && t.tag !== 'tag:yaml.org,2002:timestamp')),
  });
}

// ------------------------------------------------------------- decoding ---

type Fields = Record<string, unknown>;
type FieldDecoder = (value: unknown, path: string) => unknown;

const u32 = 2 ** 32 - 1;
const PEER: Record<string, (d: Decoder) => FieldDecoder> = {
  'my-asn': (d) => d.uint(u32),
  'peer-asn': (d) => d.uint(u32),
  'peer-address': (d) => d.string(),
  'source-address': (d) => d.string(),
  'peer-port': (d) => d.uint(65535),
  'hold-time': (d) => d.string(),
  'keepalive-time': (d) => d.string(),
  'router-id': (d) => d.string(),
  'node-selectors': (d) => (v, p) =>
    d.list(v, p, (e, q) =>
      d.struct(e, q, {
        'match-labels': (d2) => (v2, p2) => d2.stringMap(v2, p2),
        'match-expressions': (d2) => (v2, p2) => d2.list(v2, p2, (e2, q2) => d2.struct(e2, q2, { key: (d3) => d3.string(), operator: (d3) => d3.string(), values: (d3) => d3.strings() })),
      }),
    ),
  password: (d) => d.string(true),
  'bfd-profile': (d) => d.string(),
  'ebgp-multihop': (d) => d.bool(),
};
const POOL: Record<string, (d: Decoder) => FieldDecoder> = {
  protocol: (d) => d.string(),
  name: (d) => d.string(),
  addresses: (d) => d.strings(),
  'auto-assign': (d) => d.bool(),
  'avoid-buggy-ips': (d) => d.bool(),
  'bgp-advertisements': (d) => (v, p) =>
    d.list(v, p, (e, q) =>
      d.struct(e, q, {
        'aggregation-length': (d2) => d2.int(-(2 ** 31), 2 ** 31 - 1),
        'aggregation-length-v6': (d2) => d2.int(-(2 ** 31), 2 ** 31 - 1),
        localpref: (d2) => d2.uint(u32),
        communities: (d2) => d2.strings(),
      }),
    ),
};
/** The converter's configFile, peer, addressPool and bfdProfile structs, by JSON key. */
const BFD: Record<string, (d: Decoder) => FieldDecoder> = {
  name: (d) => d.string(),
  'receive-interval': (d) => d.uint(u32),
  'transmit-interval': (d) => d.uint(u32),
  'detect-multiplier': (d) => d.uint(u32),
  'echo-interval': (d) => d.uint(u32),
  'echo-mode': (d) => d.bool(),
  'passive-mode': (d) => d.bool(),
  'minimum-ttl': (d) => d.uint(u32),
};
const CONFIG_FILE: Record<string, (d: Decoder) => FieldDecoder> = {
  peers: (d) => (v, p) => d.list(v, p, (e, q) => d.struct(e, q, PEER)),
  'bgp-communities': (d) => (v, p) => d.stringMap(v, p),
  'address-pools': (d) => (v, p) => d.list(v, p, (e, q) => d.struct(e, q, POOL)),
  'bfd-profiles': (d) => (v, p) => d.list(v, p, (e, q) => d.struct(e, q, BFD)),
};

/**
 * Decodes plain data into the converter's structs the way Go's encoding/json
 * does: keys matched case-insensitively, null leaves the zero value, a value
 * of the wrong type is an error; unknown keys, which Go drops silently, get a
 * warning here.
 */
class Decoder {
  constructor(
    private readonly err: (path: string, msg: string) => void,
    private readonly warn: (path: string, msg: string) => void,
  ) {}

  struct(v: unknown, path: string, fields: Record<string, (d: Decoder) => FieldDecoder>): Fields | undefined {
    // (Parsed YAML holds null, never undefined.)
    if (v === null) return {};
    if (typeof v !== 'object' || Array.isArray(v)) {
      this.err(path, `must be a map, not ${describe(v)}`);
      return undefined;
    }
    const out: Fields = {};
    for (const [k, value] of Object.entries(v)) {
      const key = Object.keys(fields).find((f) => f.toLowerCase() === k.toLowerCase());
      const p = join(path, k);
      if (!key) {
        this.warn(p, `unknown key ${JSON.stringify(k)}: ignored, as MetalLB's converter ignores it (known: ${Object.keys(fields).join(', ')})`);
        continue;
      }
      if (value === null) continue;
      // Undefined when the value was wrong: reported, which discards the
      // whole conversion, and every reader of a field takes it as absent.
      out[key] = fields[key](this)(value, p);
    }
    return out;
  }

  list<T>(v: unknown, path: string, each: (e: unknown, path: string) => T | undefined): T[] | undefined {
    if (!Array.isArray(v)) {
      this.err(path, `must be a list, not ${describe(v)}`);
      return undefined;
    }
    const out: T[] = [];
    v.forEach((e, i) => {
      const d = each(e, `${path}[${i}]`);
      if (d !== undefined) out.push(d);
    });
    return out;
  }

  stringMap(v: unknown, path: string): Record<string, string> | undefined {
    if (Object.prototype.toString.call(v) !== '[object Object]') {
      this.err(path, `must be a map of strings, not ${describe(v)}`);
      return undefined;
    }
    const out: Record<string, string> = {};
    for (const [k, value] of Object.entries(v as Record<string, unknown>)) {
      if (value === null) continue;
      if (typeof value !== 'string') this.err(join(path, k), `must be a string, not ${describe(value)} (quote it in YAML)`);
      else out[k] = value;
    }
    return out;
  }

  /** A string; a secret one's wrong value is never repeated. */
  string(secret = false): FieldDecoder {
    return (v, path) => {
      if (typeof v === 'string') return v;
      this.err(path, `must be a string${secret ? '' : `, not ${describe(v)}`} (quote it in YAML)`);
      return undefined;
    };
  }

  strings(): FieldDecoder {
    return (v, path) => this.list(v, path, (e, q) => (e === null ? '' : this.string()(e, q) as string | undefined));
  }

  bool(): FieldDecoder {
    return (v, path) => {
      if (typeof v === 'boolean') return v;
      this.err(path, `must be true or false, not ${describe(v)}`);
      return undefined;
    };
  }

  uint(max: number): FieldDecoder {
    return this.int(0, max);
  }

  int(min: number, max: number): FieldDecoder {
    return (v, path) => {
      if (isWhole(v) && v >= min && v <= max) return v;
      this.err(path, `must be a whole number from ${min} to ${max}, not ${describe(v)}`);
      return undefined;
    };
  }
}

/** Number.isInteger as a type guard. */
const isWhole = (v: unknown): v is number => Number.isInteger(v);

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

function describe(v: unknown): string {
  if (Array.isArray(v)) return 'a list';
  if (Object.prototype.toString.call(v) === '[object Object]') return 'a map';
  return JSON.stringify(v) ?? String(v);
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const num = (v: unknown): number => (typeof v === 'number' ? v : 0);

/** Keys in byte order at every level, as Go writes a struct through JSON to YAML. */
function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(
    Object.keys(v)
      .sort(compareStrings)
      .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
  );
}
