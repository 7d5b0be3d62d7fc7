// Label selector lists as MetalLB checks them: each selector well formed
// (apimachinery's LabelSelectorAsSelector), no selector or expression twice
// (validateLabelSelectorDuplicate). Also the conjunction of selectors, used to
// tell, without Node objects, whether two node selections can ever meet.
import type { Diagnostics } from '../api/diagnostic.ts';
import type { LabelSelector, LabelSelectorRequirement, ObjectRef } from '../api/k8s.ts';
import { canonicalExpression, canonicalSelector, labelKeyProblem, labelValueProblem, selectorMatches, selectorProblems, type Labels } from '../api/selector.ts';
import { compareStrings } from '../api/order.ts';

export function checkSelectors(list: LabelSelector[] | undefined, path: string, ref: ObjectRef, diags: Diagnostics): void {
  if (!list) return;
  const seen = new Map<string, number>();
  list.forEach((sel, i) => {
    const at = `${path}[${i}]`;
    checkSelector(sel, at, ref, diags);
    const key = canonicalSelector(sel);
    const first = seen.get(key);
    if (first !== undefined) diags.error(ref, at, `duplicate selector (same as ${path}[${first}])`);
    else seen.set(key, i);
  });
}

/** One selector: operators and values, label syntax, no expression twice. */
export function checkSelector(sel: LabelSelector, at: string, ref: ObjectRef, diags: Diagnostics): void {
  for (const p of selectorProblems(sel)) diags.error(ref, `${at}.${p.path}`, p.message);
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) {
    const bad = labelKeyProblem(k) ?? labelValueProblem(v);
    if (bad) diags.error(ref, `${at}.matchLabels`, `label "${k}": ${bad}`);
  }
  const exprs = new Set<string>();
  (sel.matchExpressions ?? []).forEach((e, j) => {
    const bad = labelKeyProblem(e.key);
    if (bad) diags.error(ref, `${at}.matchExpressions[${j}].key`, bad);
    const values = e.values ?? [];
    const dupValue = values.find((v, x) => values.indexOf(v) !== x);
    if (dupValue !== undefined) diags.error(ref, `${at}.matchExpressions[${j}].values`, `duplicate value "${dupValue}"`);
    const key = canonicalExpression(e.key, e.operator, values);
    if (exprs.has(key)) diags.error(ref, `${at}.matchExpressions[${j}]`, 'duplicate match expression');
    exprs.add(key);
  });
}


// ------------------------------------------------------------ conjunction ---

/** The AND of the selectors, or undefined when no label set can match all of them. */
export function conjunction(sels: LabelSelector[]): LabelSelector | undefined {
  const labels: Record<string, string> = {};
  const exprs = new Map<string, LabelSelectorRequirement>();
  for (const s of sels) {
    for (const [k, v] of Object.entries(s.matchLabels ?? {})) {
      if (k in labels && labels[k] !== v) return undefined;
      labels[k] = v;
    }
    for (const e of s.matchExpressions ?? []) {
      const req = { key: e.key, operator: e.operator, ...(e.values ? { values: [...e.values].sort() } : {}) };
      exprs.set(JSON.stringify(req), req);
    }
  }
  const matchExpressions = [...exprs.values()].sort((a, b) => compareStrings(JSON.stringify(a), JSON.stringify(b)));
  if (!satisfiable(labels, matchExpressions)) return undefined;
  const out: LabelSelector = {};
  if (Object.keys(labels).length > 0) out.matchLabels = Object.fromEntries(Object.entries(labels).sort(([a], [b]) => compareStrings(a, b)));
  if (matchExpressions.length > 0) out.matchExpressions = matchExpressions;
  return out;
}

/**
 * False only when no label set can satisfy both: sound (never false for a
 * satisfiable pair) but not complete, so callers treat true as "may meet".
 */
function satisfiable(labels: Record<string, string>, exprs: LabelSelectorRequirement[]): boolean {
  const has = (k: string) => Object.prototype.hasOwnProperty.call(labels, k);
  // Per key: the values still possible (a key no In names: any), and whether the label must or must not exist.
  const allowed = new Map<string, Set<string>>();
  const mustExist = new Set<string>();
  const mustNotExist = new Set<string>();
  for (const e of exprs) {
    const values = e.values ?? [];
    switch (e.operator) {
      case 'In': {
        mustExist.add(e.key);
        const prev = allowed.get(e.key);
        allowed.set(e.key, new Set(prev ? values.filter((v) => prev.has(v)) : values));
        break;
      }
      case 'NotIn':
        // A label no selector fixes reads undefined, which is no value.
        if (values.includes(labels[e.key])) return false;
        break;
      case 'Exists':
        mustExist.add(e.key);
        break;
      case 'DoesNotExist':
        mustNotExist.add(e.key);
        break;
      default:
        return false; // an unknown operator matches nothing
    }
  }
  for (const k of mustNotExist) if (has(k) || mustExist.has(k)) return false;
  for (const [k, vs] of allowed) {
    if (vs.size === 0) return false;
    if (has(k) && !vs.has(labels[k])) return false;
  }
  return true;
}

/** Whether a node selection (terms, OR-ed; none selects every node) selects a node with these labels. */
export function selectsNode(terms: LabelSelector[], labels: Labels): boolean {
  return terms.length === 0 || terms.some((s) => selectorMatches(s, labels));
}

/**
 * Whether two node selections (lists of terms, OR-ed; an empty list selects
 * every node) can select a common node, judged from the selectors alone.
 */
export function selectionsCanMeet(a: LabelSelector[], b: LabelSelector[]): boolean {
  const ta = a.length === 0 ? [{}] : a;
  const tb = b.length === 0 ? [{}] : b;
  return ta.some((x) => tb.some((y) => conjunction([x, y]) !== undefined));
}
