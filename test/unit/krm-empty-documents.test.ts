// Documents that hold nothing (`---` alone, comments, null, an empty string)
// are skipped alike by the stream reader and around a ResourceList: a
// trailing `---` is no second document.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InputError, parseResourceList } from '../../src/krm/resourcelist.ts';
import { parseStream } from '../../src/krm/stream.ts';

const RL = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: a\n';
const EMPTY = ['---\n', '---\n# the end\n', '--- # the end\n', '---\n~\n', "--- ''\n", '---\n---\n', '...\n---\n'];

test('a ResourceList with empty documents after it (or before it) is read as the one list', () => {
  for (const extra of EMPTY) {
    const rl = parseResourceList(RL + extra);
    assert.deepEqual(rl.items.map((i) => i.obj.metadata?.name), ['a'], JSON.stringify(extra));
    assert.deepEqual(parseResourceList(`${extra}---\n${RL}`).items.map((i) => i.obj.metadata?.name), ['a'], JSON.stringify(extra));
  }
});

test('a second document that holds something is still refused, as is input holding only empty documents', () => {
  const rejects = (text: string, message: RegExp) => assert.throws(() => parseResourceList(text), (e: unknown) => e instanceof InputError && message.test(e.message), text);
  rejects(`${RL}---\nx\n`, /^input has 2 YAML documents: expected a single config.kubernetes.io\/v1 ResourceList/);
  rejects(`${RL}---\n- 1\n`, /^input has 2 YAML documents/);
  rejects(`${RL}---\n'x'\n`, /^input has 2 YAML documents/);
  rejects(`${RL}---\n[\n`, /^input is not valid YAML/);
  rejects('---\n---\n~\n', /^no input/);
});

test('a stream skips the same empty documents', () => {
  const stream = RL.replace('apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- ', '').replace(/\n {2}/g, '\n');
  for (const extra of EMPTY) {
    assert.deepEqual(parseStream(stream + extra, 's.yaml').map((o) => o.obj.metadata?.name), ['a'], JSON.stringify(extra));
  }
});
