// The function's options — its functionConfig (fn.metallb-frr.dev/v1alpha1
// MetalLBFRR, schema fnConfigSpec in src/api/schemas.ts, where each field is
// described) — and every default, in this one module. Reading a
// functionConfig into options is function-config.ts; the rules the options
// must meet beyond the schema are options-check.ts.
import type { Static } from '@sinclair/typebox';
import { AGENT_HEALTH_PORT, AGENT_METRICS_PORT, DEFAULT_FRRK8S_NAMESPACE, DEFAULT_METALLB_NAMESPACE } from '../api/agent.ts';
import type { fnConfigSpec, manifestsSpec } from '../api/schemas.ts';

/** The functionConfig's spec as written: every field optional. */
export type FnConfigSpec = Static<typeof fnConfigSpec>;
type ManifestsSpec = Static<typeof manifestsSpec>;

/** The functionConfig's `manifests`, every default filled in. */
export type ManifestsConfig = Required<Omit<ManifestsSpec, 'images' | 'resources' | 'ports'>> & {
  images: Required<NonNullable<ManifestsSpec['images']>>;
  resources: Required<NonNullable<ManifestsSpec['resources']>>;
  ports: Required<NonNullable<ManifestsSpec['ports']>>;
};
export type Toleration = ManifestsConfig['tolerations'][number];
export type ResourceRequirements = ManifestsConfig['resources']['frr'];

/** The options, every default filled in. */
export type FnConfig = Required<Omit<FnConfigSpec, 'manifests'>> & { manifests: ManifestsConfig };

/**
 * The architectures the release workflow builds the agent's image for
 * (.github/workflows/release.yaml, a test holds them equal), which FRR's
 * image also has: the DaemonSet's node affinity, as frr-k8s' (which lists
 * the architectures of its images).
 */
export const RELEASE_ARCHITECTURES = ['amd64', 'arm64'] as const;

/** FRR's official image; the version frr-k8s runs too. */
export const DEFAULT_FRR_IMAGE = 'quay.io/frrouting/frr:10.4.3';
export const DEFAULT_AGENT_IMAGE = 'ghcr.io/metallb-frr/metallb-frr-agent:0.1.0';

/** etcd's default --max-request-bytes (1.5 MiB): the largest object a default API server stores. */
export const DEFAULT_MAX_OBJECT_SIZE = '1536Ki';

/** The manifests' defaults (src/compile/manifests.ts emits them; fn/README.md lists them). */
export const MANIFESTS_DEFAULTS: ManifestsConfig = {
  enabled: true,
  namespace: true,
  crds: true,
  rbac: true,
  daemonSet: true,
  images: { frr: DEFAULT_FRR_IMAGE, agent: DEFAULT_AGENT_IMAGE },
  imagePullPolicy: 'IfNotPresent',
  logLevel: 'info',
  priorityClassName: '',
  nodeSelector: { 'kubernetes.io/os': 'linux' },
  tolerations: [
    { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node-role.kubernetes.io/master', operator: 'Exists', effect: 'NoSchedule' },
  ],
  resources: {
    frr: { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '512Mi' } },
    reloader: { requests: { cpu: '10m', memory: '32Mi' }, limits: { memory: '128Mi' } },
    agent: { requests: { cpu: '10m', memory: '128Mi' }, limits: { memory: '256Mi' } },
  },
  ports: { health: AGENT_HEALTH_PORT, metrics: AGENT_METRICS_PORT },
  architectures: [...RELEASE_ARCHITECTURES],
};

export const DEFAULTS: Readonly<FnConfig> = Object.freeze({
  metallbNamespace: DEFAULT_METALLB_NAMESPACE,
  frrk8sNamespace: DEFAULT_FRRK8S_NAMESPACE,
  advertise: 'pools',
  otherNamespaces: 'error',
  allowEmpty: false,
  allowDefaultRoute: false,
  metallbResources: 'all',
  manifests: MANIFESTS_DEFAULTS,
  preview: false,
  maxObjectSize: DEFAULT_MAX_OBJECT_SIZE,
});

/** A fresh, deep copy of the manifests' defaults. */
export function manifestsDefaults(): ManifestsConfig {
  return structuredClone(MANIFESTS_DEFAULTS);
}

/** A fresh copy of the defaults (nothing shared with DEFAULTS). */
export function defaultConfig(): FnConfig {
  return { ...DEFAULTS, manifests: manifestsDefaults() };
}

/**
 * The options a (structurally valid) spec asks for, the defaults filled in.
 * A given `manifests.images.X` replaces that image; a given
 * `manifests.resources.X` replaces that container's requirements whole;
 * `nodeSelector` and `tolerations` replace the defaults ({} and [] remove them).
 */
export function withDefaults(spec: FnConfigSpec): FnConfig {
  const { manifests, ...rest } = spec;
  return { ...defaultConfig(), ...rest, manifests: manifestsWithDefaults(manifests) };
}

function manifestsWithDefaults(given: ManifestsSpec | undefined): ManifestsConfig {
  const m = manifestsDefaults();
  if (!given) return m;
  const { images, resources, ports, ...flat } = given;
  Object.assign(m, structuredClone(flat));
  Object.assign(m.images, images ?? {});
  Object.assign(m.ports, ports ?? {});
  for (const c of ['frr', 'reloader', 'agent'] as const) {
    const r = resources?.[c];
    if (r) m.resources[c] = structuredClone(r);
  }
  return m;
}
