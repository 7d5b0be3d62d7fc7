// What a ResourceList must be, checked in process: input of blanks only is
// no input; the head must be kind ResourceList with a config.kubernetes.io/v1
// apiVersion (v1, v1alpha1 or v1beta1, nothing around it); every item must
// be a Kubernetes object, and the message names which (its kind and name when
// they look like names, quoted otherwise) and every field it lacks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InputError, parseResourceList, parseWholeList } from '../../src/krm/resourcelist.ts';
import { splitSequence } from '../../src/krm/split.ts';
import { refusal } from '../lib/refusal.ts';

const message = (read: (text: string) => unknown, text: string): string => refusal(() => read(text)) ?? 'accepted';
const NOT_A_LIST = 'not a config.kubernetes.io/v1 ResourceList';

test('blanks that are not YAML blanks (no-break space, form feed, vertical tab, ideographic space) are still no input', () => {
  for (const text of ['\u00a0\n', '\f', '\v\n', '\u3000', ' \u00a0 \n\n']) {
    assert.equal(message(parseResourceList, text), 'no input: expected a config.kubernetes.io/v1 ResourceList on stdin', JSON.stringify(text));
  }
});

test('the head: kind ResourceList and apiVersion config.kubernetes.io/v1, v1alpha1 or v1beta1, exactly', () => {
  for (const v of ['config.kubernetes.io/v1', 'config.kubernetes.io/v1alpha1', 'config.kubernetes.io/v1beta1']) {
    assert.equal(message(parseResourceList, `apiVersion: ${v}\nkind: ResourceList\nitems: []\n`), 'accepted', v);
  }
  const cases: Array<[string, string]> = [
    ['apiVersion: config.kubernetes.io/v1\nkind: Foo\n', `input is config.kubernetes.io/v1 Foo, ${NOT_A_LIST}`],
    ['apiVersion: xconfig.kubernetes.io/v1\nkind: ResourceList\n', `input is xconfig.kubernetes.io/v1 ResourceList, ${NOT_A_LIST}`],
    ['apiVersion: config.kubernetes.io/v1x\nkind: ResourceList\n', `input is config.kubernetes.io/v1x ResourceList, ${NOT_A_LIST}`],
    ['apiVersion: config.kubernetes.io/v2\nkind: ResourceList\n', `input is config.kubernetes.io/v2 ResourceList, ${NOT_A_LIST}`],
    ['kind: ResourceList\nitems: []\n', `input is <no apiVersion> ResourceList, ${NOT_A_LIST}`],
    ['apiVersion: 1\nkind: ResourceList\n', `input is <no apiVersion> ResourceList, ${NOT_A_LIST}`],
    ['apiVersion: config.kubernetes.io/v1\nitems: []\n', `input is an object without a kind, ${NOT_A_LIST}`],
    ['apiVersion: config.kubernetes.io/v1\nkind: 3\n', `input is an object without a kind, ${NOT_A_LIST}`],
    ['apiVersion: config.kubernetes.io/v1\nkind: Resource List\n', `input is config.kubernetes.io/v1 "Resource List", ${NOT_A_LIST}`],
  ];
  for (const [text, expected] of cases) {
    assert.equal(message(parseResourceList, text), expected, text);
    assert.equal(message(parseResourceList, JSON.stringify(Object.fromEntries(text.trim().split('\n').map((l) => l.split(': ')).map(([k, v]) => [k, /^\d+$/.test(v) ? Number(v) : v])))), expected, `${text} as JSON`);
  }
});

test('an item that is no Kubernetes object: its kind and name when they are non-empty strings, and every field it lacks, in order', () => {
  const HEAD = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n';
  const tail = ': every item must be a Kubernetes object';
  const cases: Array<[string, string]> = [
    ["- apiVersion: ''\n  kind: ConfigMap\n  metadata:\n    name: a\n", `ResourceList.items[0] (ConfigMap a) has no apiVersion${tail}`],
    ["- apiVersion: v1\n  kind: ''\n  metadata:\n    name: a\n", `ResourceList.items[0] (a) has no kind${tail}`],
    ["- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: ''\n", `ResourceList.items[0] (ConfigMap) has no metadata.name${tail}`],
    ['- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: 5\n', `ResourceList.items[0] (ConfigMap) has no metadata.name${tail}`],
    ['- apiVersion: v1\n  kind: ConfigMap\n  metadata: {}\n', `ResourceList.items[0] (ConfigMap) has no metadata.name${tail}`],
    ['- metadata:\n    name: a\n', `ResourceList.items[0] (a) has no apiVersion, kind${tail}`],
    ['- data: {}\n', `ResourceList.items[0] has no apiVersion, kind, metadata.name${tail}`],
    ['- kind: Config Map\n  metadata:\n    name: a b\n', `ResourceList.items[0] ("Config Map" "a b") has no apiVersion${tail}`],
    ['- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: a\n- apiVersion: v1\n  kind: 1\n  metadata:\n    name: b\n', `ResourceList.items[1] (b) has no kind${tail}`],
  ];
  for (const [items, expected] of cases) {
    const text = HEAD + items;
    assert.ok(splitSequence(text, 'items'), 'the list is cut into items');
    assert.equal(message(parseResourceList, text), expected, items);
    assert.equal(message(parseWholeList, text), expected, `${items} read whole`);
  }
});

test('InputError: the message alone when there are no details; each detail on its own line after it', () => {
  assert.equal(new InputError('bad input').lines(), 'error: bad input\n');
  assert.deepEqual(new InputError('bad input').details, []);
  assert.equal(new InputError('bad\ninput', ['one', 'two\nthree']).lines(), 'error: bad\\ninput\none\ntwo\\nthree\n');
});
