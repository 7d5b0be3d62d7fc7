// Where an item came from: kpt's path and index annotations (strings only;
// the index a whole number written in digits), and, for a stream, the source
// of the first object of a kind, namespace and name (no namespace and an
// empty one are the same).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../src/api/k8s.ts';
import { annotation, fileOf } from '../../src/krm/resourcelist.ts';
import { sourceIndex } from '../../src/krm/stream.ts';

const obj = (annotations: Record<string, unknown>): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', annotations } }) as KubeObject;

test('an annotation that is no string is none: the other spelling is read instead', () => {
  assert.equal(annotation(obj({ a: 3 }), 'a'), undefined);
  assert.equal(annotation(obj({ a: 'x' }), 'a'), 'x');
  assert.deepEqual(fileOf(obj({ 'internal.config.kubernetes.io/path': 3, 'config.kubernetes.io/path': 'b.yaml' })), { path: 'b.yaml' });
  assert.equal(fileOf(obj({ 'config.kubernetes.io/path': true })), undefined);
});

test('the index: digits only', () => {
  const at = (index: string) => fileOf(obj({ 'config.kubernetes.io/path': 'p.yaml', 'config.kubernetes.io/index': index }));
  assert.deepEqual(at('12'), { path: 'p.yaml', index: 12 });
  assert.deepEqual(at('0'), { path: 'p.yaml', index: 0 });
  for (const bad of ['a1', '1a', '-1', '1.5', '', ' 1']) assert.deepEqual(at(bad), { path: 'p.yaml' }, bad);
});

test('a stream\'s sources: by kind, namespace and name, the first of each; no namespace is the empty one', () => {
  const o = (name: string, namespace?: string): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, ...(namespace === undefined ? {} : { namespace }) } }) as KubeObject;
  const where = sourceIndex([
    { obj: o('a', 'x'), source: 'one.yaml' },
    { obj: o('a', 'y'), source: 'two.yaml' },
    { obj: o('a', 'y'), source: 'three.yaml' },
    { obj: o('b', ''), source: 'four.yaml' },
    { obj: o('c'), source: 'five.yaml' },
  ]);
  assert.equal(where({ kind: 'ConfigMap', namespace: 'x', name: 'a' }), 'one.yaml');
  assert.equal(where({ kind: 'ConfigMap', namespace: 'y', name: 'a' }), 'two.yaml');
  assert.equal(where({ kind: 'ConfigMap', name: 'b' }), 'four.yaml');
  assert.equal(where({ kind: 'ConfigMap', namespace: '', name: 'c' }), 'five.yaml');
  assert.equal(where({ kind: 'ConfigMap', name: 'a' }), undefined);
  assert.equal(where({ kind: 'Secret', namespace: 'x', name: 'a' }), undefined);
  assert.equal(where(undefined), undefined);
});
