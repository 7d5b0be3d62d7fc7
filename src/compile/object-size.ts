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
  for (const o of objects) {
    const size = Buffer.byteLength(JSON.stringify(o));
    if (size <= limit) continue;
    const remedy = o.kind !== 'FRRConfiguration' ? REMEDY.manifest : perNode ? REMEDY.perNode : REMEDY.perGroup;
    diags.error(refOf(o), undefined, `${mebibytes(size)} as JSON, over the ${mebibytes(limit)} the API server stores per object (etcd's --max-request-bytes; the function's maxObjectSize): it would be refused when applied; ${remedy}`);
  }
}

function mebibytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(2)} MiB` : `${bytes} bytes`;
}
