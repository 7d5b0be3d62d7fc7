// `metallb-frr build`: a directory or stream in, the manifests to apply out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { runBuild } from '../../fn/build.ts';
import { ROOT, tempDir } from '../lib/fixtures.ts';

const SEED = join(ROOT, 'examples', 'seed');
const noStdin = () => {
  throw new Error('stdin must not be read');
};
const names = (stdout: string) => parseAllDocuments(stdout).map((d) => d.toJS() as { kind: string; metadata: { name: string; namespace?: string; annotations?: Record<string, string> } });

test('a package directory: its resources and the generated ones; no Kptfile, function config, kustomization or earlier output', () => {
  const r = runBuild([SEED], noStdin, {});
  assert.equal(r.code, 0, r.stderr);
  const objs = names(r.stdout);
  const kinds = objs.map((o) => `${o.kind}/${o.metadata.name}`);
  for (const k of ['IPAddressPool/frr-k8s-pool', 'BGPPeer/tor-switch', 'BGPAdvertisement/frr-k8s-advert', 'FRRConfiguration/custom-config', 'FRRConfiguration/metallb-tor-switch', 'DaemonSet/metallb-frr']) {
    assert.ok(kinds.includes(k), `missing ${k}`);
  }
  for (const k of ['Kptfile/seed', 'MetalLBFRR/metallb-frr', 'Kustomization/undefined']) assert.ok(!kinds.includes(k), `unexpected ${k}`);
  assert.equal(kinds.filter((k) => k === 'FRRConfiguration/metallb-tor-switch').length, 1, 'the committed generated/ copy is replaced, not repeated');
  assert.ok(objs.every((o) => o.metadata.annotations?.['config.kubernetes.io/path'] === undefined));
});

test('stdin, a List, --config, flags and --env-prefix (the environment wins over flags)', () => {
  const stream = `apiVersion: v1\nkind: List\nitems:\n- apiVersion: metallb.io/v1beta2\n  kind: BGPPeer\n  metadata: {name: p, namespace: mlb}\n  spec: {myASN: 1, peerASN: 2, peerAddress: 10.0.0.1}\n`;
  const t = tempDir('build');
  try {
    writeFileSync(join(t.dir, 'cfg.yaml'), 'apiVersion: fn.metallb-frr.dev/v1alpha1\nkind: MetalLBFRR\nmetadata: {name: c}\nspec: {metallbNamespace: mlb, manifests: {enabled: false}}\n');
    const r = runBuild(['-', '--config', join(t.dir, 'cfg.yaml'), '--frrk8s-namespace', 'from-flag', '--env-prefix', 'X_'], () => stream, { X_FRRK8S_NAMESPACE: 'from-env', X_ADVERTISE: 'services' });
    assert.equal(r.code, 0, r.stderr);
    const objs = names(r.stdout);
    assert.deepEqual(objs.map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`), ['BGPPeer/mlb/p', 'FRRConfiguration/from-env/metallb-p']);
  } finally {
    t.cleanup();
  }
});

test('errors: one line each, naming the object and the file; flags named as flags; nothing on stdout', () => {
  const t = tempDir('build');
  try {
    cpSync(SEED, t.dir, { recursive: true });
    writeFileSync(join(t.dir, 'bgp-peer.yaml'), 'apiVersion: metallb.io/v1beta2\nkind: BGPPeer\nmetadata: {name: tor-switch, namespace: metallb-system}\nspec: {myASN: 0, peerASN: 65000, peerAddress: 10.0.0.1}\n');
    let r = runBuild([t.dir], noStdin, {});
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^error: BGPPeer metallb-system\/tor-switch \(bgp-peer\.yaml\) spec\.myASN: /m);

    r = runBuild([SEED, '--advertise', 'everything', '--metallb-namespace', 'Bad_NS'], noStdin, {});
    assert.equal(r.code, 1);
    assert.deepEqual(r.stderr.trim().split('\n').sort(), ['error: --advertise: must be "pools" or "services", not "everything"', 'error: --metallb-namespace: "Bad_NS" is not a valid namespace name']);

    writeFileSync(join(t.dir, 'fn-config.yaml'), 'apiVersion: fn.metallb-frr.dev/v1alpha1\nkind: MetalLBFRR\nmetadata: {name: metallb-frr}\nspec: {frrk8sNamespace: Bad_NS}\n');
    r = runBuild([t.dir], noStdin, {});
    assert.deepEqual(r.stderr.match(/Bad_NS/g)?.length, 1, `reported once:\n${r.stderr}`);
    assert.match(r.stderr, /MetalLBFRR metallb-frr \(fn-config\.yaml\) spec\.frrk8sNamespace: "Bad_NS" is not a valid namespace name/);

    r = runBuild([join(t.dir, 'nope')], noStdin, {});
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^error: ENOENT: no such file or directory/);
    assert.equal(r.stderr.split('\n').length, 2);

    r = runBuild(['--bogus'], noStdin, {});
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^error: Unknown option '--bogus'/);
  } finally {
    t.cleanup();
  }
});

test('a label value that is a map (even one with a toString key) is an error naming the label, not a crash', () => {
  const stream = `apiVersion: v1\nkind: Node\nmetadata: {name: n1, labels: {a: {toString: 0}, b: [1], c: 7}}\n`;
  const r = runBuild(['-'], () => stream, {});
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /^error: Node n1 \(stdin\) metadata\.labels\["a"\]: must be a string, not a map$/m);
  assert.match(r.stderr, /^error: Node n1 \(stdin\) metadata\.labels\["b"\]: must be a string, not a list$/m);
  assert.match(r.stderr, /^error: Node n1 \(stdin\) metadata\.labels\["c"\]: must be a string \(quote it in YAML: "7"\)$/m);
});

// ------------------------------------------------------------ issue 8 ---

const PEER = `apiVersion: metallb.io/v1beta2\nkind: BGPPeer\nmetadata: {name: p, namespace: metallb-system}\nspec: {myASN: 1, peerASN: 2, peerAddress: 10.0.0.1}\n`;
const POOL = `apiVersion: metallb.io/v1beta1\nkind: IPAddressPool\nmetadata: {name: a, namespace: metallb-system}\nspec: {addresses: [10.1.0.0/24]}\n`;
// A hand-written FRRConfiguration in a namespace frr-k8s does not read: a warning.
const STRAY = `apiVersion: frrk8s.metallb.io/v1beta1\nkind: FRRConfiguration\nmetadata: {name: stray, namespace: elsewhere}\nspec: {}\n`;
const stream = (...docs: string[]) => () => docs.join('---\n');
const generatedNamespace = (stdout: string) => names(stdout).find((o) => o.kind === 'FRRConfiguration' && o.metadata.name === 'metallb-p')?.metadata.namespace;

test('--strict: a warning fails the build, with the warning on stderr and nothing on stdout', () => {
  let r = runBuild(['-'], stream(PEER, POOL, STRAY), {});
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /^warning: FRRConfiguration elsewhere\/stray/m);
  r = runBuild(['-', '--strict'], stream(PEER, POOL, STRAY), {});
  assert.equal(r.code, 1);
  assert.equal(r.stdout, '');
  assert.deepEqual(r.stderr.split('\n').filter(Boolean).map((l) => l.split(':')[0]), ['warning', 'error']);
  assert.match(r.stderr, /^warning: FRRConfiguration elsewhere\/stray \(stdin \(document 3\)\) metadata\.namespace: frr-k8s reads FRRConfigurations only from namespace "frr-k8s-system"/m);
  assert.match(r.stderr, /^error: strict: the warning above fails the build \(set strict to false to build anyway\)$/m);
  // Infos do not count.
  assert.equal(runBuild(['-', '--strict'], stream(PEER, POOL), {}).code, 0);
});

test('--argocd: strict=false (env entry or parameter, any case) opts out of the command line --strict', () => {
  for (const env of [{ ARGOCD_ENV_STRICT: 'false' }, { ARGOCD_ENV_strict: 'False' }, { ARGOCD_APP_PARAMETERS: '[{"name":"strict","string":"false"}]' }, { PARAM_STRICT: 'false' }]) {
    const r = runBuild(['-', '--strict', '--argocd'], stream(PEER, POOL, STRAY), env);
    assert.equal(r.code, 0, `${JSON.stringify(env)}: ${r.stderr}`);
  }
  assert.equal(runBuild(['-', '--argocd'], stream(PEER, POOL, STRAY), { ARGOCD_ENV_STRICT: 'true' }).code, 1);
});

test('--argocd: every setting as a parameter (ARGOCD_APP_PARAMETERS, else PARAM_*) and as an env entry in any spelling', () => {
  const params = (list: unknown[]) => ({ ARGOCD_APP_PARAMETERS: JSON.stringify(list) });
  let r = runBuild(['-', '--argocd'], stream(PEER, POOL), params([{ name: 'frrk8sNamespace', string: 'from-param' }, { name: 'advertise', string: 'services' }]));
  assert.equal(r.code, 0, r.stderr);
  assert.equal(generatedNamespace(r.stdout), 'from-param');
  const gen = parseAllDocuments(r.stdout).map((d) => d.toJS()).find((o) => o.metadata.name === 'metallb-p');
  assert.equal(gen.spec.bgp.routers[0].prefixes, undefined, 'services mode without Services: the pool is not announced');
  r = runBuild(['-', '--argocd'], stream(PEER.replace('metallb-system', 'lb')), { PARAM_METALLBNAMESPACE: 'lb', PARAM_FRRK8SNAMESPACE: 'frr', PARAM_ALLOWEMPTY: 'true' });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(generatedNamespace(r.stdout), 'frr');
  for (const name of ['ARGOCD_ENV_FRRK8S_NAMESPACE', 'ARGOCD_ENV_frrk8sNamespace', 'ARGOCD_ENV_frrk8s-namespace', 'ARGOCD_ENV_Frrk8s_Namespace']) {
    r = runBuild(['-', '--argocd'], stream(PEER, POOL), { [name]: 'from-env' });
    assert.equal(generatedNamespace(r.stdout), 'from-env', `${name}: ${r.stderr}`);
  }
  // Parameters over env entries over flags over the configuration object.
  r = runBuild(['-', '--argocd', '--frrk8s-namespace', 'flag'], stream(PEER, POOL), { ARGOCD_ENV_FRRK8S_NAMESPACE: 'env', ...params([{ name: 'frrk8sNamespace', string: 'param' }]) });
  assert.equal(generatedNamespace(r.stdout), 'param');
  r = runBuild(['-', '--argocd', '--frrk8s-namespace', 'flag'], stream(PEER, POOL), { ARGOCD_ENV_FRRK8S_NAMESPACE: 'env' });
  assert.equal(generatedNamespace(r.stdout), 'env');
});

test('--argocd: a bad value or unknown name is an error naming the variable or parameter the user set', () => {
  const fails = (env: NodeJS.ProcessEnv, line: string) => {
    const r = runBuild(['-', '--argocd'], stream(PEER, POOL), env);
    assert.equal(r.code, 1, JSON.stringify(env));
    assert.equal(r.stdout, '');
    assert.ok(r.stderr.split('\n').includes(line), `${JSON.stringify(env)}:\n${r.stderr}`);
  };
  fails({ ARGOCD_ENV_advertise: 'everything' }, 'error: ARGOCD_ENV_advertise: must be "pools" or "services", not "everything"');
  fails({ ARGOCD_ENV_ADVERTIZE: 'services' }, 'error: ARGOCD_ENV_ADVERTIZE: unknown setting (known: ARGOCD_ENV_METALLB_NAMESPACE, ARGOCD_ENV_FRRK8S_NAMESPACE, ARGOCD_ENV_ADVERTISE, ARGOCD_ENV_OTHER_NAMESPACES, ARGOCD_ENV_ALLOW_EMPTY, ARGOCD_ENV_STRICT, in any case)');
  fails({ ARGOCD_ENV_ADVERTISE: 'pools', ARGOCD_ENV_advertise: 'services' }, 'error: ARGOCD_ENV_advertise: says "services" but ARGOCD_ENV_ADVERTISE says "pools": set one of them');
  fails({ ARGOCD_ENV_METALLB_NAMESPACE: 'Bad_NS' }, 'error: ARGOCD_ENV_METALLB_NAMESPACE: "Bad_NS" is not a valid namespace name');
  fails({ ARGOCD_APP_PARAMETERS: '[{"name":"advertise","string":"all"}]' }, 'error: parameter "advertise": must be "pools" or "services", not "all"');
  fails({ ARGOCD_APP_PARAMETERS: '[{"name":"advertize","string":"pools"}]' }, 'error: parameter "advertize": unknown parameter of the metallb-frr plugin (known: metallbNamespace, frrk8sNamespace, advertise, otherNamespaces, allowEmpty, strict)');
  fails({ ARGOCD_APP_PARAMETERS: '[{"name":"advertise","map":{"a":"b"}}]' }, 'error: parameter "advertise": must be a string parameter, not a map');
  const r = runBuild(['-', '--argocd'], stream(PEER, POOL), { ARGOCD_APP_PARAMETERS: '[{"name":' });
  assert.match(r.stderr, /^error: ARGOCD_APP_PARAMETERS: not valid JSON: /);
  fails({ PARAM_STRICT: 'maybe' }, 'error: PARAM_STRICT: must be "true" or "false", not "maybe"');
});

test('an app directory: other YAML is skipped with an info naming .krmignore; every unreadable file reported at once', () => {
  const t = tempDir('build');
  try {
    writeFileSync(join(t.dir, 'peer.yaml'), PEER);
    writeFileSync(join(t.dir, 'pool.yaml'), POOL);
    writeFileSync(join(t.dir, 'values.yaml'), 'replicas: 3\nimage: {tag: v1}\n');
    let r = runBuild([t.dir], noStdin, {});
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, 'info: values.yaml: skipped: holds no Kubernetes object (no apiVersion and kind); list it in .krmignore to say so\n');
    writeFileSync(join(t.dir, '.krmignore'), 'values.yaml\n');
    assert.equal(runBuild([t.dir], noStdin, {}).stderr, '');
    writeFileSync(join(t.dir, 'broken.yaml'), 'apiVersion: v1\nkind: [\n');
    writeFileSync(join(t.dir, 'nameless.yaml'), 'apiVersion: v1\nkind: ConfigMap\n');
    r = runBuild([t.dir], noStdin, {});
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 2, r.stderr);
    assert.match(lines[0], /^error: broken\.yaml: not valid YAML/);
    assert.match(lines[1], /^error: nameless\.yaml: not a Kubernetes object \(no metadata\.name\)/);
  } finally {
    t.cleanup();
  }
});

test('an app directory with a kustomization is built with kustomize from PATH first; clear errors without it', () => {
  const t = tempDir('build');
  try {
    const app = join(t.dir, 'app');
    const bin = join(t.dir, 'bin');
    mkdirSync(app);
    mkdirSync(bin);
    writeFileSync(join(app, 'kustomization.yaml'), 'resources: [peer.yaml]\n');
    writeFileSync(join(app, 'peer.yaml'), 'not read: kustomize prints the app\n');
    // A stand-in for kustomize that records its arguments (the real one runs in test/e2e/argocd-cmp.test.ts).
    writeFileSync(join(bin, 'kustomize'), `#!/bin/sh\necho "$@" > "${join(t.dir, 'args')}"\ncat <<'EOF'\n${PEER}---\n${POOL}EOF\n`, { mode: 0o755 });
    let r = runBuild([app], noStdin, { PATH: `${bin}:/usr/bin:/bin` });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(readFileSync(join(t.dir, 'args'), 'utf8'), `build ${app}\n`);
    assert.equal(generatedNamespace(r.stdout), 'frr-k8s-system');
    r = runBuild([app], noStdin, { PATH: join(t.dir, 'nowhere') });
    assert.equal(r.code, 1);
    assert.equal(r.stderr, 'error: kustomization.yaml: the directory is a kustomization, built with "kustomize build" first, but there is no kustomize on PATH: install the standalone kustomize (the function\'s container image has one), or list kustomization.yaml in .krmignore to read the files one by one\n');
    writeFileSync(join(bin, 'kustomize'), '#!/bin/sh\necho "Error: accumulating resources: missing.yaml" >&2\nexit 1\n', { mode: 0o755 });
    r = runBuild([app], noStdin, { PATH: bin });
    assert.equal(r.stderr, 'error: kustomization.yaml: "kustomize build" failed (exit 1): Error: accumulating resources: missing.yaml\n');
    // A kustomization .krmignore excludes (a kpt package that is also a kustomize base, like examples/seed): files one by one.
    writeFileSync(join(app, '.krmignore'), 'kustomization.yaml\n');
    writeFileSync(join(app, 'peer.yaml'), PEER + '---\n' + POOL);
    r = runBuild([app], noStdin, { PATH: join(t.dir, 'nowhere') });
    assert.equal(r.code, 0, r.stderr);
  } finally {
    t.cleanup();
  }
});

test('the function image ships the standalone kustomize the tests pin (build runs it for kustomizations)', () => {
  const pin = (text: string, re: RegExp) => re.exec(text)?.[1];
  const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
  assert.equal(pin(dockerfile, /^ARG KUSTOMIZE_VERSION=(\S+)$/m), pin(readFileSync(join(ROOT, 'scripts', 'tools.sh'), 'utf8'), /^KUSTOMIZE_VERSION=(\S+)$/m));
  const functionStage = dockerfile.slice(dockerfile.indexOf('AS function'));
  assert.match(functionStage.slice(0, functionStage.indexOf('\nFROM ')), /^COPY --from=kustomize \/out\/kustomize \/usr\/local\/bin\/kustomize$/m);
});
