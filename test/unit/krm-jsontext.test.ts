// JSON input is written back as the user wrote it: where each member of the
// top level (and each element of items) lies in the text, whatever kind of
// value comes before it (numbers, true/false, null as well as strings,
// objects and lists).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatResourceList, parseResourceList } from '../../src/krm/resourcelist.ts';
import { formatStream, parseStream } from '../../src/krm/stream.ts';
import { refusal } from '../lib/refusal.ts';

// Spaces after colons and commas: JSON.stringify would write none, so the output shows whether the text was kept.
const ITEM = '{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "x"}, "data": {"a": "1"}}';
const CONFIG = '{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}}';
// Every kind of scalar; the last one right before items (a scan that took it
// for a list or an object would run on into items and lose them).
const SCALARS = '"x-list": [1, 2.5, true, null],\n  "x-ok": true,\n  "x-no": false,\n  "x-none": null,\n  "x-ratio": -1.5e3,\n  "x-count": 2';

test('a JSON ResourceList with scalar members before items: items and functionConfig written back as written', () => {
  const text = `{\n  "apiVersion": "config.kubernetes.io/v1",\n  "kind": "ResourceList",\n  ${SCALARS},\n  "items": [\n    ${ITEM}\n  ],\n  "functionConfig": ${CONFIG}\n}\n`;
  const rl = parseResourceList(text);
  assert.equal(rl.functionConfigText, `${CONFIG}\n`);
  assert.equal(formatResourceList(rl, rl.items, [], []), `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- ${ITEM}\nfunctionConfig:\n  ${CONFIG}\n`);
});

test('a JSON List on a stream with scalar members before items: each item written back as written', () => {
  const text = `{"apiVersion": "v1", "kind": "List", ${SCALARS.replace(/\n\s*/g, ' ')}, "items": [${ITEM},\n ${ITEM.replace('"x"', '"y"')}]}`;
  const objs = parseStream(text, 'in.json');
  assert.deepEqual(objs.map((o) => o.source), ['in.json items[0]', 'in.json items[1]']);
  assert.equal(formatStream(objs.map((o) => o.obj)), `${ITEM}\n---\n${ITEM.replace('"x"', '"y"')}\n`);
});

const RL = '"apiVersion": "config.kubernetes.io/v1", "kind": "ResourceList"';

/** The one line a ResourceList is refused with, or 'accepted'. */
function message(text: string): string {
  return refusal(() => parseResourceList(text)) ?? 'accepted';
}

test('JSON input gets the messages YAML input gets, and a list without items is empty', () => {
  for (const [json, yaml, want] of [
    ['[1, 2]', '- 1\n- 2\n', 'input is a list, not a config.kubernetes.io/v1 ResourceList'],
    [`{${RL}, "items": {"a": 1}}`, 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: {a: 1}\n', 'ResourceList.items must be a list'],
    [`{${RL}, "items": [3]}`, 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: [3]\n', 'ResourceList.items[0] is a number, not a Kubernetes object'],
    [`{${RL}, "functionConfig": [1]}`, 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nfunctionConfig: [1]\n', 'ResourceList.functionConfig is a list, not an object'],
  ]) {
    assert.equal(message(json), want, json);
    assert.equal(message(yaml), want, yaml);
  }
  for (const text of [`{${RL}}`, `{${RL}, "items": null}`]) {
    const rl = parseResourceList(text);
    assert.deepEqual([rl.items, rl.functionConfig], [[], undefined], text);
  }
});

test('an item that is no object is named by what it is, never by its value, in JSON and in YAML alike', () => {
  for (const [json, yaml, what] of [
    ['null', '-\n', 'a null value'],
    ['"s3cret"', '- s3cret\n', 'a string'],
    ['true', '- true\n', 'a boolean'],
    ['[1]', '- [1]\n', 'a list'],
  ]) {
    const want = `ResourceList.items[1] is ${what}, not a Kubernetes object`;
    assert.equal(message(`{${RL}, "items": [{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a"}}, ${json}]}`), want, json);
    assert.equal(message(`apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: a}}\n${yaml}`), want, yaml);
  }
});
