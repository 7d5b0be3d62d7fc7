// merge() reading raw configuration, BFD profiles and imports: the rules the
// other merge tests do not pin down.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { FRRConfiguration } from '../../src/api/frrk8s.ts';
import { merge } from '../../src/frr/index.ts';

const config = (spec: Record<string, unknown>): FRRConfiguration => ({ apiVersion: 'frrk8s.metallb.io/v1beta1', kind: 'FRRConfiguration', metadata: { name: 'c', namespace: 'ns' }, spec }) as unknown as FRRConfiguration;
const raw = (rawConfig: string) => merge([config({ raw: { rawConfig } })]);

describe('merge: raw configuration', () => {
  it('a control character FRR cannot read is refused, naming its line; tab and LF are text', () => {
    for (const [text, line] of [['\rrouter bgp 1\n', 1], ['a\nb\nc\x7f\n', 3], ['a\x08\n', 1], ['a\n\x0b\n', 2], ['\x00', 1], ['a\x1f', 1]] as const) {
      assert.deepEqual(
        raw(text).diagnostics.map((d) => [d.severity, d.field, d.message]),
        [['error', 'spec.raw.rawConfig', `line ${line} has a control character (such as a CR of CRLF line ends) that FRR's configuration cannot carry; use plain text with LF line ends`]],
        JSON.stringify(text),
      );
    }
    const ok = raw('router bgp 65001\n\tneighbor 10.0.0.1 remote-as 65000\n');
    assert.deepEqual(ok.diagnostics, []);
    assert.equal(ok.merged?.raw.length, 1);
  });

  it('blank raw configuration adds nothing', () => {
    const r = raw(' \n\t\n');
    assert.deepEqual(r.diagnostics, []);
    assert.deepEqual(r.merged?.raw, []);
  });

  it('coalesce-time, as a whole word at the start of a line, is a warning; priority defaults to 0', () => {
    assert.deepEqual(raw('router bgp 1\n  coalesce-time 1000\n').diagnostics.map((d) => d.severity), ['warning']);
    assert.deepEqual(raw('! coalesce-time 1000\ncoalesce-timer 5\n').diagnostics, []);
    assert.equal(raw('! x\n').merged?.raw[0].priority, 0);
  });
});

describe('merge: BFD profiles and imports', () => {
  it('echo and passive mode default to false', () => {
    const r = merge([config({ bgp: { bfdProfiles: [{ name: 'p' }], routers: [{ asn: 65001 }] } })]);
    assert.deepEqual(r.diagnostics, []);
    assert.deepEqual([r.merged?.bfdProfiles[0].echoMode, r.merged?.bfdProfiles[0].passiveMode], [false, false]);
  });

  it('a VRF imported twice is one import', () => {
    const r = merge([config({ bgp: { routers: [{ asn: 65001, imports: [{ vrf: 'red' }, { vrf: 'red' }] }, { asn: 65001, vrf: 'red', prefixes: ['10.9.0.0/24'] }] } })]);
    assert.deepEqual(r.diagnostics, []);
    assert.deepEqual(r.merged?.routers.find((x) => x.vrf === '')?.imports, ['red']);
  });
});
