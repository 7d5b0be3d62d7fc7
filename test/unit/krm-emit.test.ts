// The writer of generated data: plain data only. A number YAML would read
// back as something else (.nan, .inf) is refused, never written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emitYAML } from '../../src/krm/emit.ts';

test('a number JSON cannot hold (NaN, ±Infinity) is refused with its value, not written', () => {
  assert.equal(emitYAML({ a: 1.5, b: [-2] }), 'a: 1.5\nb:\n- -2\n');
  for (const [v, text] of [[NaN, 'NaN'], [Infinity, 'Infinity'], [-Infinity, '-Infinity']] as const) {
    assert.throws(() => emitYAML({ spec: { port: v } }), { message: `cannot write ${text} as YAML` });
  }
});
