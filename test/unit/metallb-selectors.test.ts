// Label selector lists as MetalLB checks them (each one well formed, none and
// no expression twice), and the AND of selectors the compiler uses to tell,
// without Node objects, whether two node selections can ever meet.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Diagnostics } from '../../src/api/diagnostic.ts';
import type { LabelSelector, LabelSelectorRequirement, ObjectRef } from '../../src/api/k8s.ts';
import { labelKeyProblem, labelValueProblem } from '../../src/api/selector.ts';
import { checkSelector, checkSelectors, conjunction, selectionsCanMeet, selectsNode } from '../../src/metallb/selectors.ts';

const REF: ObjectRef = { apiVersion: 'metallb.io/v1beta2', kind: 'BGPPeer', name: 'a', namespace: 'lb' };

/** The [field, message] pairs of checking the list (all errors, naming the object). */
function problems(list: LabelSelector[] | undefined): Array<[string | undefined, string]> {
  const diags = new Diagnostics();
  checkSelectors(list, 'spec.nodeSelectors', REF, diags);
  for (const d of diags.list) {
    assert.equal(d.severity, 'error');
    assert.deepEqual(d.ref, REF);
  }
  return diags.list.map((d) => [d.field, d.message]);
}

const expr = (key: string, operator: string, values?: string[]): LabelSelectorRequirement => ({ key, operator, ...(values ? { values } : {}) });

test('selector lists: none, or well formed ones, have no problem', () => {
  assert.deepEqual(problems(undefined), []);
  assert.deepEqual(problems([]), []);
  assert.deepEqual(problems([{}, { matchLabels: { rack: 'r1', 'example.com/zone': 'a' } }, { matchExpressions: [expr('rack', 'In', ['r1', 'r2']), expr('rack', 'NotIn', ['r3']), expr('spine', 'Exists')] }]), []);
});

test('a selector given twice in a list is named with the first one it repeats (labels, expressions and values in any order)', () => {
  const a: LabelSelector = { matchLabels: { rack: 'r1', zone: 'a' }, matchExpressions: [expr('x', 'In', ['1', '2']), expr('y', 'Exists')] };
  const sameAsA: LabelSelector = { matchLabels: { zone: 'a', rack: 'r1' }, matchExpressions: [expr('y', 'Exists'), expr('x', 'In', ['2', '1'])] };
  assert.deepEqual(problems([a, { matchLabels: { rack: 'r2' } }, sameAsA, a]), [
    ['spec.nodeSelectors[2]', 'duplicate selector (same as spec.nodeSelectors[0])'],
    ['spec.nodeSelectors[3]', 'duplicate selector (same as spec.nodeSelectors[0])'],
  ]);
  // No values and an empty list of values are the same expression.
  assert.deepEqual(problems([{ matchExpressions: [expr('spine', 'Exists')] }, { matchExpressions: [expr('spine', 'Exists', [])] }]), [['spec.nodeSelectors[1]', 'duplicate selector (same as spec.nodeSelectors[0])']]);
  // Two empty selectors select the same (every node).
  assert.deepEqual(problems([{}, { matchLabels: {} }]), [['spec.nodeSelectors[1]', 'duplicate selector (same as spec.nodeSelectors[0])']]);
});

test('one selector: operator problems, bad label keys and values, a value or an expression twice, each at its field', () => {
  const diags = new Diagnostics();
  checkSelector(
    {
      matchLabels: { 'bad key!': 'v', good: 'bad value!', fine: 'ok' },
      matchExpressions: [
        expr('rack', 'In'),
        expr('-bad', 'Exists'),
        expr('zone', 'In', ['a', 'b', 'a', 'b']),
        expr('spine', 'Near', ['x']),
        expr('zone', 'In', ['b', 'a', 'a', 'b']),
      ],
    },
    'spec.nodeSelectors[1]',
    REF,
    diags,
  );
  // The key and value rules are api/selector.ts's (tested there); here, where their words land.
  const at = (d: { field?: string; message: string }) => [d.field, d.message];
  assert.deepEqual(diags.list.map(at), [
    ['spec.nodeSelectors[1].matchExpressions[0].values', 'operator In needs at least one value'],
    ['spec.nodeSelectors[1].matchExpressions[3].operator', 'unknown operator "Near" (want one of In, NotIn, Exists, DoesNotExist)'],
    ['spec.nodeSelectors[1].matchLabels', `label "bad key!": ${labelKeyProblem('bad key!')}`],
    ['spec.nodeSelectors[1].matchLabels', `label "good": ${labelValueProblem('bad value!')}`],
    ['spec.nodeSelectors[1].matchExpressions[1].key', labelKeyProblem('-bad')],
    ['spec.nodeSelectors[1].matchExpressions[2].values', 'duplicate value "a"'],
    ['spec.nodeSelectors[1].matchExpressions[4].values', 'duplicate value "a"'],
    ['spec.nodeSelectors[1].matchExpressions[4]', 'duplicate match expression'],
  ]);
  // No values and an empty list of values are the same expression.
  const again = new Diagnostics();
  checkSelector({ matchExpressions: [expr('spine', 'Exists'), expr('spine', 'Exists', [])] }, 'spec.nodeSelectors[0]', REF, again);
  assert.deepEqual(again.list.map(at), [['spec.nodeSelectors[0].matchExpressions[1]', 'duplicate match expression']]);
});

test('conjunction: labels and expressions of every selector together, sorted, each expression once', () => {
  assert.deepEqual(conjunction([]), {});
  assert.deepEqual(conjunction([{}, { matchLabels: {} }]), {});
  // Compared as text: the order is the output's (a generated FRRConfiguration's nodeSelector).
  assert.equal(
    JSON.stringify(
      conjunction([
        { matchLabels: { zone: 'a', rack: 'r1' }, matchExpressions: [expr('spine', 'Exists'), expr('pod', 'In', ['p2', 'p1'])] },
        { matchLabels: { rack: 'r1', b: 'x' }, matchExpressions: [expr('pod', 'In', ['p1', 'p2']), expr('gpu', 'DoesNotExist')] },
      ]),
    ),
    JSON.stringify({
      matchLabels: { b: 'x', rack: 'r1', zone: 'a' },
      matchExpressions: [expr('gpu', 'DoesNotExist'), expr('pod', 'In', ['p1', 'p2']), expr('spine', 'Exists')],
    }),
  );
  // The input is left as it was (values sorted in a copy).
  const sel = { matchExpressions: [expr('pod', 'In', ['p2', 'p1'])] };
  conjunction([sel]);
  assert.deepEqual(sel.matchExpressions[0].values, ['p2', 'p1']);
});

test('conjunction: undefined when no label set can match every selector', () => {
  const meets = (...sels: LabelSelector[]) => conjunction(sels) !== undefined;
  const labels = (l: Record<string, string>): LabelSelector => ({ matchLabels: l });
  const exprs = (...e: LabelSelectorRequirement[]): LabelSelector => ({ matchExpressions: e });
  // One label, two values.
  assert.equal(meets(labels({ rack: 'r1' }), labels({ rack: 'r2' })), false);
  assert.equal(meets(labels({ rack: 'r1' }), labels({ rack: 'r1', zone: 'a' })), true);
  // In: the values left after each In; a label must be one of them.
  assert.equal(meets(exprs(expr('rack', 'In', ['r1', 'r2'])), exprs(expr('rack', 'In', ['r2', 'r3']))), true);
  assert.equal(meets(exprs(expr('rack', 'In', ['r1', 'r2'])), exprs(expr('rack', 'In', ['r3']))), false);
  assert.equal(meets(exprs(expr('rack', 'In', ['r1'])), exprs(expr('rack', 'In', ['r2'])), exprs(expr('rack', 'In', ['r1', 'r2']))), false);
  assert.equal(meets(exprs(expr('rack', 'In', []))), false);
  assert.equal(meets(exprs(expr('rack', 'In'))), false);
  assert.equal(meets(labels({ rack: 'r1' }), exprs(expr('rack', 'In', ['r1', 'r2']))), true);
  assert.equal(meets(labels({ rack: 'r3' }), exprs(expr('rack', 'In', ['r1', 'r2']))), false);
  assert.equal(meets(labels({ zone: 'r3' }), exprs(expr('rack', 'In', ['r1', 'r2']))), true);
  // NotIn: only against a label the selectors fix.
  assert.equal(meets(labels({ rack: 'r1' }), exprs(expr('rack', 'NotIn', ['r1', 'r2']))), false);
  assert.equal(meets(labels({ rack: 'r3' }), exprs(expr('rack', 'NotIn', ['r1', 'r2']))), true);
  assert.equal(meets(labels({ zone: 'r1' }), exprs(expr('rack', 'NotIn', ['r1']))), true);
  assert.equal(meets(exprs(expr('rack', 'NotIn', ['r1'])), exprs(expr('rack', 'In', ['r1', 'r2']))), true);
  // Exists and DoesNotExist.
  assert.equal(meets(exprs(expr('gpu', 'Exists')), exprs(expr('gpu', 'DoesNotExist'))), false);
  assert.equal(meets(exprs(expr('gpu', 'In', ['a'])), exprs(expr('gpu', 'DoesNotExist'))), false);
  assert.equal(meets(labels({ gpu: 'a' }), exprs(expr('gpu', 'DoesNotExist'))), false);
  assert.equal(meets(labels({ cpu: 'a' }), exprs(expr('gpu', 'DoesNotExist'), expr('cpu', 'Exists'))), true);
  assert.equal(meets(exprs(expr('gpu', 'Exists')), exprs(expr('cpu', 'DoesNotExist'))), true);
  // An operator the API does not know matches nothing.
  assert.equal(meets(exprs(expr('gpu', 'Near', ['a']))), false);
});

test('selectsNode: the terms are OR-ed; no term selects every node', () => {
  assert.equal(selectsNode([], {}), true);
  assert.equal(selectsNode([{ matchLabels: { rack: 'r1' } }, { matchLabels: { rack: 'r2' } }], { rack: 'r2' }), true);
  assert.equal(selectsNode([{ matchLabels: { rack: 'r1' } }, { matchLabels: { rack: 'r2' } }], { rack: 'r3' }), false);
});

test('selectionsCanMeet: some term of one and some term of the other can select one node; an empty selection is every node', () => {
  const r = (v: string): LabelSelector => ({ matchLabels: { rack: v } });
  assert.equal(selectionsCanMeet([], []), true);
  assert.equal(selectionsCanMeet([], [r('r1')]), true);
  assert.equal(selectionsCanMeet([r('r1')], []), true);
  assert.equal(selectionsCanMeet([r('r1'), r('r2')], [r('r3'), r('r2')]), true);
  assert.equal(selectionsCanMeet([r('r1'), r('r2')], [r('r3'), r('r4')]), false);
});
