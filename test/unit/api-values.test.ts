import { test } from 'node:test';
import assert from 'node:assert/strict';
import { durationNanos, formatNanos, parseDuration } from '../../src/api/duration.ts';
import { compareCommunities, parseCommunity, type ParsedCommunity } from '../../src/api/community.ts';
import { selectorMatches, selectorProblems } from '../../src/api/selector.ts';

test('Go durations parse and format like time.Duration', () => {
  assert.equal(parseDuration('90s'), 90_000);
  assert.equal(parseDuration('1m30s'), 90_000);
  assert.equal(parseDuration('1.5h'), 5_400_000);
  assert.equal(parseDuration('300ms'), 300);
  assert.equal(parseDuration('0'), 0);
  for (const bad of ['', '10', 's', '1m30', '1d', 'abc', '1 s']) assert.equal(parseDuration(bad), undefined, bad);
  // Whole nanoseconds, as Go's time.ParseDuration: a fraction below one is dropped, not rounded.
  assert.equal(durationNanos('3.0000000006s'), 3e9);
  assert.equal(durationNanos('3.333333333s'), 3_333_333_333);
  assert.equal(durationNanos('1h0.5m'), 3630e9);
  assert.equal(durationNanos('-1.5s'), -1.5e9);
  assert.equal(durationNanos('.5us'), 500);
  assert.equal(formatNanos(90e9), '1m30s');
  assert.equal(formatNanos(180e9), '3m0s');
  assert.equal(formatNanos(3600e9), '1h0m0s');
  assert.equal(formatNanos(10e9), '10s');
  assert.equal(formatNanos(1.5e9), '1.5s');
  assert.equal(formatNanos(500e6), '500ms');
  assert.equal(formatNanos(0), '0s');
});

test('communities: standard and large, ranges, canonical text, MetalLB order', () => {
  const community = (text: string): ParsedCommunity => {
    const got = parseCommunity(text);
    assert.ok(got.ok, text);
    return got.value;
  };
  assert.deepEqual(parseCommunity('65000:100'), { ok: true, value: { large: false, parts: [65000, 100], value: '65000:100' } });
  assert.deepEqual(parseCommunity('large:4200000000:1:2'), { ok: true, value: { large: true, parts: [4200000000, 1, 2], value: 'large:4200000000:1:2' } });
  assert.equal(community('065000:0100').value, '65000:100');
  assert.equal(community('large:000000000001:2:3').value, 'large:1:2:3');
  for (const bad of ['65536:1', '1:-1', 'a:b', '1:2:3', 'big:1:2:3', 'large:1:2:4294967296', '1', '']) {
    const got = parseCommunity(bad);
    assert.ok(!got.ok && got.problem.startsWith(`invalid community "${bad}"`), bad);
  }
  const sorted = ['large:1:0:0', '0:2', '1:0', 'large:0:0:1'].map(community).sort(compareCommunities).map((c) => c.value);
  // 0:2 is 2:0:0 in large terms, 1:0 is 65536:0:0.
  assert.deepEqual(sorted, ['large:0:0:1', 'large:1:0:0', '0:2', '1:0']);
});

test('label selectors: apimachinery semantics', () => {
  const labels = { zone: 'a', rack: 'r1' };
  assert.ok(selectorMatches(undefined, labels));
  assert.ok(selectorMatches({}, labels));
  assert.ok(selectorMatches({ matchLabels: { zone: 'a' } }, labels));
  assert.ok(!selectorMatches({ matchLabels: { zone: 'b' } }, labels));
  assert.ok(selectorMatches({ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a', 'b'] }] }, labels));
  assert.ok(!selectorMatches({ matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a'] }] }, labels));
  assert.ok(selectorMatches({ matchExpressions: [{ key: 'x', operator: 'NotIn', values: ['a'] }] }, labels));
  assert.ok(selectorMatches({ matchExpressions: [{ key: 'rack', operator: 'Exists' }] }, labels));
  assert.ok(!selectorMatches({ matchExpressions: [{ key: 'rack', operator: 'DoesNotExist' }] }, labels));
  assert.ok(!selectorMatches({ matchExpressions: [{ key: 'rack', operator: 'Bogus' }] }, labels));
  assert.deepEqual(selectorProblems({ matchExpressions: [{ key: 'a', operator: 'In' }, { key: 'b', operator: 'Exists', values: ['x'] }, { key: 'c', operator: 'Gt', values: ['1'] }] }).map((p) => p.path), [
    'matchExpressions[0].values',
    'matchExpressions[1].values',
    'matchExpressions[2].operator',
  ]);
});

test('a diagnostic is one line, whatever a name holds', async () => {
  const { formatDiagnostic } = await import('../../src/api/diagnostic.ts');
  const line = formatDiagnostic({ severity: 'error', ref: { kind: 'BGPPeer', name: 'a\nerror: forged', namespace: 'ns' }, field: 'spec.x', message: 'bad\r\nvalue' }, 'f.yaml');
  assert.equal(line, 'error: BGPPeer ns/a\\nerror: forged (f.yaml) spec.x: bad\\r\\nvalue');
  assert.equal(formatDiagnostic({ severity: 'warning', message: 'no object' }), 'warning: no object');
});
