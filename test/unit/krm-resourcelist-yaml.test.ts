// A YAML ResourceList's items: absent, null or empty is no item; anything
// else but a list is refused; and an item nested too deep is refused with the
// depth problem first, whichever way the list is read (cut into items, or
// whole).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InputError, parseResourceList } from '../../src/krm/resourcelist.ts';
import { splitSequence } from '../../src/krm/split.ts';

const HEAD = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\n';
const message = (text: string) => {
  try {
    return parseResourceList(text).items.length;
  } catch (e) {
    assert.ok(e instanceof InputError, String(e));
    return e.message;
  }
};

test('items absent, null or an empty list: no item; a scalar: not a list', () => {
  for (const items of ['', 'items:\n', 'items: ~\n', 'items: null\n', 'items: []\n']) assert.equal(message(HEAD + items), 0, items);
  for (const items of ['items: 3\n', 'items: x\n', "items: ''\n"]) assert.equal(message(HEAD + items), 'ResourceList.items must be a list', items);
});

test('an item nested too deep: the depth problem, before the problem of an item above it', () => {
  const deep = `- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: deep\n  data:\n    k: ${'['.repeat(250)}${']'.repeat(250)}\n`;
  const noVersion = '- kind: ConfigMap\n  metadata:\n    name: a\n';
  const ok = '- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: ok\n';
  for (const items of [deep, noVersion + deep, deep + noVersion, ok + deep + ok]) {
    const text = `${HEAD}items:\n${items}`;
    assert.ok(splitSequence(text, 'items'), 'the list is cut into items');
    assert.equal(message(text), 'input is not accepted: maps and lists are nested more than 200 levels deep');
  }
  assert.equal(message(`${HEAD}items:\n${noVersion}`), 'ResourceList.items[0] (ConfigMap a) has no apiVersion: every item must be a Kubernetes object');
});

test('functionConfig absent or null: none; a scalar or a list: not an object', () => {
  for (const fc of ['', 'functionConfig:\n', 'functionConfig: ~\n']) {
    const rl = parseResourceList(`${HEAD}items: []\n${fc}`);
    assert.deepEqual([rl.functionConfig, rl.functionConfigText], [undefined, undefined], fc);
  }
  assert.equal(message(`${HEAD}items: []\nfunctionConfig: 3\n`), 'ResourceList.functionConfig is a number, not an object');
  assert.equal(message(`${HEAD}items: []\nfunctionConfig: x\n`), 'ResourceList.functionConfig is a string, not an object');
});
