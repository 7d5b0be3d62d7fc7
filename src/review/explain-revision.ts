// explain (explain.ts) for one node of a revision: the node as the revision's
// Node objects have it, or, without Nodes, one with the labels given (and
// kubernetes.io/hostname). Only a compiled revision can be explained: the
// chain of decisions is MetalLB's.
import { HOSTNAME_LABEL } from '../api/k8s.ts';
import type { Labels } from '../api/selector.ts';
import { InputError } from '../krm/resourcelist.ts';
import { EXCLUDE_LB_LABEL } from '../metallb/cluster.ts';
import type { NodeInfo } from '../metallb/model.ts';
import { explain, type Explanation, type Query } from './explain.ts';
import type { Revision } from './revision.ts';

/** Throws InputError (the revision or node cannot be explained) or ExplainError (the query cannot be answered). */
export function explainRevision(rev: Revision, nodeName: string, labels: Labels, query: Query): Explanation {
  if (rev.input !== 'metallb') throw new InputError(`${rev.source}: no MetalLB resource in it: explain reads MetalLB's configuration`);
  const model = rev.model;
  const given = model.nodes?.find((n) => n.name === nodeName);
  if (model.nodes && !given) throw new InputError(`--node: no Node ${nodeName} in the input (with Nodes in the input, only they get configurations)`);
  const nodeLabels = { [HOSTNAME_LABEL]: nodeName, ...labels };
  const node: NodeInfo = given ?? { name: nodeName, labels: nodeLabels, networkUnavailable: false, excludedFromLoadBalancers: Object.prototype.hasOwnProperty.call(nodeLabels, EXCLUDE_LB_LABEL) };
  const source = given ? rev.objects.find((o) => o.obj.kind === 'Node' && o.obj.metadata?.name === nodeName)?.source : undefined;
  return explain(
    {
      model,
      objects: rev.objects,
      mode: rev.config.advertise,
      generated: rev.generated,
      handWritten: rev.handWritten,
      secrets: rev.secrets,
      node,
      nodeFrom: given ? `Node ${nodeName}${source ? ` (${source})` : ''}` : `--labels, and ${HOSTNAME_LABEL}`,
    },
    query,
  );
}
