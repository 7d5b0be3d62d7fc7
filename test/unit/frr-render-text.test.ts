// render(): parts of the frr.conf text the other render tests do not pin
// down: the header's list of sources.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { FRRConfiguration } from '../../src/api/frrk8s.ts';
import { noSecrets, renderNode } from '../../src/frr/index.ts';

const config = (metadata: Record<string, string>): FRRConfiguration => ({ apiVersion: 'frrk8s.metallb.io/v1beta1', kind: 'FRRConfiguration', metadata, spec: {} }) as FRRConfiguration;
const header = (configs: FRRConfiguration[]) => renderNode(configs, { name: 'n1', labels: {} }, noSecrets, {}).text.split('\n')[1];

describe('render: the header', () => {
  it('names each source as namespace/name in merge order; an absent namespace or name is left out', () => {
    assert.equal(header([config({ name: 'b', namespace: 'ns' }), config({ namespace: 'ns' }), config({ name: 'a' })]), '! From FRRConfigurations: a, ns/, ns/b');
  });

  it('no source: "! From no FRRConfiguration."', () => {
    assert.equal(header([]), '! From no FRRConfiguration.');
  });
});
