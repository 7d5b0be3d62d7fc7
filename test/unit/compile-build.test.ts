// build (src/compile/build.ts) in process: where its settings come from.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAllDocuments } from 'yaml';
import { runBuild } from '../../fn/build.ts';

const PEER = `apiVersion: metallb.io/v1beta2\nkind: BGPPeer\nmetadata: {name: p, namespace: metallb-system}\nspec: {myASN: 1, peerASN: 2, peerAddress: 10.0.0.1}\n`;
const POOL = `apiVersion: metallb.io/v1beta1\nkind: IPAddressPool\nmetadata: {name: a, namespace: metallb-system}\nspec: {addresses: [10.1.0.0/24]}\n`;
const namespaceOf = (stdout: string) => parseAllDocuments(stdout).map((d) => d.toJS()).find((o) => o?.kind === 'FRRConfiguration')?.metadata.namespace;

test('without --argocd, Argo CD\'s parameters and env entries in the environment are not read', () => {
  const env = { ARGOCD_APP_PARAMETERS: JSON.stringify([{ name: 'frrk8sNamespace', string: 'from-param' }]), PARAM_FRRK8SNAMESPACE: 'from-param', ARGOCD_ENV_FRRK8S_NAMESPACE: 'from-env' };
  const plain = runBuild(['-'], () => [PEER, POOL].join('---\n'), env);
  assert.equal(plain.code, 0, plain.stderr);
  assert.equal(namespaceOf(plain.stdout), 'frr-k8s-system');
  const argo = runBuild(['-', '--argocd'], () => [PEER, POOL].join('---\n'), env);
  assert.equal(argo.code, 0, argo.stderr);
  assert.equal(namespaceOf(argo.stdout), 'from-param');
});
