// Kubernetes label selectors (metav1.LabelSelector) evaluated against a label
// set, with the apimachinery semantics: all matchLabels and all expressions
// must hold; an empty selector matches everything.
import type { LabelSelector, LabelSelectorRequirement } from './k8s.ts';

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
