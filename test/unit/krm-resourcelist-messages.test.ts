// The words of ResourceList input errors: where (line and column, counted
// from the text's first line even when it starts with a newline), which value
// is refused first (document order: a bad value above the items before the
// items', one below after them), and how a kind or name is shown (as is when
// it looks like one: letters, digits, . / - _ up to 100 characters; else a
// short quote; a kind that is no string not at all).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseResourceList } from '../../src/krm/resourcelist.ts';
import { refusal } from '../lib/refusal.ts';

const HEAD = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\n';
const item = (name: string, extra = '') => `- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: ${name}}\n${extra}`;

function message(text: string): string | undefined {
  return refusal(() => parseResourceList(text));
}

test('line and column: a newline first is a line of its own; an error on a newline is on the line it ends', () => {
  assert.equal(message('\n[1'), 'input is not valid JSON (line 2, column 3)');
  assert.equal(message('["a\nb"]'), 'input is not valid JSON (line 1, column 4)');
});

test('a value its tag contradicts is named by the tag as written, with its place', () => {
  assert.equal(message(`${HEAD}items:\n${item('a', '  data: {x: !!int 1.5}\n')}`), 'input is not plain data: a value tagged !!int is not an integer (line 7, column 19)');
  assert.equal(message(`---\n${HEAD}items:\n${item('a', '  data: {x: !!int 1.5}\n')}`), 'input is not plain data: a value tagged !!int is not an integer (line 8, column 19)');
  assert.equal(message(`${HEAD}items:\n${item('a', '  data: {x: !!bool 1}\n')}`), 'input is not plain data: a value tagged !!bool is not true or false (line 7, column 20)');
  assert.deepEqual(parseResourceList(`${HEAD}items:\n${item('a', '  data: {x: !!int 12}\n')}`).items[0].obj.data, { x: 12 });
});

test('the first bad value in document order is named: above the items before theirs, below the items after theirs', () => {
  const bad = (tag: string) => `functionConfig: {apiVersion: v1, kind: ConfigMap, metadata: {name: c}, data: {x: ${tag}}}\n`;
  const items = `items:\n${item('a')}${item('b', '  data: {x: .nan}\n')}`;
  // Above the items.
  assert.equal(message(`${HEAD}${bad('!!int x')}${items}`), 'input is not plain data: a value tagged !!int is not an integer (line 3, column 88)');
  // Below the items: the item's comes first.
  assert.equal(message(`${HEAD}${items}${bad('!!int x')}`), 'input is not plain data: a number that JSON cannot hold (.nan, .inf) (line 10, column 13)');
  // Below the items, no bad item: the rest's.
  assert.equal(message(`${HEAD}items:\n${item('a')}${bad('!!int x')}`), 'input is not plain data: a value tagged !!int is not an integer (line 7, column 88)');
  // Two below: the first.
  assert.equal(message(`${HEAD}items:\n${item('a')}${bad('!!int x')}extra: !!bool 3\n`), 'input is not plain data: a value tagged !!int is not an integer (line 7, column 88)');
});

test('a kind or name shown as is when it looks like one, else quoted; a kind that is no string is left out', () => {
  const noName = (kind: string) => message(`${HEAD}items:\n- apiVersion: v1\n  kind: ${kind}\n  metadata: {}\n`);
  assert.equal(noName('Config Map'), 'ResourceList.items[0] ("Config Map") has no metadata.name: every item must be a Kubernetes object');
  assert.equal(noName('ConfigMap!'), 'ResourceList.items[0] ("ConfigMap!") has no metadata.name: every item must be a Kubernetes object');
  assert.equal(noName('K'.repeat(100)), `ResourceList.items[0] (${'K'.repeat(100)}) has no metadata.name: every item must be a Kubernetes object`);
  assert.equal(noName('K'.repeat(101)), `ResourceList.items[0] ("${'K'.repeat(39)}…") has no metadata.name: every item must be a Kubernetes object`);
  assert.equal(noName('a.b/c_d-1'), 'ResourceList.items[0] (a.b/c_d-1) has no metadata.name: every item must be a Kubernetes object');
  assert.equal(message(`${HEAD}items:\n- apiVersion: v1\n  kind: 3\n  metadata: {name: a}\n`), 'ResourceList.items[0] (a) has no kind: every item must be a Kubernetes object');
  assert.equal(message(`${HEAD}items:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: 3}\n`), 'ResourceList.items[0] (ConfigMap) has no metadata.name: every item must be a Kubernetes object');
  assert.equal(message('apiVersion: config.kubernetes.io/v1\nkind: Resource List\n'), 'input is config.kubernetes.io/v1 "Resource List", not a config.kubernetes.io/v1 ResourceList');
});
