// The hold/keepalive rule both sides share (src/api/timers.ts): what each
// side gets, and the order in which problems are found.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connectTime, holdKeepalive, wholeSeconds } from '../../src/api/timers.ts';

const kinds = (r: ReturnType<typeof holdKeepalive>) => (r.ok ? 'ok' : r.problem.map((p) => ('timer' in p ? `${p.kind} ${p.timer}` : p.kind)).join(', '));

test('MetalLB derives a missing time, frr-k8s refuses it', () => {
  assert.deepEqual(holdKeepalive({ holdTime: '10s' }, 'derive'), { ok: true, value: { hold: 10e9, keepalive: 3_333_333_333, derived: 'keepaliveTime' } });
  assert.deepEqual(holdKeepalive({ keepaliveTime: '20s' }, 'derive'), { ok: true, value: { hold: 60e9, keepalive: 20e9, derived: 'holdTime' } });
  assert.equal(kinds(holdKeepalive({ holdTime: '10s' }, 'refuse')), 'unpaired');
  assert.deepEqual(holdKeepalive({}, 'refuse'), { ok: true, value: undefined });
});

test('keepalive is compared with hold as written, before truncation; FRR gets whole seconds', () => {
  assert.equal(kinds(holdKeepalive({ holdTime: '3.5s', keepaliveTime: '3.6s' }, 'refuse')), 'keepalive-over-hold');
  const r = holdKeepalive({ holdTime: '10s', keepaliveTime: '3.333333333s' }, 'refuse');
  assert.ok(r.ok && r.value);
  assert.deepEqual([wholeSeconds(r.value.hold), wholeSeconds(r.value.keepalive)], [10, 3]);
});

test('hold: 0 or at least 3 whole seconds; FRR takes 0 to 65535 whole seconds', () => {
  assert.equal(kinds(holdKeepalive({ holdTime: '2.9s', keepaliveTime: '1s' }, 'refuse')), 'hold-too-short');
  assert.equal(kinds(holdKeepalive({ holdTime: '500ms', keepaliveTime: '0s' }, 'refuse')), 'ok');
  assert.equal(kinds(holdKeepalive({ holdTime: '65535.9s', keepaliveTime: '1s' }, 'refuse')), 'ok');
  assert.equal(kinds(holdKeepalive({ holdTime: '65536s', keepaliveTime: '1s' }, 'refuse')), 'too-long holdTime');
  assert.equal(kinds(holdKeepalive({ keepaliveTime: '21846s' }, 'derive')), 'too-long holdTime');
  assert.equal(kinds(holdKeepalive({ holdTime: '10s', keepaliveTime: '-1s' }, 'refuse')), 'negative keepaliveTime');
  assert.equal(kinds(holdKeepalive({ holdTime: '-0.5s', keepaliveTime: '-0.5s' }, 'refuse')), 'ok');
});

test('problems in the order MetalLB and frr-k8s check: each time, the rule, then FRR\'s limit', () => {
  assert.equal(kinds(holdKeepalive({ holdTime: 'x', keepaliveTime: '-5s' }, 'refuse')), 'not-a-duration holdTime, negative keepaliveTime');
  assert.equal(kinds(holdKeepalive({ holdTime: 'x', keepaliveTime: '80000s' }, 'refuse')), 'not-a-duration holdTime');
  assert.equal(kinds(holdKeepalive({ holdTime: '2s', keepaliveTime: '70000s' }, 'refuse')), 'hold-too-short');
  assert.equal(kinds(holdKeepalive({ holdTime: '70000s', keepaliveTime: '80000s' }, 'refuse')), 'keepalive-over-hold');
  assert.equal(kinds(holdKeepalive({ holdTime: '80000s', keepaliveTime: '70000s' }, 'refuse')), 'too-long holdTime, too-long keepaliveTime');
});

test('connectTime: whole seconds from 1 to 65535', () => {
  assert.deepEqual(connectTime('1m30s'), { ok: true, value: 90e9 });
  assert.deepEqual(['x', '1.5s', '0s', '65536s'].map((t) => connectTime(t)), [
    { ok: false, problem: 'not-a-duration' },
    { ok: false, problem: 'fraction' },
    { ok: false, problem: 'out-of-range' },
    { ok: false, problem: 'out-of-range' },
  ]);
});
