// The input size limit: sizes as Kubernetes quantities, the flag before the
// environment before the default, 0 for none, and the message naming the
// limit in the largest whole unit (and twice it as the way out).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_MAX_INPUT_BYTES, inputLimit, MAX_INPUT_ENV, parseSize, tooLargeProblem } from '../../src/krm/limits.ts';

test('sizes: bytes, or a whole number with k, M, G (powers of 1000) or Ki, Mi, Gi (of 1024); anything else is none', () => {
  const want: Record<string, number | undefined> = { '0': 0, '512': 512, ' 7 ': 7, '2k': 2000, '3M': 3e6, '1G': 1e9, '2Ki': 2048, '3Mi': 3 * 1024 ** 2, '1Gi': 1024 ** 3, '1.5M': undefined, '-1': undefined, '1m': undefined, '1KB': undefined, 'M': undefined, '': undefined, '1 Mi': undefined };
  assert.deepEqual(Object.fromEntries(Object.keys(want).map((t) => [t, parseSize(t)])), want);
});

test('the limit: the flag over the environment over the default; 0 is none; a bad setting is named', () => {
  const env = { [MAX_INPUT_ENV]: '1Mi' };
  assert.equal(inputLimit(undefined, {}), DEFAULT_MAX_INPUT_BYTES);
  assert.equal(inputLimit(undefined, { [MAX_INPUT_ENV]: '' }), DEFAULT_MAX_INPUT_BYTES);
  assert.equal(inputLimit(undefined, env), 1024 ** 2);
  assert.equal(inputLimit('2k', env), 2000);
  assert.equal(inputLimit('', env), DEFAULT_MAX_INPUT_BYTES);
  assert.equal(inputLimit('0', env), Infinity);
  assert.equal(inputLimit(undefined, { [MAX_INPUT_ENV]: '0' }), Infinity);
  assert.equal(inputLimit('lots', env), '--max-input-size: "lots" is not a size (bytes, or a number with k, M, G, Ki, Mi or Gi; 0 for no limit)');
  assert.equal(inputLimit(undefined, { [MAX_INPUT_ENV]: '1.5G' }), `${MAX_INPUT_ENV}: "1.5G" is not a size (bytes, or a number with k, M, G, Ki, Mi or Gi; 0 for no limit)`);
});

test('the message names the limit in the largest whole binary unit, and twice it as the way out', () => {
  const say = (limit: number) => tooLargeProblem('stdin', limit);
  assert.equal(say(64 * 1024 ** 2), `stdin: more than the input limit of 64Mi; raise it with ${MAX_INPUT_ENV} (or --max-input-size for build and render), e.g. ${MAX_INPUT_ENV}=128Mi`);
  assert.equal(say(1024 ** 3), `stdin: more than the input limit of 1Gi; raise it with ${MAX_INPUT_ENV} (or --max-input-size for build and render), e.g. ${MAX_INPUT_ENV}=2Gi`);
  assert.match(say(1536), /limit of 1536; .*=3Ki$/);
  assert.match(say(1024), /limit of 1Ki; .*=2Ki$/);
  assert.match(say(1000), /limit of 1000; .*=2000$/);
  assert.match(say(1024 ** 2 + 1024), /limit of 1025Ki; .*=2050Ki$/);
});
