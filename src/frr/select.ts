// Which FRRConfigurations apply to a node: those whose nodeSelector matches
// the node's labels (matchLabels and matchExpressions with In, NotIn, Exists,
// DoesNotExist; an empty or absent selector matches every node). As in
// frr-k8s (configsForNode), a selector that cannot be evaluated is an error
// for the node, not a silent mismatch. That includes a selector of the wrong
// shape (a list where a map belongs, a number for a label value), which the
// API server's schema would have refused but a file read by the CLI or the
// agent's --from-dir can hold: it is checked against that same schema before
// it is evaluated.
import { Diagnostics, type Diagnostic } from '../api/diagnostic.ts';
import { FRRK8S_API_VERSION, type FRRConfiguration } from '../api/frrk8s.ts';
import { refOf } from '../api/k8s.ts';
import { selectorMatches, selectorProblems, type Labels } from '../api/selector.ts';
import { validateStructure, validatorFor } from '../api/validate.ts';

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
  return nodeSelection(configs)(node);
}

/**
 * selectForNode for many nodes: each configuration's selector is checked
 * once, then only matched per node (the review tools select for every node
 * of a cluster).
 */
export function nodeSelection(configs: FRRConfiguration[]): (node: NodeInfo) => Selection {
  const checked = configs.map((cfg, position) => {
    const sel = cfg.spec?.nodeSelector;
    const problems = sel === undefined ? [] : shapeProblems(sel);
    if (problems.length === 0) problems.push(...selectorProblems(sel).map((p) => ({ field: `spec.nodeSelector.${p.path}`, message: p.message })));
    return { cfg, sel, problems, position };
  });
  // Selectors of one label and value (a node's own configuration, by
  // hostname) are looked up by that label's value, not matched one by one.
  const single = new Map<string, Map<string, typeof checked>>();
  const others: typeof checked = [];
  for (const c of checked) {
    const labels = Object.entries(c.sel?.matchLabels ?? {});
    if (c.problems.length === 0 && labels.length === 1 && (c.sel?.matchExpressions ?? []).length === 0) {
      const [k, v] = labels[0];
      const byValue = single.get(k) ?? new Map<string, typeof checked>();
      byValue.set(v, [...(byValue.get(v) ?? []), c]);
      single.set(k, byValue);
    } else others.push(c);
  }
  return (node) => {
    const diags = new Diagnostics();
    const hits: typeof checked = [];
    for (const [k, byValue] of single) {
      if (Object.prototype.hasOwnProperty.call(node.labels, k)) hits.push(...(byValue.get(node.labels[k]) ?? []));
    }
    for (const c of others) {
      if (c.problems.length > 0) {
        const ref = refOf(c.cfg as never);
        for (const p of c.problems) diags.error(ref, p.field, `${p.message}; the selector cannot be evaluated for node ${node.name}`);
        continue;
      }
      if (selectorMatches(c.sel, node.labels)) hits.push(c);
    }
    return { selected: hits.sort((a, b) => a.position - b.position).map((c) => c.cfg), diagnostics: diags.list };
  };
}

const validateFRRConfiguration = validatorFor(FRRK8S_API_VERSION, 'FRRConfiguration')!;

/** What the FRRConfiguration schema says about this nodeSelector alone. */
function shapeProblems(sel: unknown): Array<{ field?: string; message: string }> {
  const probe = new Diagnostics();
  validateStructure(validateFRRConfiguration, { apiVersion: FRRK8S_API_VERSION, kind: 'FRRConfiguration', metadata: {}, spec: { nodeSelector: sel } }, probe);
  return probe.list.map((d) => ({ ...(d.field ? { field: d.field } : {}), message: d.message }));
}
