// Which FRRConfigurations apply to a node: those whose nodeSelector matches
// the node's labels (matchLabels and matchExpressions with In, NotIn, Exists,
// DoesNotExist; an empty or absent selector matches every node). As in
// frr-k8s (configsForNode), a selector that cannot be evaluated is an error
// for the node, not a silent mismatch.
import { Diagnostics, type Diagnostic } from '../api/diagnostic.ts';
import type { FRRConfiguration } from '../api/frrk8s.ts';
import { refOf } from '../api/k8s.ts';
import { selectorMatches, selectorProblems, type Labels } from '../api/selector.ts';

export interface NodeInfo {
  name: string;
  labels: Labels;
}

export interface Selection {
  /** The configurations selecting the node, in input order. */
  selected: FRRConfiguration[];
  /** Errors for selectors that cannot be evaluated. */
  diagnostics: Diagnostic[];
}

export function selectForNode(configs: FRRConfiguration[], node: NodeInfo): Selection {
  const diags = new Diagnostics();
  const selected: FRRConfiguration[] = [];
  for (const cfg of configs) {
    const sel = cfg.spec?.nodeSelector;
    const problems = selectorProblems(sel);
    if (problems.length > 0) {
      for (const p of problems) diags.error(refOf(cfg as never), `spec.nodeSelector.${p.path}`, `${p.message}; the selector cannot be evaluated for node ${node.name}`);
      continue;
    }
    if (selectorMatches(sel, node.labels)) selected.push(cfg);
  }
  return { selected, diagnostics: diags.list };
}
