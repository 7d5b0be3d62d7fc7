// JSON input is written back as the user wrote it: where each member of the
// top level (and each element of items) lies in the text, whatever kind of
// value comes before it (numbers, true/false, null as well as strings,
// objects and lists).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatResourceList, parseResourceList } from '../../src/krm/resourcelist.ts';
import { formatStream, parseStream } from '../../src/krm/stream.ts';

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
