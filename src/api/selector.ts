// Kubernetes label selectors (metav1.LabelSelector) evaluated against a label
// set, with the apimachinery semantics: all matchLabels and all expressions
// must hold; an empty selector matches everything.
import type { LabelSelector, LabelSelectorRequirement } from './k8s.ts';
import { compareStrings } from './order.ts';

export type Labels = Readonly<Record<string, string>>;

export const SELECTOR_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'] as const;

export function selectorMatches(sel: LabelSelector | undefined, labels: Labels): boolean {
  if (!sel) return true;
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) {
    if (labels[k] !== v) return false;
  }
  for (const req of sel.matchExpressions ?? []) {
    if (!requirementMatches(req, labels)) return false;
  }
  return true;
}

function requirementMatches(req: LabelSelectorRequirement, labels: Labels): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, req.key);
  const values = req.values ?? [];
  switch (req.operator) {
    case 'In':
      return has && values.includes(labels[req.key]);
    case 'NotIn':
      return !has || !values.includes(labels[req.key]);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    default:
      return false;
  }
}

/** Problems with a selector's shape, as apimachinery's LabelSelectorAsSelector reports them. */
export function selectorProblems(sel: LabelSelector | undefined): Array<{ path: string; message: string }> {
  const out: Array<{ path: string; message: string }> = [];
  if (!sel) return out;
  (sel.matchExpressions ?? []).forEach((req, i) => {
    const path = `matchExpressions[${i}]`;
    const n = req.values?.length ?? 0;
    switch (req.operator) {
      case 'In':
      case 'NotIn':
        if (n === 0) out.push({ path: `${path}.values`, message: `operator ${req.operator} needs at least one value` });
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (n > 0) out.push({ path: `${path}.values`, message: `operator ${req.operator} takes no values` });
        break;
      default:
        out.push({ path: `${path}.operator`, message: `unknown operator "${req.operator}" (want one of ${SELECTOR_OPERATORS.join(', ')})` });
    }
  });
  return out;
}

/** One text for selectors that select the same: labels and expressions (and their values) in any order. */
export function canonicalSelector(sel: LabelSelector): string {
  const labels = Object.entries(sel.matchLabels ?? {}).sort(([a], [b]) => compareStrings(a, b));
  const exprs = (sel.matchExpressions ?? []).map((e) => canonicalExpression(e.key, e.operator, e.values ?? [])).sort();
  return JSON.stringify([labels, exprs]);
}

export function canonicalExpression(key: string, op: string, values: string[]): string {
  return JSON.stringify([key, op, [...values].sort()]);
}

const NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
export const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Kubernetes label key syntax: optional DNS-subdomain prefix, then a name of at most 63 characters. */
export function labelKeyProblem(key: string): string | undefined {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))) return `invalid label key "${key}": the prefix must be a DNS subdomain`;
  if (name.length === 0 || name.length > 63 || !NAME.test(name)) return `invalid label key "${key}": the name part must be 1-63 alphanumeric characters, '-', '_' or '.', starting and ending with an alphanumeric`;
  return undefined;
}

export function labelValueProblem(v: string): string | undefined {
  if (v === '') return undefined;
  if (v.length > 63 || !NAME.test(v)) return `invalid label value "${v}": at most 63 alphanumeric characters, '-', '_' or '.', starting and ending with an alphanumeric`;
  return undefined;
}

/** `k=v,k2=v2` as a label set; a string says what is wrong. */
export function parseLabelList(text: string): Record<string, string> | string {
  const labels: Record<string, string> = {};
  for (const pair of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    const eq = pair.indexOf('=');
    if (eq <= 0) return `"${pair}" is not key=value`;
    const [key, value] = [pair.slice(0, eq), pair.slice(eq + 1)];
    const bad = labelKeyProblem(key) ?? labelValueProblem(value);
    if (bad) return bad;
    labels[key] = value;
  }
  return labels;
}
