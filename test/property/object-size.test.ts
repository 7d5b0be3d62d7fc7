// jsonSize (src/compile/object-size.ts) measures what JSON.stringify would
// write, in bytes, without writing it: for any JSON value, with parts shared
// between objects (measured once) and undefined fields and array items
// (left out, and null, as JSON.stringify does).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { jsonSize } from '../../src/compile/object-size.ts';
import { fcParams } from '../lib/property.ts';

const str = fc.oneof(fc.string(), fc.string({ unit: 'grapheme-composite' }), fc.constantFrom('', '"', '\\', '\n', '\u0000', '\u2028', 'ü', '😀', '\ud800'));
const value = fc.letrec((tie) => ({
  v: fc.oneof({ depthSize: 'small' }, str, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(undefined), tie('arr'), tie('obj')),
  arr: fc.array(tie('v'), { maxLength: 5 }),
  obj: fc.dictionary(str, tie('v'), { maxKeys: 5 }),
})).v;

test('jsonSize(v) = Buffer.byteLength(JSON.stringify(v)), shared parts included', () => {
  fc.assert(
    fc.property(value, value, (a, b) => {
      // The same objects twice, as per-node configurations share their spec.bgp.
      const whole = { a, b, again: [a, b], nested: { a } };
      const cache = new WeakMap<object, number>();
      assert.equal(jsonSize(whole, cache), Buffer.byteLength(JSON.stringify(whole)));
      assert.equal(jsonSize(whole, cache), Buffer.byteLength(JSON.stringify(whole)), 'measured again from the cache');
    }),
    fcParams({ numRuns: 500 }),
  );
});
