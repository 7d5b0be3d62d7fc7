// merge(): raw configuration snippets in one order whatever the input order:
// by priority, then the configuration's name, then its namespace.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { FRRConfiguration } from '../../src/api/frrk8s.ts';
import { merge } from '../../src/frr/index.ts';

const raw = (name: string | undefined, namespace: string | undefined, priority: number): FRRConfiguration =>
  ({
    apiVersion: 'frrk8s.metallb.io/v1beta1',
    kind: 'FRRConfiguration',
    metadata: { ...(name === undefined ? {} : { name }), ...(namespace === undefined ? {} : { namespace }) },
    spec: { raw: { priority, rawConfig: `! ${namespace ?? '-'}/${name ?? '-'} ${priority}\n` } },
  }) as FRRConfiguration;

const order = (configs: FRRConfiguration[]) => {
  const r = merge(configs);
  assert.ok(r.merged, JSON.stringify(r.diagnostics));
  return r.merged.raw.map((s) => s.text.trim());
};

describe('merge: raw snippets', () => {
  it('by priority, then name, then namespace; an absent name or namespace counts as empty', () => {
    // Digits sort before upper case: an absent one must count as '' to come first.
    const configs = [raw('0-b', '0-ns', 1), raw('0-b', undefined, 1), raw(undefined, '0-ns', 1), raw('0-a', '0-ns', 1), raw('0-a', 'ns', 0)];
    const want = ['! ns/0-a 0', '! 0-ns/- 1', '! 0-ns/0-a 1', '! -/0-b 1', '! 0-ns/0-b 1'];
    assert.deepEqual(order(configs), want);
    assert.deepEqual(order([...configs].reverse()), want);
    for (let i = 0; i < configs.length; i++) assert.deepEqual(order([...configs.slice(i), ...configs.slice(0, i)]), want, `rotated by ${i}`);
  });
});
