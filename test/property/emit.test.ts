// The YAML writer for generated data: whatever it writes reads back as the
// same value, under YAML 1.2 (the yaml library, kpt, kustomize) and YAML 1.1
// (older readers), and it is deterministic.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { fcParams } from '../lib/property.ts';
import { parse } from 'yaml';
import { EmitCache, emitSeqItem, emitYAML } from '../../src/krm/emit.ts';

const tricky = fc.constantFrom(
  '', ' ', 'on', 'No', 'y', '~', 'null', '0777', '0x1F', '1e3', '1_000', '65000:10', '65000:100', '.inf', '-.5', '2001-12-14', '2001-12-14T00:00:00Z',
  'a: b', 'a:', ':a', '#c', 'a #c', '- a', '? a', '[a]', '{a}', '*a', '&a', '!a', '|', '>', '%a', '@a', '`a', "'a'", '"a"',
  'line1\nline2\n', 'line1\nline2', 'a\n\n', '\nleading', ' lead\ntext', 'trail \nx', 'x\r\ny', 'tab\there', 'ü\nπ\n', '\u2028', 'fd00::1', '10.200.0.0/24',
  'kubernetes.io/hostname', 'large:1:2:3', '-', '--', '---', '...', 'a\u0000b', 'app.kubernetes.io/managed-by',
);
const str = fc.oneof(fc.string({ unit: 'grapheme-composite' }), fc.string(), tricky, fc.array(fc.oneof(tricky, fc.string()), { maxLength: 4 }).map((xs) => xs.join('\n')));
const value = fc.letrec((tie) => ({
  v: fc.oneof({ depthSize: 'small' }, str, fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null), tie('arr'), tie('obj')),
  arr: fc.array(tie('v'), { maxLength: 4 }),
  obj: fc.dictionary(str, tie('v'), { maxKeys: 4 }),
})).v;

const normalise = (v: unknown) => JSON.parse(JSON.stringify(v)) as unknown;

test('emitYAML round-trips any JSON value under YAML 1.2 and 1.1', () => {
  fc.assert(
    fc.property(value, (v) => {
      const text = emitYAML(v);
      assert.deepEqual(parse(text), normalise(v), text);
      assert.deepEqual(parse(text, { version: '1.1' }), normalise(v), text);
      assert.equal(emitYAML(v), text);
    }),
    fcParams({ numRuns: 2000 }),
  );
});

test('a sequence of emitted items reads back as the list', () => {
  fc.assert(
    fc.property(fc.array(value, { maxLength: 4 }), (vs) => {
      const text = vs.length ? vs.map((v) => emitSeqItem(v)).join('') : '[]\n';
      assert.deepEqual(parse(`items:\n${text.startsWith('[') ? '' : ''}${text}`.replace('items:\n[]', 'items: []')), { items: normalise(vs) });
    }),
    fcParams({ numRuns: 500 }),
  );
});

test('the chosen style: plain where safe, quoted where a reader could misread, literal blocks', () => {
  assert.equal(
    emitYAML({ kind: 'ConfigMap', data: { a: 'on', b: '65000:10', c: '10.200.0.0/24', script: '#!/bin/sh\necho hi\n', empty: {}, list: [] }, items: [{ x: 1 }, 'y', [2]] }),
    'kind: ConfigMap\ndata:\n  a: "on"\n  b: "65000:10"\n  c: 10.200.0.0/24\n  script: |\n    #!/bin/sh\n    echo hi\n  empty: {}\n  list: []\nitems:\n- x: 1\n- "y"\n- - 2\n',
  );
});

test('with an EmitCache (one output\'s shared parts kept from their second time on), the same text as without', () => {
  fc.assert(
    fc.property(value, value, (a, b) => {
      // Parts met again, at the same and at other indentations, in map values and list items.
      const docs = [{ a, b }, { x: { a }, b }, [a, [a, b], { a }], { spec: { bgp: a } }, { spec: { bgp: a } }, [a, a, a]];
      const cache = new EmitCache();
      for (const d of docs) {
        assert.equal(emitYAML(d, cache), emitYAML(d));
        assert.equal(emitSeqItem(d, cache), emitSeqItem(d));
      }
    }),
    fcParams({ numRuns: 300 }),
  );
});
