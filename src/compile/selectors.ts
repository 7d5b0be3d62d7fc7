// Conjunction of label selectors: the selector matching exactly the label
// sets that every input selector matches. Used to restrict a peer's
// configuration to the nodes an advertisement or a service also selects.
import type { LabelSelector, LabelSelectorRequirement } from '../api/k8s.ts';

/** The AND of the selectors, or undefined when no label set can match all. */
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
  const matchExpressions = [...exprs.values()].sort((a, b) => cmp(JSON.stringify(a), JSON.stringify(b)));
  if (!satisfiable(labels, matchExpressions)) return undefined;
  const out: LabelSelector = {};
  if (Object.keys(labels).length > 0) out.matchLabels = Object.fromEntries(Object.entries(labels).sort(([a], [b]) => cmp(a, b)));
  if (matchExpressions.length > 0) out.matchExpressions = matchExpressions;
  return out;
}

/** Catches the plain contradictions: a label pinned to a value its expressions exclude. */
function satisfiable(labels: Record<string, string>, exprs: LabelSelectorRequirement[]): boolean {
  for (const e of exprs) {
    const pinned = Object.prototype.hasOwnProperty.call(labels, e.key) ? labels[e.key] : undefined;
    const values = e.values ?? [];
    if (e.operator === 'DoesNotExist' && pinned !== undefined) return false;
    if (e.operator === 'In' && pinned !== undefined && !values.includes(pinned)) return false;
    if (e.operator === 'NotIn' && pinned !== undefined && values.includes(pinned)) return false;
    if (e.operator === 'Exists' && exprs.some((o) => o.key === e.key && o.operator === 'DoesNotExist')) return false;
  }
  return true;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
