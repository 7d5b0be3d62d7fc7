// How an object-size error writes sizes (src/compile/object-size.ts): bytes
// below 1 MiB, MiB with two decimals from exactly 1 MiB on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Diagnostics } from '../../src/api/diagnostic.ts';
import { checkObjectSizes, jsonSize } from '../../src/compile/object-size.ts';

const MiB = 1024 * 1024;
const manifest = (bytes: number) => {
  const o = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'big' }, data: { x: '' } };
  o.data.x = 'a'.repeat(bytes - jsonSize(o));
  assert.equal(jsonSize(o), bytes);
  return o;
};
const sizes = (bytes: number, limit: number) => {
  const d = new Diagnostics();
  checkObjectSizes([manifest(bytes)], limit, false, d);
  assert.equal(d.list.length, 1);
  return d.list[0].message.split(' the API server stores')[0];
};

test('sizes: bytes below 1 MiB, MiB from exactly 1 MiB on', () => {
  assert.equal(sizes(MiB, MiB - 1), '1.00 MiB as JSON, over the 1048575 bytes');
  assert.equal(sizes(MiB + 1, MiB), '1.00 MiB as JSON, over the 1.00 MiB');
  assert.equal(sizes(1.5 * MiB + 5000, 1.5 * MiB), '1.50 MiB as JSON, over the 1.50 MiB');
});

test('jsonSize counts what JSON.stringify writes: undefined, functions and symbols in a list as null, in a map not at all', () => {
  const values = [[undefined], [() => 1], [Symbol('s')], [1, undefined, 'x'], { a: undefined, b: () => 1, c: Symbol('s'), d: [undefined] }];
  for (const v of values) assert.equal(jsonSize(v), Buffer.byteLength(JSON.stringify(v)), String(JSON.stringify(v)));
});

test('a limit that is not a positive finite number is no limit', () => {
  for (const limit of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
    const d = new Diagnostics();
    checkObjectSizes([manifest(MiB)], limit, false, d);
    assert.deepEqual(d.list, [], String(limit));
  }
});
