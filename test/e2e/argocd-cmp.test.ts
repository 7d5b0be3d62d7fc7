// The Argo CD config management plugin contract: the generate command of
// examples/argocd/plugin.yaml, run in an app directory with the environment
// the CMP server sets, prints the manifests to apply.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { BIN, requireBuild, ROOT, run, workArea } from '../lib/fixtures.ts';

interface Plugin {
  metadata: { name: string };
  spec: { version: string; generate: { command: string[]; args?: string[] } };
}

describe('Argo CD plugin generate command', () => {
  const plugin = parse(readFileSync(join(ROOT, 'examples/argocd/plugin.yaml'), 'utf8')) as Plugin;
  let work: { dir: string; cleanup: () => void };
  before(() => {
    requireBuild();
    work = workArea('seed');
  });
  after(() => work?.cleanup());

  /** The command as the sidecar runs it, with the image's node and bundle paths mapped to this checkout. */
  function generate(env: Record<string, string>) {
    const [node, bundle, ...args] = [...plugin.spec.generate.command, ...(plugin.spec.generate.args ?? [])];
    assert.equal(node, '/nodejs/bin/node');
    assert.equal(bundle, '/app/metallb-frr');
    const appEnv = { PATH: process.env.PATH ?? '', ARGOCD_APP_NAME: 'bgp-load-balancing', ARGOCD_APP_NAMESPACE: 'argocd', ARGOCD_APP_REVISION: 'abc123', ...env };
    return run(process.execPath, [BIN, ...args], { cwd: join(work.dir, 'examples', 'seed'), env: appEnv });
  }

  test('the Application names the plugin as <name>-<version>', () => {
    const app = parse(readFileSync(join(ROOT, 'examples/argocd/application.yaml'), 'utf8'));
    assert.equal(app.spec.source.plugin.name, `${plugin.metadata.name}-${plugin.spec.version}`);
  });

  test('prints the app resources and the generated configuration, not the local config', () => {
    const r = generate({});
    assert.equal(r.status, 0, r.stderr);
    const objs = parseAllDocuments(r.stdout).map((d) => d.toJS());
    // The MetalLB and FRR-K8s configuration; the agent's manifests (test/unit/manifests-*.test.ts) come along.
    const names = objs.filter((o) => /^(metallb|frrk8s)\.metallb\.io\/|^metallb\.io\//.test(o.apiVersion)).map((o) => `${o.kind}/${o.metadata.name}`).sort();
    assert.deepEqual(names, ['BGPAdvertisement/frr-k8s-advert', 'BGPPeer/tor-switch', 'FRRConfiguration/custom-config', 'FRRConfiguration/metallb-tor-switch', 'IPAddressPool/frr-k8s-pool']);
    assert.ok(objs.some((o) => o.kind === 'DaemonSet' && o.metadata.name === 'metallb-frr'), 'the agent DaemonSet is emitted');
    const gen = objs.find((o) => o.metadata.name === 'metallb-tor-switch');
    assert.deepEqual(gen.spec.bgp.routers[0].prefixes, ['10.200.0.0/24']);
    assert.equal(gen.metadata.annotations['config.kubernetes.io/path'], undefined, 'no kpt bookkeeping in manifests to apply');
  });

  test('ARGOCD_ENV_* settings are honoured', () => {
    const r = generate({ ARGOCD_ENV_FRRK8S_NAMESPACE: 'frr-k8s-argo', ARGOCD_ENV_ADVERTISE: 'services' });
    assert.equal(r.status, 0, r.stderr);
    const gen = parseAllDocuments(r.stdout).map((d) => d.toJS()).find((o) => o.metadata.name === 'metallb-tor-switch');
    assert.equal(gen.metadata.namespace, 'frr-k8s-argo');
    // services mode with no Service in the app: the session, no prefixes.
    assert.equal(gen.spec.bgp.routers[0].prefixes, undefined);
  });

  test('a bad setting fails with a readable message and prints no manifests', () => {
    const r = generate({ ARGOCD_ENV_ADVERTISE: 'everything' });
    assert.equal(r.status, 1);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /ARGOCD_ENV_ADVERTISE: must be "pools" or "services", not "everything"/);
  });
});
