// A stream read whole (its layout not cut at `---` lines: a document end
// marker, a directive): each document's text is still kept as written, the
// second's too; no document is lost or read without its directive; and the
// lines a document gets that is too deep, a scalar or a list.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatStream, parseStream, parseStreamWhole } from '../../src/krm/stream.ts';
import { refusal } from '../lib/refusal.ts';

function message(text: string): string | undefined {
  return refusal(() => parseStream(text, 'in.yaml'));
}

test('documents after a document end marker are written back as written, not reprinted', () => {
  const b = '# about b\nkind:   ConfigMap\napiVersion: v1\nmetadata:\n    name: b\n';
  for (const text of [`apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n...\n---\n${b}`, `%YAML 1.2\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n...\n${b}`]) {
    const objs = parseStream(text, 'in.yaml');
    assert.deepEqual(objs.map((o) => o.source), ['in.yaml (document 1)', 'in.yaml (document 2)']);
    assert.equal(formatStream(objs.map((o) => o.obj)), `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\n${b}`, text);
  }
});

test('a document nested too deeply, a scalar or a list: one line naming the document', () => {
  const deep = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {x: ${'['.repeat(200)}1${']'.repeat(200)}}\n`;
  assert.equal(message(deep), 'in.yaml: not accepted: maps and lists are nested more than 200 levels deep');
  assert.throws(() => parseStreamWhole(`apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n...\n${deep}`, 'in.yaml'), { message: 'in.yaml (document 2): not accepted: maps and lists are nested more than 200 levels deep' });
  assert.equal(message('just a string\n'), 'in.yaml: expected a Kubernetes object, found a scalar');
  assert.equal(message('- a\n- b\n'), 'in.yaml: expected a Kubernetes object, found a list');
  assert.equal(message('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\n42\n'), 'in.yaml (document 2): expected a Kubernetes object, found a scalar');
});

test('a document end marker without a start marker after it still separates two documents; a directive applies to its document', () => {
  const d = (n: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${n}}\n`;
  assert.deepEqual(parseStream(`${d('a')}...\n${d('b')}`, 's.yaml').map((o) => [o.source, o.obj.metadata?.name]), [['s.yaml (document 1)', 'a'], ['s.yaml (document 2)', 'b']]);
  assert.deepEqual(parseStream(`${d('a')}... # end of a\n${d('b')}`, 's.yaml').map((o) => [o.source, o.obj.metadata?.name]), [['s.yaml (document 1)', 'a'], ['s.yaml (document 2)', 'b']]);
  // Content after a start marker, however far after it.
  assert.deepEqual(parseStream(`${d('a')}---  {apiVersion: v1, kind: ConfigMap, metadata: {name: b}}\n`, 's.yaml').map((o) => [o.source, o.obj.metadata?.name]), [['s.yaml (document 1)', 'a'], ['s.yaml (document 2)', 'b']]);
  // YAML 1.1 reads `yes` as true.
  assert.deepEqual(parseStream(`%YAML 1.1\n---\n${d('a')}data: {x: yes}\n`, 's.yaml').map((o) => [o.source, o.obj.data]), [['s.yaml', { x: true }]]);
});

test('only a line that is a start marker cuts the stream: --- ending a value, or a key beginning with --- and a no-break space, does not', () => {
  const a = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n';
  assert.deepEqual(parseStream(`${a}data:\n  x: a---\n  y: b ---\n`, 's.yaml').map((o) => [o.source, o.obj.data]), [['s.yaml', { x: 'a---', y: 'b ---' }]]);
  assert.deepEqual(parseStream(`${a}---\u00a0x: 2\n`, 's.yaml').map((o) => [o.source, o.obj['---\u00a0x']]), [['s.yaml', 2]]);
});
