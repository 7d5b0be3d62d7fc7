// Values read in process: a number JSON cannot hold is found anywhere in
// plain data; an item's file is read from kpt's annotations (a string path,
// an index of digits only); a value its own YAML tag contradicts is refused
// with the tag written short (`!!int`) and the place of the value (after
// its tag), never the value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { annotation, fileOf, hasNonFinite, InputError, parseResourceList } from '../../src/krm/resourcelist.ts';
import type { KubeObject } from '../../src/api/k8s.ts';

test('hasNonFinite: Infinity, -Infinity or NaN anywhere in maps and lists; finite numbers and other values are fine', () => {
  for (const v of [Infinity, -Infinity, NaN, [1, 2, Infinity], { a: { b: [0, { c: NaN }] } }, [{ a: 1 }, { b: -Infinity }]]) assert.equal(hasNonFinite(v), true, String(v));
  for (const v of [0, 1e308, -1, 'Infinity', null, undefined, true, [], {}, [1, { a: 'x', b: [null, 2.5] }]]) assert.equal(hasNonFinite(v), false, JSON.stringify(v));
});

const withAnnotations = (annotations: Record<string, unknown>): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', annotations } }) as KubeObject;

test('annotation: a string value, else undefined', () => {
  assert.equal(annotation(withAnnotations({ k: 'v' }), 'k'), 'v');
  assert.equal(annotation(withAnnotations({ k: '' }), 'k'), '');
  for (const v of [5, true, null, { a: 'b' }, ['v']]) assert.equal(annotation(withAnnotations({ k: v }), 'k'), undefined, JSON.stringify(v));
  assert.equal(annotation(withAnnotations({}), 'k'), undefined);
  assert.equal(annotation({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } } as KubeObject, 'k'), undefined);
});

test('fileOf: the path from either spelling (internal first); the index only when it is digits and nothing else', () => {
  assert.deepEqual(fileOf(withAnnotations({ 'config.kubernetes.io/path': 'a.yaml', 'config.kubernetes.io/index': '12' })), { path: 'a.yaml', index: 12 });
  assert.deepEqual(fileOf(withAnnotations({ 'internal.config.kubernetes.io/path': 'b.yaml', 'config.kubernetes.io/path': 'a.yaml', 'internal.config.kubernetes.io/index': '3' })), { path: 'b.yaml', index: 3 });
  for (const index of ['x1', '1x', '1 ', ' 1', '-1', '1.5', '', 'one']) {
    assert.deepEqual(fileOf(withAnnotations({ 'config.kubernetes.io/path': 'a.yaml', 'config.kubernetes.io/index': index })), { path: 'a.yaml' }, JSON.stringify(index));
  }
  assert.deepEqual(fileOf(withAnnotations({ 'config.kubernetes.io/path': 'a.yaml', 'config.kubernetes.io/index': 7 })), { path: 'a.yaml' }, 'an index that is no string');
  assert.equal(fileOf(withAnnotations({ 'config.kubernetes.io/path': 7, 'config.kubernetes.io/index': '1' })), undefined, 'a path that is no string');
  assert.equal(fileOf(withAnnotations({})), undefined);
});

test('a value its tag contradicts: the tag written short and the place, not the value', () => {
  const HEAD = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: a\n  data:\n';
  const cases: Array<[string, string]> = [
    ['    k: !!int 10.0.0.1\n', 'input is not plain data: a value tagged !!int is not an integer (line 9, column 14)'],
    ['    k: !!float x\n', 'input is not plain data: a value tagged !!float is not a number (line 9, column 16)'],
    ['    k: !!bool yes\n', 'input is not plain data: a value tagged !!bool is not true or false (line 9, column 15)'],
    ['    k: !!null x\n', 'input is not plain data: a value tagged !!null is not null (line 9, column 15)'],
    ['    k: .nan\n', 'input is not plain data: a number that JSON cannot hold (.nan, .inf) (line 9, column 8)'],
  ];
  for (const [data, expected] of cases) {
    assert.throws(() => parseResourceList(HEAD + data), (e: unknown) => e instanceof InputError && e.message === expected, data);
  }
});
