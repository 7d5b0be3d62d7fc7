// The Argo CD config management plugin contract: the generate command of
// examples/argocd/plugin.yaml, run in the app directory with the environment
// Argo CD's repo server and cmp-server give it (argo-cd reposerver
// newEnv/getPluginEnvs, ApplicationSourcePluginParameters.Environ), its
// output parsed with the decoder Argo CD uses (test/tools/argocd-decode:
// apimachinery's YAMLOrJSONDecoder, then sigs.k8s.io/yaml into unstructured
// objects). Argo CD shows only a failing command's stderr, so strict mode
// must turn warnings into a failure that says them.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { BIN, requireBuild, ROOT, run, workArea } from '../lib/fixtures.ts';
import { e2eDescribe, missing, which } from '../lib/e2e.ts';

interface Plugin {
  metadata: { name: string };
  spec: { version: string; generate: { command: string[]; args?: string[] }; parameters: { static: Array<{ name: string; string?: string }> } };
}
interface Parameter {
  name: string;
  string?: string;
  map?: Record<string, string>;
  array?: string[];
}
interface Application {
  metadata: { name: string; namespace: string };
  spec: {
    project: string;
    source: { repoURL: string; targetRevision: string; path: string; plugin: { name: string; env?: Array<{ name: string; value: string }>; parameters?: Parameter[] } };
    destination: { namespace?: string };
  };
}
interface Obj {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; annotations?: Record<string, string> };
  spec?: { bgp?: { routers?: Array<{ prefixes?: string[] }> } };
}

const plugin = parse(readFileSync(join(ROOT, 'examples/argocd/plugin.yaml'), 'utf8')) as Plugin;
const application = parse(readFileSync(join(ROOT, 'examples/argocd/application.yaml'), 'utf8')) as Application;
const REVISION = '0123456789abcdef0123456789abcdef01234567';

/** Argo CD's escaping of a parameter name into PARAM_<NAME>. */
const escaped = (name: string) => name.toUpperCase().replace(/[^A-Z0-9_]/g, '_');

/**
 * The environment of the generate command, as Argo CD builds it for an
 * Application: the sidecar's own (PATH, HOME), the build environment, the
 * plugin env entries as ARGOCD_ENV_<name> ($VARS substituted from the build
 * environment), and the parameters as ARGOCD_APP_PARAMETERS (JSON) and
 * PARAM_<NAME> (a map's entries PARAM_<NAME>_<KEY>, an array's PARAM_<NAME>_<i>).
 */
function argoEnv(app: Application): NodeJS.ProcessEnv {
  const build: Record<string, string> = {
    ARGOCD_APP_NAME: app.metadata.name,
    ARGOCD_APP_NAMESPACE: app.spec.destination.namespace ?? '',
    ARGOCD_APP_PROJECT_NAME: app.spec.project,
    ARGOCD_APP_REVISION: REVISION,
    ARGOCD_APP_REVISION_SHORT: REVISION.slice(0, 7),
    ARGOCD_APP_REVISION_SHORT_8: REVISION.slice(0, 8),
    ARGOCD_APP_SOURCE_REPO_URL: app.spec.source.repoURL,
    ARGOCD_APP_SOURCE_PATH: app.spec.source.path,
    ARGOCD_APP_SOURCE_TARGET_REVISION: app.spec.source.targetRevision,
    KUBE_VERSION: '1.34.4',
    KUBE_API_VERSIONS: 'v1,apps/v1,apiextensions.k8s.io/v1,metallb.io/v1beta1,metallb.io/v1beta2,frrk8s.metallb.io/v1beta1',
  };
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH ?? '', HOME: '/home/argocd', ...build };
  for (const e of app.spec.source.plugin.env ?? []) env[`ARGOCD_ENV_${e.name}`] = e.value.replace(/\$\{?([A-Z0-9_]+)\}?/g, (_, v: string) => build[v] ?? '');
  const params = app.spec.source.plugin.parameters ?? [];
  env.ARGOCD_APP_PARAMETERS = JSON.stringify(params);
  for (const p of params) {
    if (p.string !== undefined) env[`PARAM_${escaped(p.name)}`] = p.string;
    for (const [k, v] of Object.entries(p.map ?? {})) env[`PARAM_${escaped(p.name)}_${escaped(k)}`] = v;
    (p.array ?? []).forEach((v, i) => (env[`PARAM_${escaped(p.name)}_${i}`] = v));
  }
  return env;
}

/** The example Application with other parameters and env entries. */
function appWith(parameters: Parameter[], env: Array<{ name: string; value: string }> = []): Application {
  const a = structuredClone(application);
  a.spec.source.plugin.parameters = parameters;
  a.spec.source.plugin.env = env;
  return a;
}

const decodeSkip = missing('argocd-decode');

e2eDescribe('Argo CD plugin generate command', { skip: decodeSkip }, () => {
  let work: { dir: string; cleanup: () => void };
  before(() => {
    requireBuild();
    work = workArea('seed');
  });
  after(() => work?.cleanup());

  /**
   * Runs the generate command as the sidecar does (the image's node and
   * bundle mapped to this checkout) in `dir` (default: the Application's
   * path), and parses its output as Argo CD does.
   */
  function generate(app: Application, dir = join(work.dir, app.spec.source.path)) {
    const [node, bundle, ...args] = [...plugin.spec.generate.command, ...(plugin.spec.generate.args ?? [])];
    assert.equal(node, '/nodejs/bin/node');
    assert.equal(bundle, '/app/metallb-frr');
    const r = run(process.execPath, [BIN, ...args], { cwd: dir, env: argoEnv(app) });
    if (r.status !== 0) return { code: r.status, stderr: r.stderr, stdout: r.stdout, objects: [] as Obj[] };
    const decoded = run(which('argocd-decode')!, [], { input: r.stdout });
    assert.equal(decoded.status, 0, `Argo CD cannot parse the output: ${decoded.stderr}`);
    return { code: 0, stderr: r.stderr, stdout: r.stdout, objects: JSON.parse(decoded.stdout) as Obj[] };
  }
  const generatedOf = (objects: Obj[]) => objects.find((o) => o.kind === 'FRRConfiguration' && o.metadata.name === 'metallb-tor-switch');

  test('the Application names the plugin as <name>-<version>', () => {
    assert.equal(application.spec.source.plugin.name, `${plugin.metadata.name}-${plugin.spec.version}`);
  });

  test('the example Application: the app resources and the generated configuration, not the local config', () => {
    const r = generate(application);
    assert.equal(r.code, 0, r.stderr);
    const names = r.objects.filter((o) => /^(metallb|frrk8s)\.metallb\.io\/|^metallb\.io\//.test(o.apiVersion)).map((o) => `${o.kind}/${o.metadata.name}`).sort();
    assert.deepEqual(names, ['BGPAdvertisement/frr-k8s-advert', 'BGPPeer/tor-switch', 'FRRConfiguration/custom-config', 'FRRConfiguration/metallb-tor-switch', 'IPAddressPool/frr-k8s-pool']);
    assert.ok(r.objects.some((o) => o.kind === 'DaemonSet' && o.metadata.name === 'metallb-frr'), 'the agent DaemonSet is emitted');
    const gen = generatedOf(r.objects)!;
    assert.deepEqual(gen.spec?.bgp?.routers?.[0].prefixes, ['10.200.0.0/24']);
    assert.equal(gen.metadata.annotations?.['config.kubernetes.io/path'], undefined, 'no kpt bookkeeping in manifests to apply');
  });

  // One case per parameter plugin.yaml announces: what it changes.
  const effects: Record<string, () => void> = {
    advertise: () => {
      const r = generate(appWith([{ name: 'advertise', string: 'services' }]));
      assert.equal(r.code, 0, r.stderr);
      assert.equal(generatedOf(r.objects)!.spec?.bgp?.routers?.[0].prefixes, undefined, 'services mode with no Service: the session, no prefixes');
    },
    frrk8sNamespace: () => {
      // The hand-written custom-config stays in frr-k8s-system: a warning, so strict would fail.
      const r = generate(appWith([{ name: 'frrk8sNamespace', string: 'frr-k8s-argo' }, { name: 'strict', string: 'false' }]));
      assert.equal(r.code, 0, r.stderr);
      assert.equal(generatedOf(r.objects)!.metadata.namespace, 'frr-k8s-argo');
    },
    metallbNamespace: () => {
      const r = generate(appWith([{ name: 'metallbNamespace', string: 'metallb' }]));
      assert.equal(r.code, 1);
      assert.match(r.stderr, /^error: IPAddressPool metallb-system\/frr-k8s-pool .*would ignore this one in "metallb-system"/m);
    },
    otherNamespaces: () => {
      const r = generate(appWith([{ name: 'metallbNamespace', string: 'metallb' }, { name: 'otherNamespaces', string: 'ignore' }, { name: 'allowEmpty', string: 'true' }]));
      assert.equal(r.code, 0, r.stderr);
      assert.equal(generatedOf(r.objects), undefined);
    },
    allowEmpty: () => {
      const empty = join(work.dir, 'empty-app');
      mkdirSync(empty, { recursive: true });
      let r = generate(appWith([]), empty);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /^error: no MetalLB configuration found/m);
      r = generate(appWith([{ name: 'allowEmpty', string: 'true' }]), empty);
      assert.equal(r.code, 0, r.stderr);
      assert.ok(r.objects.some((o) => o.kind === 'DaemonSet'));
    },
    strict: () => {
      // A warning: the hand-written FRRConfiguration lies outside the FRR-K8s namespace.
      const dir = join(work.dir, 'warning-app');
      cpSync(join(work.dir, 'examples', 'seed'), dir, { recursive: true });
      writeFileSync(join(dir, 'custom-frr-config.yaml'), readFileSync(join(dir, 'custom-frr-config.yaml'), 'utf8').replace('namespace: frr-k8s-system', 'namespace: metallb-system'));
      let r = generate(appWith([]), dir);
      assert.equal(r.code, 1, 'strict by default');
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /^warning: FRRConfiguration metallb-system\/custom-config \(custom-frr-config\.yaml\) metadata\.namespace: frr-k8s reads FRRConfigurations only from namespace "frr-k8s-system"/m);
      assert.match(r.stderr, /^error: strict: the warning above fails the build/m);
      r = generate(appWith([{ name: 'strict', string: 'false' }]), dir);
      assert.equal(r.code, 0, r.stderr);
    },
  };
  for (const { name } of plugin.spec.parameters.static) {
    test(`parameter ${name} (announced in plugin.yaml) is honoured`, () => {
      assert.ok(effects[name], `no test for the announced parameter ${name}`);
      effects[name]();
    });
  }

  test('plugin env entries, in any case, are honoured; a misspelt one is an error naming it', () => {
    let r = generate(appWith([{ name: 'strict', string: 'false' }], [{ name: 'frrk8s_namespace', value: 'frr-$ARGOCD_APP_NAME' }, { name: 'Advertise', value: 'services' }]));
    assert.equal(r.code, 0, r.stderr);
    assert.equal(generatedOf(r.objects)!.metadata.namespace, 'frr-bgp-load-balancing');
    r = generate(appWith([], [{ name: 'ADVERTIZE', value: 'services' }]));
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^error: ARGOCD_ENV_ADVERTIZE: unknown setting/m);
  });

  test('a bad parameter fails with a message naming it and prints no manifests', () => {
    const r = generate(appWith([{ name: 'advertise', string: 'everything' }]));
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, 'error: parameter "advertise": must be "pools" or "services", not "everything"\n');
  });

  test('a kustomize app (an overlay per cluster) is built with kustomize first', { skip: missing('kustomize') }, () => {
    const base = join(work.dir, 'kustomize-app', 'base');
    const overlay = join(work.dir, 'kustomize-app', 'overlays', 'lab');
    mkdirSync(base, { recursive: true });
    mkdirSync(overlay, { recursive: true });
    // OpenShift's docs and kustomize bases leave the namespace to the overlay.
    for (const f of ['ip-pool.yaml', 'bgp-peer.yaml', 'bgp-advertisement.yaml']) {
      writeFileSync(join(base, f), readFileSync(join(ROOT, 'examples', 'seed', f), 'utf8').replace('  namespace: metallb-system\n', ''));
    }
    writeFileSync(join(base, 'kustomization.yaml'), 'resources: [ip-pool.yaml, bgp-peer.yaml, bgp-advertisement.yaml]\n');
    writeFileSync(join(overlay, 'kustomization.yaml'), 'resources: [../../base]\nnamespace: metallb-system\npatches:\n- target: {kind: BGPPeer, name: tor-switch}\n  patch: |\n    - op: replace\n      path: /spec/peerAddress\n      value: 10.9.0.1\n');
    const r = generate(appWith([]), overlay);
    assert.equal(r.code, 0, r.stderr);
    const gen = generatedOf(r.objects)!;
    assert.equal((gen.spec as { bgp: { routers: Array<{ neighbors: Array<{ address: string }> }> } }).bgp.routers[0].neighbors[0].address, '10.9.0.1');
  });
});
