// JSON input is written back as written whatever blank space JSON allows
// between its members and elements (spaces, line feeds, CRs and tabs: a file
// saved on Windows, a tab-indented one); and the scan of a text that is no
// object finds no members.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jsonElements, jsonMembers } from '../../src/krm/jsontext.ts';
import { formatResourceList, parseResourceList } from '../../src/krm/resourcelist.ts';
import { formatStream, parseStream } from '../../src/krm/stream.ts';

// Spaces after colons and commas: JSON.stringify would write none, so the output shows whether the text was kept.
const ITEM = '{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "x"}}';
const ITEM2 = ITEM.replace('"x"', '"y"');
const CONFIG = '{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}}';

test('a JSON ResourceList with CRs and tabs between its members and elements: items and functionConfig as written', () => {
  for (const blank of ['\r\n', '\t', '\r\n\t', ' \t ']) {
    const text = `{${blank}"apiVersion":${blank}"config.kubernetes.io/v1",${blank}"kind": "ResourceList",${blank}"items":${blank}[${blank}${ITEM},${blank}${ITEM2}${blank}],${blank}"functionConfig":${blank}${CONFIG}${blank}}${blank}`;
    const rl = parseResourceList(text);
    assert.equal(rl.functionConfigText, `${CONFIG}\n`, JSON.stringify(blank));
    assert.equal(formatResourceList(rl, rl.items, [], []), `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- ${ITEM}\n- ${ITEM2}\nfunctionConfig:\n  ${CONFIG}\n`, JSON.stringify(blank));
  }
});

test('a JSON List on a stream with CRs and tabs between its members and elements: each item as written', () => {
  for (const blank of ['\r\n', '\t']) {
    const text = `{"apiVersion": "v1",${blank}"kind": "List",${blank}"items":${blank}[${ITEM},${blank}${ITEM2}${blank}]${blank}}`;
    assert.equal(formatStream(parseStream(text, 'in.json').map((o) => o.obj)), `${ITEM}\n---\n${ITEM2}\n`, JSON.stringify(blank));
  }
});

test('the members of a text that is no object: none; the elements of a text that is no list there: none', () => {
  assert.deepEqual(jsonMembers('[{"a": 1}]'), new Map());
  assert.deepEqual(jsonMembers(' "a"'), new Map());
  assert.deepEqual(jsonElements('{"a": [1]}', 0), []);
  const text = '{"a": [1, {"b": 2}]}';
  assert.deepEqual(jsonMembers(text), new Map([['a', [6, 19]]]));
  assert.deepEqual(jsonElements(text, 6).map(([from, to]) => text.slice(from, to)), ['1', '{"b": 2}']);
});
