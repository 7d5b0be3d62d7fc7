// BGPSessionStates, the pure part (src/agent/sessions.ts): what FRR's view
// of the sessions asks for, and the plan that brings the existing objects
// there; and the request rate limiter of the writer (src/agent/sessionstates.ts).
// The writer against a real kube-apiserver: test/e2e/agent-kube.test.ts;
// with real FRR and BIRD: test/e2e/agent-observe.test.ts.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { BGPNeighborState } from '../../src/agent/frrstate.ts';
import type { BGPSessionStateStatus } from '../../src/api/frrk8s.ts';
import { labelSafe, peerLabel, planSessions, sessionKey, sessionLabels, sessionStatuses, type ExistingSession } from '../../src/agent/sessions.ts';
import { RateLimiter } from '../../src/agent/sessionstates.ts';

const neighbor = (vrf: string, peer: string, state: string, bfdStatus?: string): BGPNeighborState => ({
  vrf,
  peer,
  state,
  ...(bfdStatus ? { bfdStatus } : {}),
  announced: 0,
  received: 0,
  messages: { opensSent: 0, opensRecv: 0, notificationsSent: 0, updatesSent: 0, updatesRecv: 0, keepalivesSent: 0, keepalivesRecv: 0, routeRefreshSent: 0, totalSent: 0, totalRecv: 0 },
});

describe('session statuses', () => {
  it("as frr-k8s writes them: IPv6 peers written out with '-', the default VRF as \"\", N/A without BFD", () => {
    assert.deepEqual(sessionStatuses('node1', [neighbor('red', 'eth1', 'Connect'), neighbor('default', 'fd00::1', 'Active'), neighbor('default', '10.0.0.1', 'Established', 'Up')]), [
      { node: 'node1', peer: '10.0.0.1', vrf: '', bgpStatus: 'Established', bfdStatus: 'Up' },
      { node: 'node1', peer: 'fd00-0000-0000-0000-0000-0000-0000-0001', vrf: '', bgpStatus: 'Active', bfdStatus: 'N/A' },
      { node: 'node1', peer: 'eth1', vrf: 'red', bgpStatus: 'Connect', bfdStatus: 'N/A' },
    ]);
    assert.equal(peerLabel('2001:db8::a:1'), '2001-0db8-0000-0000-0000-0000-000a-0001');
    assert.equal(peerLabel('10.0.0.1'), '10.0.0.1');
  });

  it('labels: node, peer, vrf, each a valid label value', () => {
    const s = sessionStatuses('node1', [neighbor('default', 'fd00::1', 'Active')])[0];
    assert.deepEqual(sessionLabels(s), { 'frrk8s.metallb.io/node': 'node1', 'frrk8s.metallb.io/peer': 'fd00-0000-0000-0000-0000-0000-0000-0001', 'frrk8s.metallb.io/vrf': '' });
    assert.equal(labelSafe('eth0@vlan 3'), 'eth0-vlan-3');
    assert.equal(labelSafe('x'.repeat(70)).length, 63);
  });
});

describe('planSessions', () => {
  const desired = sessionStatuses('n', [neighbor('default', '10.0.0.1', 'Established', 'Up'), neighbor('default', '10.0.0.2', 'Active'), neighbor('red', '10.0.0.1', 'Idle')]);
  /** An object for desired[i] (no peer label: i undefined), with desired[i]'s status unless given one (null: none yet). */
  const existing = (name: string, i: number | undefined, status?: BGPSessionStateStatus | null): ExistingSession => ({
    name,
    key: i === undefined ? undefined : sessionKey(sessionLabels(desired[i])),
    status: status === null ? undefined : (status ?? (i === undefined ? undefined : desired[i])),
  });

  it('nothing to do when the objects say what FRR says', () => {
    assert.deepEqual(planSessions(desired, [existing('a', 0), existing('b', 1), existing('c', 2)]), []);
  });

  it('creates missing sessions, updates changed ones (and those created without a status), deletes the rest', () => {
    const plan = planSessions(desired, [
      existing('a', 0, { ...desired[0], bgpStatus: 'Active' }),
      existing('b', 1, null),
      existing('stale', 0, { ...desired[0], peer: 'x' }), // a second object for session 0
      existing('nolabel', undefined),
    ]);
    assert.deepEqual(plan, [
      { kind: 'delete', name: 'nolabel' },
      { kind: 'delete', name: 'stale' },
      { kind: 'create', status: desired[2] },
      { kind: 'update', name: 'a', status: desired[0] },
      { kind: 'update', name: 'b', status: desired[1] },
    ]);
  });

  it('sessions FRR no longer has are deleted; the same peer in two VRFs is two sessions', () => {
    assert.deepEqual(planSessions(desired.slice(0, 1), [existing('a', 0), existing('c', 2)]), [{ kind: 'delete', name: 'c' }]);
    assert.notEqual(sessionKey(sessionLabels(desired[0])), sessionKey(sessionLabels(desired[2])));
  });
});

describe('RateLimiter', () => {
  it('lets a burst through at once, then spaces requests at 1/qps', () => {
    const r = new RateLimiter(5, 3);
    const delays = Array.from({ length: 6 }, () => r.delay());
    assert.deepEqual(delays.slice(0, 3), [0, 0, 0]);
    // The 4th, 5th, 6th: about 200, 400, 600 ms later (a few ms passed meanwhile at most).
    for (const [i, want] of [[3, 200], [4, 400], [5, 600]] as const) assert.ok(Math.abs(delays[i] - want) <= 10, `${i}: ${delays[i]}`);
  });
});
