// The manifests the function emits besides FRRConfigurations: golden files
// for every object (test/golden/manifests/), the group switches and options,
// their validation in the functionConfig, and the security properties an
// operator relies on.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { Diagnostics, formatDiagnostic } from '../../src/api/diagnostic.ts';
import type { KubeObject } from '../../src/api/k8s.ts';
import { compileManifests } from '../../src/compile/manifests.ts';
import { readFunctionConfig } from '../../src/compile/function-config.ts';
import { manifestsDefaults, MANIFESTS_DEFAULTS, type ManifestsConfig } from '../../src/compile/options.ts';
import { generate } from '../../src/compile/generate.ts';
import { runFunction } from '../../fn/function.ts';
import { expectGolden, UPDATE } from '../lib/golden.ts';
import { resourceListFromDir, ROOT } from '../lib/fixtures.ts';

const GOLDEN = join(ROOT, 'test', 'golden', 'manifests');
const NS = 'frr-k8s-system';

const fileName = (o: KubeObject) => `${o.kind!.toLowerCase()}_${o.metadata!.name}.yaml`;
type Container = { name: string; image: string; args?: string[]; securityContext: Record<string, unknown>; resources?: unknown; volumeMounts?: Array<{ name: string }> };
type Pod = { containers: Container[]; initContainers: Container[]; tolerations?: unknown; nodeSelector?: unknown; priorityClassName?: string; hostNetwork: boolean; serviceAccountName: string; volumes: Array<{ name: string }> };
const podOf = (objs: KubeObject[]): Pod => ((objs.find((o) => o.kind === 'DaemonSet')!.spec as { template: { spec: Pod } }).template.spec);
const container = (objs: KubeObject[], name: string): Container => podOf(objs).containers.find((c) => c.name === name)!;

/** The functionConfig (typed) with these manifests settings, read as the function reads it. */
function configWith(manifests: unknown): { cfg: ReturnType<typeof readFunctionConfig>; errors: string[] } {
  const diags = new Diagnostics();
  const cfg = readFunctionConfig({ apiVersion: 'fn.metallb-frr.dev/v1alpha1', kind: 'MetalLBFRR', metadata: { name: 'fn' }, spec: { manifests } }, diags);
  return { cfg, errors: diags.list.map((d) => formatDiagnostic(d)) };
}

describe('manifests: golden files', () => {
  it('every object of the default set matches its golden file, and there is no other golden file', () => {
    const objs = compileManifests(NS, manifestsDefaults());
    const names = objs.map(fileName);
    assert.equal(new Set(names).size, names.length, 'file names are unique');
    for (const o of objs) expectGolden(join(GOLDEN, 'default', fileName(o)), stringify(o, { lineWidth: 0 }));
    if (!UPDATE) assert.deepEqual(readdirSync(join(GOLDEN, 'default')).sort(), [...names].sort());
  });

  it('a configured DaemonSet matches its golden file', () => {
    const { cfg, errors } = configWith({
      images: { frr: 'registry.example/frr:9.1.3', agent: 'registry.example/metallb-frr-agent@sha256:' + 'a'.repeat(64) },
      imagePullPolicy: 'Always',
      logLevel: 'debug',
      priorityClassName: 'system-node-critical',
      nodeSelector: { 'node-role.example/bgp': 'true' },
      tolerations: [{ operator: 'Exists' }],
      resources: { agent: { requests: { cpu: 0.05, memory: '100Mi' }, limits: { memory: '1Gi' } } },
    });
    assert.deepEqual(errors, []);
    const ds = compileManifests('bgp', cfg.manifests).find((o) => o.kind === 'DaemonSet')!;
    expectGolden(join(GOLDEN, 'configured', 'daemonset_metallb-frr.yaml'), stringify(ds, { lineWidth: 0 }));
  });

  it('is deterministic and shares no object between calls', () => {
    const a = compileManifests(NS, manifestsDefaults());
    const b = compileManifests(NS, manifestsDefaults());
    assert.deepEqual(a, b);
    (podOf(a).tolerations as unknown[]).push({});
    assert.deepEqual(compileManifests(NS, manifestsDefaults()), b);
    assert.ok(!/[&*]a\d/.test(stringify(a)), 'no YAML anchors or aliases');
  });
});

describe('manifests: groups and options', () => {
  const kinds = (m: Partial<ManifestsConfig>) => compileManifests(NS, { ...manifestsDefaults(), ...m }).map((o) => `${o.kind}/${o.metadata?.name}`);

  it('emits everything by default, in install order', () => {
    assert.deepEqual(kinds({}), [
      `Namespace/${NS}`,
      'CustomResourceDefinition/frrconfigurations.frrk8s.metallb.io',
      'CustomResourceDefinition/frrnodestates.frrk8s.metallb.io',
      'CustomResourceDefinition/bgpsessionstates.frrk8s.metallb.io',
      'ServiceAccount/metallb-frr-agent',
      'Role/metallb-frr-agent',
      'RoleBinding/metallb-frr-agent',
      'ClusterRole/metallb-frr-agent',
      'ClusterRoleBinding/metallb-frr-agent',
      'Role/metallb-frr-agent-events',
      'RoleBinding/metallb-frr-agent-events',
      'ConfigMap/metallb-frr-startup',
      'ConfigMap/metallb-frr-reloader',
      'DaemonSet/metallb-frr',
    ]);
  });

  it('each group can be switched off, and enabled: false switches all off', () => {
    assert.deepEqual(kinds({ enabled: false }), []);
    assert.ok(!kinds({ namespace: false }).some((k) => k.startsWith('Namespace/')));
    assert.ok(!kinds({ crds: false }).some((k) => k.startsWith('CustomResourceDefinition/')));
    assert.ok(!kinds({ rbac: false }).some((k) => /^(ServiceAccount|Role|RoleBinding|ClusterRole|ClusterRoleBinding)\//.test(k)));
    assert.deepEqual(kinds({ daemonSet: false }).filter((k) => /^(ConfigMap|DaemonSet)\//.test(k)), []);
    assert.equal(kinds({ namespace: false, crds: false, rbac: false, daemonSet: false }).length, 0);
  });

  it('the namespace is the FRR-K8s namespace everywhere', () => {
    const objs = compileManifests('bgp', manifestsDefaults());
    for (const o of objs) {
      if (['Namespace', 'CustomResourceDefinition', 'ClusterRole', 'ClusterRoleBinding'].includes(o.kind!)) continue;
      if (o.metadata?.name === 'metallb-frr-agent-events') assert.equal(o.metadata.namespace, 'default');
      else assert.equal(o.metadata?.namespace, 'bgp', `${o.kind}/${o.metadata?.name}`);
    }
    for (const o of objs.filter((x) => /Binding$/.test(x.kind!))) assert.deepEqual((o.subjects as unknown[])[0], { kind: 'ServiceAccount', name: 'metallb-frr-agent', namespace: 'bgp' });
    assert.equal(objs[0].metadata?.name, 'bgp');
  });

  it('options reach the DaemonSet', () => {
    const { cfg } = configWith({
      images: { agent: 'example.org/agent:1' },
      logLevel: 'warn',
      priorityClassName: 'high',
      nodeSelector: {},
      tolerations: [],
      resources: { frr: { limits: { memory: '1Gi' } } },
      imagePullPolicy: 'Never',
    });
    const objs = compileManifests(NS, cfg.manifests);
    const pod = podOf(objs);
    assert.equal(container(objs, 'agent').image, 'example.org/agent:1');
    assert.equal(container(objs, 'frr').image, MANIFESTS_DEFAULTS.images.frr, 'an image not given keeps its default');
    assert.ok(container(objs, 'agent').args!.includes('--log-level=warn'));
    assert.ok(container(objs, 'agent').args!.includes('--frr-log-level=warn'));
    assert.equal(pod.priorityClassName, 'high');
    assert.equal(pod.nodeSelector, undefined);
    assert.equal(pod.tolerations, undefined);
    assert.deepEqual(container(objs, 'frr').resources, { limits: { memory: '1Gi' } });
    assert.deepEqual(container(objs, 'agent').resources, MANIFESTS_DEFAULTS.resources.agent);
    assert.ok([...pod.containers, ...pod.initContainers].every((c) => (c as unknown as { imagePullPolicy: string }).imagePullPolicy === 'Never'));
  });
});

describe('manifests: security properties', () => {
  const objs = compileManifests(NS, manifestsDefaults());

  it('the agent runs as non-root, read-only, without capabilities', () => {
    const sc = container(objs, 'agent').securityContext;
    assert.equal(sc.runAsNonRoot, true);
    assert.equal(sc.runAsUser, 65532);
    assert.equal(sc.readOnlyRootFilesystem, true);
    assert.equal(sc.allowPrivilegeEscalation, false);
    assert.deepEqual(sc.capabilities, { drop: ['ALL'] });
    // It sees only the shared reloader directory, and its ServiceAccount token.
    assert.deepEqual(container(objs, 'agent').volumeMounts!.map((m) => m.name), ['reloader', 'kube-api-access']);
  });

  it('only the agent gets the ServiceAccount token', () => {
    const pod = podOf(objs) as Pod & { automountServiceAccountToken?: boolean };
    assert.equal(pod.automountServiceAccountToken, false);
    const tokenVolumes = pod.volumes.filter((v) => JSON.stringify(v).includes('serviceAccountToken')).map((v) => v.name);
    assert.deepEqual(tokenVolumes, ['kube-api-access']);
    const mounting = [...pod.initContainers, ...pod.containers].filter((c) => c.volumeMounts?.some((m) => tokenVolumes.includes(m.name))).map((c) => c.name);
    assert.deepEqual(mounting, ['agent']);
    const mount = container(objs, 'agent').volumeMounts!.find((m) => m.name === 'kube-api-access') as unknown as { mountPath: string; readOnly: boolean };
    assert.deepEqual(mount, { name: 'kube-api-access', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', readOnly: true });
  });

  it('FRR gets exactly NET_ADMIN, NET_RAW, SYS_ADMIN and NET_BIND_SERVICE, and is not privileged', () => {
    const sc = container(objs, 'frr').securityContext;
    assert.deepEqual(sc.capabilities, { add: ['NET_ADMIN', 'NET_RAW', 'SYS_ADMIN', 'NET_BIND_SERVICE'] });
    assert.equal(sc.privileged, undefined);
    assert.equal(sc.readOnlyRootFilesystem, true);
    for (const c of [...podOf(objs).containers, ...podOf(objs).initContainers]) {
      if (c.name !== 'frr') assert.equal((c.securityContext.capabilities as { add?: unknown } | undefined)?.add, undefined, c.name);
    }
  });

  it('the pod is on the host network, shares its process namespace, and tolerates control-plane nodes', () => {
    const pod = podOf(objs);
    assert.equal(pod.hostNetwork, true);
    // The reloader checks FRR's pids in /proc: it must see FRR's processes.
    assert.equal((pod as unknown as { shareProcessNamespace: boolean }).shareProcessNamespace, true);
    assert.deepEqual(
      (pod.tolerations as Array<{ key: string }>).map((t) => t.key),
      ['node-role.kubernetes.io/control-plane', 'node-role.kubernetes.io/master'],
    );
    for (const c of pod.containers) assert.ok(c.resources, `${c.name} has resources`);
  });

  it('RBAC: read-only on FRRConfigurations, Secrets and Nodes; writes only FRRNodeStates, BGPSessionStates, their status and Events', () => {
    const rules = objs
      .filter((o) => o.kind === 'Role' || o.kind === 'ClusterRole')
      .flatMap((o) => (o.rules as Array<{ apiGroups: string[]; resources: string[]; verbs: string[] }>).map((r) => ({ ns: o.metadata?.namespace ?? '*', ...r })));
    // Every rule, exactly: only the verbs the agent uses.
    assert.deepEqual(rules.map((r) => `${r.ns} ${r.resources.join(',')} ${r.verbs.join(',')}`).sort(), [
      '* frrnodestates get,create,patch',
      '* frrnodestates/status update',
      '* nodes list,watch',
      `${NS} bgpsessionstates list,create,delete`,
      `${NS} bgpsessionstates/status patch`,
      `${NS} frrconfigurations list,watch`,
      `${NS} secrets list,watch`,
      'default events create',
    ].sort());
    const secrets = rules.filter((r) => r.resources.includes('secrets'));
    assert.deepEqual(secrets.map((r) => r.ns), [NS], 'Secrets only in the FRR-K8s namespace');
    assert.ok(!rules.some((r) => r.verbs.includes('*') || r.resources.includes('*') || r.apiGroups.includes('*')));
  });
});

describe('manifests: functionConfig', () => {
  it('rejects unknown fields and bad values, naming the field', () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ daemonset: false }, /spec\.manifests\.daemonset: unknown field "daemonset"/],
      [{ images: { frr: 'Not An Image' } }, /spec\.manifests\.images\.frr: "Not An Image" is not an image reference/],
      [{ images: { speaker: 'x' } }, /spec\.manifests\.images\.speaker: unknown field "speaker"/],
      [{ logLevel: 'verbose' }, /spec\.manifests\.logLevel: must be one of "debug", "info", "warn", "error"/],
      [{ imagePullPolicy: 'Sometimes' }, /spec\.manifests\.imagePullPolicy: must be one of/],
      [{ resources: { agent: { limits: { memory: 'lots' } } } }, /spec\.manifests\.resources\.agent\.limits\.memory: "lots" is not a resource quantity/],
      [{ resources: { agent: { cpu: '1' } } }, /spec\.manifests\.resources\.agent\.cpu: unknown field "cpu"/],
      [{ tolerations: [{ operator: 'Maybe' }] }, /spec\.manifests\.tolerations\[0\]\.operator: must be one of "Exists", "Equal"/],
      [{ priorityClassName: 'Bad_Name' }, /spec\.manifests\.priorityClassName: "Bad_Name" is not a valid PriorityClass name/],
      [{ enabled: 'yes' }, /spec\.manifests\.enabled: must be of type boolean/],
      [{ nodeSelector: { a: 1 } }, /spec\.manifests\.nodeSelector\.a: must be of type string/],
      [{ nodeSelector: { 'bad key!': 'x' } }, /spec\.manifests\.nodeSelector: label "bad key!": invalid label key/],
      [{ nodeSelector: { rack: 'r 1' } }, /spec\.manifests\.nodeSelector: label "rack": invalid label value "r 1"/],
      [{ tolerations: [{}] }, /spec\.manifests\.tolerations\[0\]\.operator: must be Exists when key is empty/],
      [{ tolerations: [{ key: 'a', operator: 'Exists', value: 'x' }] }, /spec\.manifests\.tolerations\[0\]\.value: must be empty when operator is Exists/],
      [{ tolerations: [{ key: 'a', value: 'x y' }] }, /spec\.manifests\.tolerations\[0\]\.value: invalid label value "x y"/],
      [{ tolerations: [{ operator: 'Exists' }, { key: '-a', operator: 'Exists' }] }, /spec\.manifests\.tolerations\[1\]\.key: invalid label key "-a"/],
      [{ tolerations: [{ key: 'a', operator: 'Exists', effect: 'NoSchedule', tolerationSeconds: 5 }] }, /spec\.manifests\.tolerations\[0\]\.tolerationSeconds: only applies with effect NoExecute/],
      [{ resources: { frr: { requests: { cpu: Infinity } } } }, /spec\.manifests\.resources\.frr\.requests\.cpu: Infinity is not a resource quantity/],
      [{ priorityClassName: 'a'.repeat(254) }, /spec\.manifests\.priorityClassName: "a+" is not a valid PriorityClass name/],
    ];
    for (const [m, want] of cases) {
      const { errors } = configWith(m);
      assert.ok(errors.some((e) => want.test(e)), `${JSON.stringify(m)} → ${errors.join('\n')}`);
    }
  });

  it('accepts the tolerations and node selectors the API server accepts', () => {
    for (const m of [
      { tolerations: [{ operator: 'Exists' }] },
      { tolerations: [{ key: 'example.com/bgp', operator: 'Equal', value: 'yes', effect: 'NoExecute', tolerationSeconds: 30 }] },
      { tolerations: [{ key: 'dedicated', value: '' }] },
      { nodeSelector: { 'kubernetes.io/os': 'linux', 'node-role.example/bgp': '' } },
    ]) assert.deepEqual(configWith(m).errors, [], JSON.stringify(m));
  });

  it('the ConfigMap shorthand has manifests, frrImage and agentImage', () => {
    const read = (data: Record<string, string>) => {
      const diags = new Diagnostics();
      const cfg = readFunctionConfig({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'fn' }, data }, diags);
      return { cfg, errors: diags.list.map((d) => formatDiagnostic(d)) };
    };
    assert.equal(read({ manifests: 'false' }).cfg.manifests.enabled, false);
    assert.equal(read({}).cfg.manifests.enabled, true);
    const images = read({ frrImage: 'example.org/frr:10', agentImage: 'example.org/agent:2' });
    assert.deepEqual(images.errors, []);
    assert.deepEqual(images.cfg.manifests.images, { frr: 'example.org/frr:10', agent: 'example.org/agent:2' });
    assert.match(read({ manifests: 'no' }).errors.join('\n'), /ConfigMap fn data\.manifests: must be "true" or "false", not "no"/);
    assert.match(read({ agentImage: 'UPPER CASE' }).errors.join('\n'), /ConfigMap fn data\.agentImage: "UPPER CASE" is not an image reference/);
  });

  it('reading a configuration never changes the defaults', () => {
    const before = structuredClone(MANIFESTS_DEFAULTS);
    const { cfg } = configWith({ tolerations: [], images: { frr: 'example.org/frr:1' } });
    cfg.manifests.nodeSelector.x = 'y';
    assert.deepEqual(MANIFESTS_DEFAULTS, before);
    assert.deepEqual(configWith(undefined).cfg.manifests, before);
  });
});

describe('manifests: in the function', () => {
  const seed = () => resourceListFromDir(join(ROOT, 'examples', 'seed'), 'fn-config.yaml');
  type Out = { items: KubeObject[]; results?: Array<{ severity: string; message: string; resourceRef?: { kind: string; name: string } }> };

  it('manifests: {enabled: false} gives only the FRRConfigurations', () => {
    const r = runFunction(seed().replace('  advertise: pools\n', '  advertise: pools\n    manifests:\n      enabled: false\n'));
    assert.equal(r.code, 0, r.stderr);
    const gen = (parse(r.stdout) as Out).items.filter((o) => o.metadata?.annotations?.['metallb-frr.dev/generated'] === 'true');
    assert.deepEqual(gen.map((o) => o.kind), ['FRRConfiguration']);
  });

  it('an object of the input replaces the generated one (info result)', () => {
    const namespace = `- apiVersion: v1\n  kind: Namespace\n  metadata:\n    name: ${NS}\n    labels: {mine: "true"}\n    annotations: {config.kubernetes.io/path: ns.yaml}\n`;
    const r = runFunction(seed().replace('items:\n', `items:\n${namespace}`));
    assert.equal(r.code, 0, r.stderr);
    const out = parse(r.stdout) as Out;
    const namespaces = out.items.filter((o) => o.kind === 'Namespace');
    assert.equal(namespaces.length, 1);
    assert.equal(namespaces[0].metadata?.labels?.mine, 'true');
    assert.ok(out.results?.some((x) => x.severity === 'info' && x.resourceRef?.kind === 'Namespace' && /the input has this object; it is not generated/.test(x.message)));
  });

  it('no manifest is generated when the input has an error', () => {
    const diags = new Diagnostics();
    const cfg = readFunctionConfig(undefined, diags);
    const out = generate([{ apiVersion: 'metallb.io/v1beta2', kind: 'BGPPeer', metadata: { name: 'p', namespace: 'metallb-system' }, spec: { myASN: 'x' } }], cfg, diags);
    assert.equal(out, undefined);
    assert.ok(diags.hasErrors);
  });
});
