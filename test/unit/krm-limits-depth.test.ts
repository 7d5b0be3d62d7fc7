// How deeply plain data (JSON.parse's result) may nest, counted in levels of
// maps and lists: exactly the limit is taken, one more is refused, scalars
// and empty collections count no level of their own; and the input limit's
// environment variable by the name README documents.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inputLimit, MAX_DEPTH, tooDeep, tooLargeProblem } from '../../src/krm/limits.ts';

/** `levels` lists (or maps, alternating) one inside the other, a scalar innermost. */
function nested(levels: number, leaf: unknown = 1): unknown {
  let v = leaf;
  for (let i = 0; i < levels; i++) v = i % 2 === 0 ? [v] : { k: v };
  return v;
}

test('nesting: the limit itself is taken, one level more is refused, maps and lists alike', () => {
  assert.equal(tooDeep(nested(MAX_DEPTH)), false);
  assert.equal(tooDeep(nested(MAX_DEPTH + 1)), true);
  assert.equal(tooDeep(nested(3), 3), false);
  assert.equal(tooDeep(nested(4), 3), true);
  assert.equal(tooDeep({ a: 1, b: [1, 2, { c: null }] }, 3), false);
  assert.equal(tooDeep({ a: 1, b: [1, 2, { c: [] }] }, 3), true);
  // The deepest branch counts wherever it is, before or after shallow ones.
  assert.equal(tooDeep([nested(3), 1, nested(1)], 3), true);
  assert.equal(tooDeep([nested(1), null, nested(3)], 3), true);
});

test('scalars are no level: a scalar or null alone is never too deep, one at the deepest level adds none', () => {
  assert.equal(tooDeep(1, 0), false);
  assert.equal(tooDeep(null, 0), false);
  assert.equal(tooDeep('x', 0), false);
  assert.equal(tooDeep([], 0), true);
  assert.equal(tooDeep(nested(3, null), 3), false);
  assert.equal(tooDeep(nested(3, 'x'), 3), false);
});

test('the input limit is read from METALLB_FRR_MAX_INPUT_SIZE, the name the message and README give', () => {
  assert.equal(inputLimit(undefined, { METALLB_FRR_MAX_INPUT_SIZE: '1Ki' }), 1024);
  assert.equal(inputLimit(undefined, { METALLB_FRR_MAX_INPUT_SIZE: 'x' }), 'METALLB_FRR_MAX_INPUT_SIZE: "x" is not a size (bytes, or a number with k, M, G, Ki, Mi or Gi; 0 for no limit)');
  assert.equal(tooLargeProblem('stdin', 1024), 'stdin: more than the input limit of 1Ki; raise it with METALLB_FRR_MAX_INPUT_SIZE (or --max-input-size for build and render), e.g. METALLB_FRR_MAX_INPUT_SIZE=2Ki');
});
