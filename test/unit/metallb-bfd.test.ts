// BFDProfile into the model: what frr-k8s keeps of it (echo and passive mode
// off unless set), in name order, and a name FRR takes as `profile NAME`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Diagnostics } from '../../src/api/diagnostic.ts';
import type { BFDProfile } from '../../src/api/metallb.ts';
import { parseBFDProfiles } from '../../src/metallb/bfd.ts';

const cr = (name: string, spec?: Record<string, unknown>): BFDProfile =>
  ({ apiVersion: 'metallb.io/v1beta1', kind: 'BFDProfile', metadata: { name, namespace: 'lb' }, ...(spec ? { spec } : {}) }) as BFDProfile;
const ref = (name: string) => ({ apiVersion: 'metallb.io/v1beta1', kind: 'BFDProfile', name, namespace: 'lb' });

test('profiles in name order, with their settings; echo and passive mode off unless set, a profile without spec too', () => {
  const diags = new Diagnostics();
  const got = parseBFDProfiles([cr('slow', { receiveInterval: 900, echoMode: true, passiveMode: true }), cr('bare'), cr('fast', { detectMultiplier: 3, minimumTtl: 254 })], diags);
  assert.deepEqual(diags.list, []);
  assert.deepEqual(got, [
    { name: 'bare', ref: ref('bare'), echoMode: false, passiveMode: false },
    { name: 'fast', ref: ref('fast'), detectMultiplier: 3, minimumTtl: 254, echoMode: false, passiveMode: false },
    { name: 'slow', ref: ref('slow'), receiveInterval: 900, echoMode: true, passiveMode: true },
  ]);
});

test('a profile name FRR would refuse as `profile NAME` is an error on metadata.name; a 64-character one is fine', () => {
  const diags = new Diagnostics();
  const long = 'b'.repeat(65);
  parseBFDProfiles([cr('a'.repeat(64)), cr(long), cr('#fast')], diags);
  assert.deepEqual(diags.list, [
    { severity: 'error', ref: ref(long), field: 'metadata.name', message: `a BFD profile name becomes FRR's profile name: "${long}" is longer than 64 characters` },
    { severity: 'error', ref: ref('#fast'), field: 'metadata.name', message: `a BFD profile name becomes FRR's profile name: "#fast" must not start with '!' or '#' (FRR comment characters)` },
  ]);
});
