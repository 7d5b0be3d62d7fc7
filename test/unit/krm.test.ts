import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatResourceList, InputError, parseResourceList } from '../../src/krm/resourcelist.ts';
import { formatStream, parseStream } from '../../src/krm/stream.ts';

const LIST = `apiVersion: config.kubernetes.io/v1
kind: ResourceList
items:
- # first comment
  apiVersion: v1
  kind: ConfigMap
  metadata:
    name: a # trailing
    annotations:
      config.kubernetes.io/path: 'a.yaml'
  data:
    quoted: "yes"
    plain: 65000:100
functionConfig:
  apiVersion: v1
  kind: ConfigMap
  metadata:
    name: cfg
`;

function rejects(input: string, fragment: RegExp) {
  assert.throws(() => parseResourceList(input), (e: unknown) => e instanceof InputError && fragment.test((e as Error).message));
}

test('input items keep comments, quoting and annotations byte for byte', () => {
  const rl = parseResourceList(LIST);
  const out = formatResourceList(rl, rl.items, [], []);
  // Written after the dash, as kpt writes it (above the dash kpt doubles it).
  assert.match(out, /\n- # first comment\n  apiVersion: v1\n/);
  for (const line of ['    name: a # trailing', "      config.kubernetes.io/path: 'a.yaml'", '    quoted: "yes"', '    plain: 65000:100']) {
    assert.ok(out.includes(line + '\n'), `missing line ${JSON.stringify(line)} in\n${out}`);
  }
  assert.equal(rl.functionConfig?.metadata?.name, 'cfg');
});

test('generated values that YAML 1.1 would misread are quoted; multi-line strings are literal blocks', () => {
  const rl = parseResourceList(LIST);
  const out = formatResourceList(rl, [], [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'g' }, data: { c: '65000:10', d: '65000:100', b: 'on', n: '0777', s: 'plain', conf: 'line1\nline2\n' } }], []);
  assert.match(out, /c: "65000:10"/); // sexagesimal in YAML 1.1
  assert.match(out, /d: 65000:100\n/); // not a 1.1 number: left plain
  assert.match(out, /b: "on"/);
  assert.match(out, /"n": "0777"/); // keys too: n is false in YAML 1.1
  assert.match(out, /s: plain\n/);
  assert.match(out, /conf: \|\n\s+line1\n\s+line2\n/);
  assert.doesNotMatch(out, /first comment/, 'dropped item must not survive');
});

test('JSON input is accepted and its items written back as written (JSON is YAML: flow mappings)', () => {
  const rl = parseResourceList(JSON.stringify({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items: [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'x' } }] }));
  const out = formatResourceList(rl, rl.items, [], []);
  assert.equal(out, 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- {"apiVersion":"v1","kind":"Namespace","metadata":{"name":"x"}}\n');
  // Pretty-printed JSON keeps its lines; the output reads back as the same data, and again as itself.
  const pretty = JSON.stringify({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: { a: '1', 'b c': 'é\u2028' } }], functionConfig: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } } }, null, 2);
  const p = parseResourceList(pretty);
  const text = formatResourceList(p, p.items, [], []);
  const again = parseResourceList(text);
  assert.deepEqual(again.items.map((i) => i.obj), p.items.map((i) => i.obj));
  assert.deepEqual(again.functionConfig, p.functionConfig);
  assert.equal(formatResourceList(again, again.items, [], []), text);
  // JSON that YAML would read otherwise (a repeated key, kept last by JSON.parse; a CR) is printed on one line.
  for (const odd of ['{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"},"data":{"k":"1","k":"2"}}', '{"apiVersion":"v1",\r"kind":"ConfigMap","metadata":{"name":"x"}}']) {
    const rl2 = parseResourceList(`{"apiVersion":"config.kubernetes.io/v1","kind":"ResourceList","items":[${odd}]}`);
    const out2 = formatResourceList(rl2, rl2.items, [], []);
    assert.deepEqual(parseResourceList(out2).items.map((i) => i.obj), rl2.items.map((i) => i.obj), out2);
  }
});

test('every bad input class gets its own message', () => {
  rejects('', /no input/);
  rejects('   \n', /no input/);
  rejects('{"apiVersion": ', /not valid JSON/);
  rejects('a: [1, 2\n', /not valid YAML/);
  rejects('a: 1\na: 2\n', /not valid YAML/);
  rejects('- 1\n- 2\n', /is a list, not a config.kubernetes.io\/v1 ResourceList/);
  rejects('hello\n', /is a string, not a/); // never echoed: a plain string may be a whole Secret
  rejects('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n', /input is v1 ConfigMap, not a config.kubernetes.io\/v1 ResourceList/);
  rejects('apiVersion: config.kubernetes.io/v1\nkind: ResourceList\n---\napiVersion: config.kubernetes.io/v1\nkind: ResourceList\n', /2 YAML documents/);
  rejects('apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: {}\n', /items must be a list/);
  rejects('apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- 3\n', /items\[0\] is a number/);
  rejects('apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- kind: Foo\n  metadata: {name: f}\n', /items\[0\] \(Foo f\) has no apiVersion/);
  rejects('apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nfunctionConfig: [1]\n', /functionConfig is a list/);
  rejects('apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: &m {name: a}\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: *m\n', /uses a YAML alias \(\*name\): aliases are not supported in a ResourceList/);
  rejects('apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a}\n  data: *s3cret\n', /^(?!.*s3cret).*YAML alias/);
  rejects('apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a}\n  data: {k: !!timestamp 2001-12-14}\n', /not plain data: a value tagged tag:yaml.org,2002:timestamp/);
});

test('an empty item list is a valid ResourceList', () => {
  const rl = parseResourceList('apiVersion: config.kubernetes.io/v1\nkind: ResourceList\n');
  assert.equal(rl.items.length, 0);
  assert.match(formatResourceList(rl, [], [], []), /^items: \[\]$/m);
});

test('streams: documents, List unwrapping, and errors naming the document', () => {
  const objs = parseStream('apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Namespace\n  metadata: {name: a}\n---\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: b}\n', 'in.yaml');
  assert.deepEqual(objs.map((o) => o.obj.metadata?.name), ['a', 'b']);
  assert.throws(() => parseStream('kind: X\n---\nfoo: [\n', 'f.yaml'), /f\.yaml \(document 1\): not a Kubernetes object \(no apiVersion, metadata\.name\)/);
  assert.throws(() => parseStream('a: 1\n---\nfoo: [\n', 'f.yaml'), /document 1/);
  assert.throws(() => parseStream('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {k: !!binary aGk=}\n', 'f.yaml'), /f\.yaml: not plain data: a value tagged tag:yaml.org,2002:binary/);
  assert.throws(() => parseStream('apiVersion: v1\nkind: Secret\nmetadata: {name: a}\nstringData: {password: *s3cret}\n', 'f.yaml'), (e: unknown) => e instanceof InputError && /^f\.yaml: a YAML alias \(\*name\) has no anchor/.test((e as Error).message) && !(e as Error).message.includes('s3cret'));
});

test('streams: aliases within a document are resolved, and written out resolved', () => {
  const objs = parseStream('apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a}\n  data: &d {k: v}\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: b}\n  data: *d\n', 'in.yaml');
  assert.deepEqual(objs.map((o) => o.obj.data), [{ k: 'v' }, { k: 'v' }]);
  assert.equal(formatStream(objs.map((o) => o.obj)), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  k: v\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\ndata:\n  k: v\n');
});
