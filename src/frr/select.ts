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
import { FRRK8S_API_VERSION } from '../api/frrk8s.ts';
import { refOf, type KubeObject, type LabelSelector } from '../api/k8s.ts';
import { selectorMatches, selectorProblems, type Labels } from '../api/selector.ts';
import { bad, ok, type FieldProblem, type Parsed } from '../api/parsed.ts';
import { validateStructure, validatorFor } from '../api/validate.ts';

export interface NodeInfo {
  name: string;
  labels: Labels;
}

export interface Selection<T extends KubeObject = KubeObject> {
  /** The configurations selecting the node, in input order. */
  selected: T[];
  /** Errors for selectors that cannot be evaluated. */
  diagnostics: Diagnostic[];
}

export function selectForNode<T extends KubeObject>(configs: readonly T[], node: NodeInfo): Selection<T> {
  return nodeSelection(configs)(node);
}

/**
 * selectForNode for many nodes: each configuration's selector is checked
 * once, then only matched per node (the review tools select for every node
 * of a cluster).
 */
export function nodeSelection<T extends KubeObject>(configs: readonly T[]): (node: NodeInfo) => Selection<T> {
  const checked = configs.map((cfg, position) => ({ cfg, position, selector: checkedSelector(cfg) }));
  // Selectors of one label and value (a node's own configuration, by
  // hostname) are looked up by that label's value, not matched one by one.
  const single = new Map<string, Map<string, typeof checked>>();
  const others: typeof checked = [];
  for (const c of checked) {
    const sel = c.selector.ok ? c.selector.value : undefined;
    const labels = Object.entries(sel?.matchLabels ?? {});
    // An index: a selector left out of it is matched one by one below, with the same answer.
    // Stryker disable next-line ArrayDeclaration: equivalent: a non-empty default only keeps a selector out of the index
    if (labels.length === 1 && (sel?.matchExpressions ?? []).length === 0) {
      const [k, v] = labels[0];
      const byValue = single.get(k) ?? new Map<string, typeof checked>();
      const list = byValue.get(v) ?? [];
      list.push(c);
      byValue.set(v, list);
      single.set(k, byValue);
    } else others.push(c);
  }
  return (node) => {
    const diags = new Diagnostics();
    const hits: typeof checked = [];
    for (const [k, byValue] of single) {
      // Stryker disable next-line ConditionalExpression,BlockStatement: equivalent: an absent label reads as undefined or an inherited non-string, which no selector value (a string) equals
      if (!Object.prototype.hasOwnProperty.call(node.labels, k)) continue;
      for (const c of byValue.get(node.labels[k]) ?? []) hits.push(c);
    }
    for (const c of others) {
      if (!c.selector.ok) {
        const ref = refOf(c.cfg);
        for (const p of c.selector.problem) diags.error(ref, p.field, `${p.message}; the selector cannot be evaluated for node ${node.name}`);
        continue;
      }
      if (selectorMatches(c.selector.value, node.labels)) hits.push(c);
    }
    return { selected: hits.sort((a, b) => a.position - b.position).map((c) => c.cfg), diagnostics: diags.list };
  };
}

const validateFRRConfiguration = validatorFor(FRRK8S_API_VERSION, 'FRRConfiguration')!;

/**
 * A configuration's nodeSelector (absent: every node) and what is wrong with
 * it: first what the FRRConfiguration schema says about it alone, then
 * whether it can be evaluated.
 */
export function checkedSelector(cfg: KubeObject): Parsed<LabelSelector | undefined, FieldProblem[]> {
  // Any spec: a primitive has no nodeSelector either.
  const given = (cfg.spec as { nodeSelector?: unknown } | null | undefined)?.nodeSelector;
  // Stryker disable next-line ConditionalExpression: equivalent: a shortcut; an absent selector passes the checks below too
  if (given === undefined) return ok(undefined);
  const shape = new Diagnostics();
  // Stryker disable next-line StringLiteral: equivalent: the schema is asked about spec.nodeSelector only
  const probe = { apiVersion: FRRK8S_API_VERSION, kind: 'FRRConfiguration', metadata: {}, spec: { nodeSelector: given } };
  if (!validateStructure(validateFRRConfiguration, probe, shape)) return bad(shape.list.map((d) => ({ ...(d.field ? { field: d.field } : {}), message: d.message })));
  const sel = probe.spec.nodeSelector;
  const problems = selectorProblems(sel).map((p) => ({ field: `spec.nodeSelector.${p.path}`, message: p.message }));
  return problems.length > 0 ? bad(problems) : ok(sel);
}
