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
  const diags = new Diagnostics();
  const selected: FRRConfiguration[] = [];
  for (const cfg of configs) {
    const ref = refOf(cfg as never);
    const sel = cfg.spec?.nodeSelector;
    const problems = sel === undefined ? [] : shapeProblems(sel);
    if (problems.length === 0) for (const p of selectorProblems(sel)) problems.push({ field: `spec.nodeSelector.${p.path}`, message: p.message });
    if (problems.length > 0) {
      for (const p of problems) diags.error(ref, p.field, `${p.message}; the selector cannot be evaluated for node ${node.name}`);
      continue;
    }
    if (selectorMatches(sel, node.labels)) selected.push(cfg);
  }
  return { selected, diagnostics: diags.list };
}

const validateFRRConfiguration = validatorFor(FRRK8S_API_VERSION, 'FRRConfiguration')!;

/** What the FRRConfiguration schema says about this nodeSelector alone. */
function shapeProblems(sel: unknown): Array<{ field?: string; message: string }> {
  const probe = new Diagnostics();
  validateStructure(validateFRRConfiguration, { apiVersion: FRRK8S_API_VERSION, kind: 'FRRConfiguration', metadata: {}, spec: { nodeSelector: sel } }, probe);
  return probe.list.map((d) => ({ ...(d.field ? { field: d.field } : {}), message: d.message }));
}
