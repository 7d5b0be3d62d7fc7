// The API server stores an object only up to etcd's request limit
// (--max-request-bytes, 1.5 MiB by default; custom resources are stored as
// JSON): a larger generated object would be refused when applied, after the
// build said it was fine. So the build refuses it: one error per object over
// the function's maxObjectSize, naming it, its size and what makes it
// smaller. Measured as the JSON the API server stores (without the fields it
// adds: managedFields, uid, ... — the limit leaves them room in practice).
import type { Diagnostics } from '../api/diagnostic.ts';
import { refOf, type KubeObject } from '../api/k8s.ts';

/** What makes an object smaller: FRRConfigurations by how they were made; the manifests are what they are. */
const REMEDY = {
  manifest: 'raise maxObjectSize to what the cluster\'s etcd takes',
  perNode:
    'one FRRConfiguration per node holds every session of the node and every prefix of each: leave the Node objects out of the input for one FRRConfiguration per peer and node selector group (per-group output), announce whole pools (advertise: pools), or raise maxObjectSize to what the cluster\'s etcd takes',
  perGroup: 'announce whole pools (advertise: pools) or aggregate the services\' IPs (the BGPAdvertisement\'s aggregationLength), or raise maxObjectSize to what the cluster\'s etcd takes',
};

/** Reports every object of `objects` larger than `limit` bytes as JSON. `perNode`: made per node (Nodes in the input). */
export function checkObjectSizes(objects: readonly KubeObject[], limit: number, perNode: boolean, diags: Diagnostics): void {
  if (!Number.isFinite(limit) || limit <= 0) return;
  const cache = new WeakMap<object, number>();
  for (const o of objects) {
    const size = jsonSize(o, cache);
    if (size <= limit) continue;
    const remedy = o.kind !== 'FRRConfiguration' ? REMEDY.manifest : perNode ? REMEDY.perNode : REMEDY.perGroup;
    diags.error(refOf(o), undefined, `${mebibytes(size)} as JSON, over the ${mebibytes(limit)} the API server stores per object (etcd's --max-request-bytes; the function's maxObjectSize): it would be refused when applied; ${remedy}`);
  }
}

function mebibytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(2)} MiB` : `${bytes} bytes`;
}

/**
 * Buffer.byteLength(JSON.stringify(value)), without the string: parts met
 * again (per-node configurations share one spec.bgp when their nodes have
 * the same sessions and announcements) are measured once, through `cache`.
 * 1,000 nodes' configurations of 20 MB each are 20 GB of JSON to write, a
 * few milliseconds to measure.
 */
export function jsonSize(value: unknown, cache: WeakMap<object, number> = new WeakMap()): number {
  if (value === null || typeof value !== 'object') return scalarSize(value);
  const known = cache.get(value);
  // Stryker disable next-line ConditionalExpression: equivalent: a cache; only the time changes (npm run bench measures it)
  if (known !== undefined) return known;
  let size = 2; // [] or {}
  let count = 0;
  if (Array.isArray(value)) {
    for (const item of value) {
      // (undefined, a function or a symbol: null, as scalarSize measures it)
      size += jsonSize(item, cache) + (count++ > 0 ? 1 : 0);
    }
  } else {
    for (const [k, item] of Object.entries(value)) {
      if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
      size += scalarSize(k) + 1 + jsonSize(item, cache) + (count++ > 0 ? 1 : 0);
    }
  }
  cache.set(value, size);
  return size;
}

function scalarSize(v: unknown): number {
  // What JSON writes in a list for undefined, a function or a symbol (a map leaves them out: above).
  return typeof v === 'string' ? Buffer.byteLength(JSON.stringify(v)) : String(JSON.stringify(v) ?? 'null').length;
}
