// Everything a cluster needs to run the node agent instead of the frr-k8s
// operator, as plain objects in install order:
//
//   group      objects
//   namespace  Namespace <ns> (Pod Security "privileged": the DaemonSet uses the host network)
//   crds       CRDs FRRConfiguration, FRRNodeState and BGPSessionState (manifests-crds.ts)
//   rbac       ServiceAccount metallb-frr-agent; Role + RoleBinding in <ns>
//              (FRRConfigurations and Secrets: list/watch; BGPSessionStates:
//              list, create, delete, their status: patch); ClusterRole +
//              ClusterRoleBinding (Nodes: list/watch, FRRNodeStates: get,
//              create and patch (to add the Node as owner of one made
//              without), their status: update); Role + RoleBinding
//              metallb-frr-agent-events in "default" (Events: create —
//              Events about a Node, which has no namespace, live there)
//   daemonSet  ConfigMaps metallb-frr-startup (FRR's daemons, vtysh.conf, the
//              initial frr.conf) and metallb-frr-reloader (the reloader
//              script), and DaemonSet metallb-frr
//
// Least privilege, and what RBAC cannot express: a DaemonSet's pods share one
// ServiceAccount, so "its own Node" and "its own FRRNodeState" are every
// Node and every FRRNodeState (RBAC has no per-node names), and "its own"
// BGPSessionStates every one in <ns>. The agent cannot read Secrets outside
// <ns>, cannot write FRRConfigurations, Nodes or any Secret, and cannot
// delete anything but BGPSessionStates.
//
// The DaemonSet's pod, on the host network:
//   init frr-files  copies the startup ConfigMap into /etc/frr (FRR writes there)
//   frr             the FRR image, watchfrr + zebra, bgpd, staticd, bfdd
//                   (and mgmtd, which FRR 10 always starts);
//                   adds NET_ADMIN, NET_RAW, SYS_ADMIN and NET_BIND_SERVICE
//                   (the runtime's defaults stay: the daemons start as root and
//                   switch to user frr); read-only root filesystem
//   reloader        the FRR image running the reloader script (frr-reloader.sh)
//   agent           our image: non-root (65532), read-only root filesystem, no
//                   capabilities, no privilege escalation; /healthz, /readyz,
//                   /metrics and /status on 127.0.0.1:7576, and /metrics
//                   alone on the pod's IP (the node's), port 7577 `metrics`
//                   (manifests.ports; src/api/agent.ts says why these)
// Only the agent gets the ServiceAccount token (automount off, the same
// projected volume mounted into the agent alone): FRR's daemons face the
// network and need no access to the API, least of all to the Secrets.
// The containers share the pod's process namespace (as in frr-k8s): the
// reloader tells a running daemon from a stale pid file through /proc, which
// only shows FRR's processes when the namespace is shared.
// The pod template carries a hash of both ConfigMaps, so changing the
// script or the startup files rolls the pods.
//
// Pure and deterministic: the same configuration gives the same objects.
import { AGENT_HEALTH_PORT, AGENT_METRICS_PORT, AGENT_NAME, EVENTS_NAMESPACE, RELOADER_DIR, RELOADER_FILES } from '../api/agent.ts';
import { FRRK8S_GROUP } from '../api/frrk8s.ts';
import type { KubeObject } from '../api/k8s.ts';
import { bgpSessionStateCRD, frrConfigurationCRD, frrNodeStateCRD } from './manifests-crds.ts';
import { RELOADER_SCRIPT } from './manifests-reloader.ts';
import type { ManifestsConfig, ResourceRequirements } from './options.ts';

export const EVENTS_ROLE_NAME = 'metallb-frr-agent-events';
export const DAEMONSET_NAME = 'metallb-frr';
export const STARTUP_CONFIGMAP = 'metallb-frr-startup';
export const RELOADER_CONFIGMAP = 'metallb-frr-reloader';

const PART_OF = { 'app.kubernetes.io/name': 'metallb-frr', 'app.kubernetes.io/part-of': 'metallb-frr' };
const labels = (component: string): Record<string, string> => ({ ...PART_OF, 'app.kubernetes.io/component': component });
const POD_LABELS = { 'app.kubernetes.io/name': 'metallb-frr', 'app.kubernetes.io/component': 'node' };

const RBAC_API = 'rbac.authorization.k8s.io/v1';

export const FRR_DAEMONS_FILE = `# FRR daemons started by watchfrr (written by metallb-frr).
# zebra and watchfrr always run; staticd and mgmtd too in FRR 10 (mgmtd first).
bgpd=yes
bfdd=yes
ospfd=no
ospf6d=no
ripd=no
ripngd=no
isisd=no
pimd=no
ldpd=no
nhrpd=no
eigrpd=no
babeld=no
sharpd=no
pbrd=no
fabricd=no
vrrpd=no
vtysh_enable=yes
# Management interfaces on the loopback only. bgpd takes -p 0 as frr-k8s
# does: it opens sessions and accepts none, so it never holds port 179 on the
# host. zebra's -K 120 (graceful restart, as frr-k8s): a restarted zebra
# keeps the routes the previous one left in the kernel for up to 120 s
# instead of removing them at start-up, so traffic keeps flowing while bgpd
# relearns them.
zebra_options="-A 127.0.0.1 -K 120 -s 90000000 --limit-fds 100000"
mgmtd_options="-A 127.0.0.1"
bgpd_options="-A 127.0.0.1 -p 0 --limit-fds 100000"
staticd_options="-A 127.0.0.1 --limit-fds 100000"
bfdd_options="-A 127.0.0.1 --limit-fds 100000"
`;

export const VTYSH_CONF = 'service integrated-vtysh-config\n';

export const INITIAL_FRR_CONF = `! Until the node agent applies the node's configuration (metallb-frr).
frr defaults traditional
hostname metallb-frr
log stdout informational
!
`;

/** Every manifest the configuration asks for, in install order. */
export function compileManifests(namespace: string, m: ManifestsConfig): KubeObject[] {
  if (!m.enabled) return [];
  const out: KubeObject[] = [];
  if (m.namespace) out.push(namespaceObject(namespace));
  if (m.crds) out.push(frrConfigurationCRD(labels('crds')), frrNodeStateCRD(labels('crds')), bgpSessionStateCRD(labels('crds')));
  if (m.rbac) out.push(...rbac(namespace));
  if (m.daemonSet) {
    const startup = startupConfigMap(namespace);
    const reloader = reloaderConfigMap(namespace);
    out.push(startup, reloader, daemonSet(namespace, m, configHash([startup, reloader])));
  }
  return out;
}

function namespaceObject(name: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name,
      labels: {
        ...labels('namespace'),
        // hostNetwork and added capabilities are beyond the baseline profile.
        'pod-security.kubernetes.io/enforce': 'privileged',
        'pod-security.kubernetes.io/audit': 'privileged',
        'pod-security.kubernetes.io/warn': 'privileged',
      },
    },
  };
}

function rbac(namespace: string): KubeObject[] {
  const l = () => labels('rbac');
  const subject = { kind: 'ServiceAccount', name: AGENT_NAME, namespace };
  // Only the verbs the agent uses: informers list and watch; nothing gets.
  const read = () => ['list', 'watch'];
  return [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: AGENT_NAME, namespace, labels: l() } },
    {
      apiVersion: RBAC_API,
      kind: 'Role',
      metadata: { name: AGENT_NAME, namespace, labels: l() },
      rules: [
        { apiGroups: [FRRK8S_GROUP], resources: ['frrconfigurations'], verbs: read() },
        { apiGroups: [''], resources: ['secrets'], verbs: read() },
        // The node's BGPSessionStates: listed once (by label), created, deleted; status by merge patch.
        { apiGroups: [FRRK8S_GROUP], resources: ['bgpsessionstates'], verbs: ['list', 'create', 'delete'] },
        { apiGroups: [FRRK8S_GROUP], resources: ['bgpsessionstates/status'], verbs: ['patch'] },
      ],
    },
    {
      apiVersion: RBAC_API,
      kind: 'RoleBinding',
      metadata: { name: AGENT_NAME, namespace, labels: l() },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: AGENT_NAME },
      subjects: [{ ...subject }],
    },
    {
      apiVersion: RBAC_API,
      kind: 'ClusterRole',
      metadata: { name: AGENT_NAME, labels: l() },
      rules: [
        { apiGroups: [''], resources: ['nodes'], verbs: read() },
        // patch: an FRRNodeState made without the Node as owner gets it.
        { apiGroups: [FRRK8S_GROUP], resources: ['frrnodestates'], verbs: ['get', 'create', 'patch'] },
        { apiGroups: [FRRK8S_GROUP], resources: ['frrnodestates/status'], verbs: ['update'] },
      ],
    },
    {
      apiVersion: RBAC_API,
      kind: 'ClusterRoleBinding',
      metadata: { name: AGENT_NAME, labels: l() },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: AGENT_NAME },
      subjects: [{ ...subject }],
    },
    {
      apiVersion: RBAC_API,
      kind: 'Role',
      metadata: { name: EVENTS_ROLE_NAME, namespace: EVENTS_NAMESPACE, labels: l() },
      rules: [{ apiGroups: [''], resources: ['events'], verbs: ['create'] }],
    },
    {
      apiVersion: RBAC_API,
      kind: 'RoleBinding',
      metadata: { name: EVENTS_ROLE_NAME, namespace: EVENTS_NAMESPACE, labels: l() },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: EVENTS_ROLE_NAME },
      subjects: [{ ...subject }],
    },
  ];
}

function startupConfigMap(namespace: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: STARTUP_CONFIGMAP, namespace, labels: labels('node') },
    data: { daemons: FRR_DAEMONS_FILE, 'frr.conf': INITIAL_FRR_CONF, 'vtysh.conf': VTYSH_CONF },
  };
}

function reloaderConfigMap(namespace: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: RELOADER_CONFIGMAP, namespace, labels: labels('node') },
    data: { 'reloader.sh': RELOADER_SCRIPT },
  };
}

/**
 * Two 32-bit FNV-1a hashes (different offsets) over the ConfigMaps' data, as
 * 16 hex digits: enough to notice a change, and cheaper at start-up than
 * loading node:crypto. Exported for its test (the data hashed today are
 * constants, so only other data show each half keeps its leading zeros).
 */
export function configHash(maps: KubeObject[]): string {
  const text = maps.map((m) => JSON.stringify(m.data)).join('\n');
  let a = 0x811c9dc5;
  let b = 0x050c5d1f;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193);
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}

/** Where in-cluster clients (the agent's loadFromCluster) find the token, CA and namespace. */
const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

const READ_ONLY_ROOT = { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true };

function daemonSet(namespace: string, m: ManifestsConfig, hash: string): KubeObject {
  const mount = (name: string, mountPath: string, readOnly = false) => ({ name, mountPath, ...(readOnly ? { readOnly } : {}) });
  // Fresh objects each time: a shared one would come out as a YAML alias.
  const frrMounts = () => [mount('frr-sockets', '/var/run/frr'), mount('frr-conf', '/etc/frr'), mount('frr-lib', '/var/lib/frr'), mount('frr-tmp', '/var/tmp/frr')];
  const health = (path: string, periodSeconds: number, failureThreshold: number) => ({
    httpGet: { host: '127.0.0.1', port: m.ports.health, path },
    periodSeconds,
    failureThreshold,
    timeoutSeconds: 5,
  });
  const execProbe = (script: string, periodSeconds: number, failureThreshold: number) => ({
    exec: { command: ['/bin/sh', '-c', script] },
    periodSeconds,
    failureThreshold,
    timeoutSeconds: 10,
  });
  const resources = (r: ResourceRequirements) => structuredClone(r);

  const podSpec: Record<string, unknown> = {
    hostNetwork: true,
    dnsPolicy: 'ClusterFirstWithHostNet',
    shareProcessNamespace: true,
    serviceAccountName: AGENT_NAME,
    automountServiceAccountToken: false,
    terminationGracePeriodSeconds: 10,
    ...(m.priorityClassName ? { priorityClassName: m.priorityClassName } : {}),
    ...(Object.keys(m.nodeSelector).length ? { nodeSelector: { ...m.nodeSelector } } : {}),
    // Only nodes whose architecture both images are built for.
    ...(m.architectures.length
      ? { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/arch', operator: 'In', values: [...m.architectures] }] }] } } } }
      : {}),
    ...(m.tolerations.length ? { tolerations: structuredClone(m.tolerations) } : {}),
    initContainers: [
      {
        name: 'frr-files',
        image: m.images.frr,
        imagePullPolicy: m.imagePullPolicy,
        command: ['/bin/sh', '-c', 'cp -Lf /etc/frr-startup/daemons /etc/frr-startup/vtysh.conf /etc/frr-startup/frr.conf /etc/frr/'],
        // The FRR image's user frr, so that the daemons own their files.
        securityContext: { ...READ_ONLY_ROOT, runAsUser: 100, runAsGroup: 101, capabilities: { drop: ['ALL'] } },
        volumeMounts: [mount('frr-startup', '/etc/frr-startup', true), mount('frr-conf', '/etc/frr')],
      },
    ],
    containers: [
      {
        name: 'frr',
        image: m.images.frr,
        imagePullPolicy: m.imagePullPolicy,
        command: ['/sbin/tini', '--', '/usr/lib/frr/docker-start'],
        env: [{ name: 'TINI_SUBREAPER', value: 'true' }],
        securityContext: { ...READ_ONLY_ROOT, capabilities: { add: ['NET_ADMIN', 'NET_RAW', 'SYS_ADMIN', 'NET_BIND_SERVICE'] } },
        // bgpd answers on its vty socket once it runs; watchfrr restarts a daemon that dies.
        startupProbe: execProbe('vtysh -d bgpd -c "show version" >/dev/null', 5, 60),
        livenessProbe: execProbe('vtysh -d bgpd -c "show version" >/dev/null', 20, 3),
        resources: resources(m.resources.frr),
        volumeMounts: frrMounts(),
      },
      {
        name: 'reloader',
        image: m.images.frr,
        imagePullPolicy: m.imagePullPolicy,
        command: ['/bin/sh', '/etc/metallb-frr/reloader.sh'],
        env: [{ name: 'RELOADER_DIR', value: RELOADER_DIR }],
        securityContext: { ...READ_ONLY_ROOT },
        // The script writes a heartbeat every few seconds.
        livenessProbe: execProbe(`test $(( $(date +%s) - $(cat ${RELOADER_DIR}/${RELOADER_FILES.heartbeat}) )) -lt 60`, 20, 3),
        resources: resources(m.resources.reloader),
        volumeMounts: [...frrMounts(), mount('reloader-script', '/etc/metallb-frr', true), mount('reloader', RELOADER_DIR)],
      },
      {
        name: 'agent',
        image: m.images.agent,
        imagePullPolicy: m.imagePullPolicy,
        args: [
          '--node-name=$(NODE_NAME)',
          '--namespace=$(NAMESPACE)',
          `--reloader-dir=${RELOADER_DIR}`,
          `--listen=127.0.0.1:${m.ports.health}`,
          `--metrics-listen=$(POD_IP):${m.ports.metrics}`,
          `--log-level=${m.logLevel}`,
          // frr-k8s' level names, which the renderer maps to FRR's.
          `--frr-log-level=${m.logLevel}`,
        ],
        env: [
          { name: 'NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
          { name: 'NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
          { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
        ],
        // /metrics only, on the pod's IP; health and /status stay on loopback.
        ports: [{ name: 'metrics', containerPort: m.ports.metrics }],
        securityContext: {
          ...READ_ONLY_ROOT,
          runAsNonRoot: true,
          runAsUser: 65532,
          runAsGroup: 65532,
          capabilities: { drop: ['ALL'] },
          seccompProfile: { type: 'RuntimeDefault' },
        },
        livenessProbe: health('/healthz', 20, 3),
        readinessProbe: health('/readyz', 10, 3),
        resources: resources(m.resources.agent),
        volumeMounts: [mount('reloader', RELOADER_DIR), mount('kube-api-access', SERVICE_ACCOUNT_DIR, true)],
      },
    ],
    volumes: [
      { name: 'frr-sockets', emptyDir: {} },
      { name: 'frr-conf', emptyDir: {} },
      { name: 'frr-lib', emptyDir: {} },
      { name: 'frr-tmp', emptyDir: {} },
      { name: 'reloader', emptyDir: {} },
      { name: 'frr-startup', configMap: { name: STARTUP_CONFIGMAP } },
      { name: 'reloader-script', configMap: { name: RELOADER_CONFIGMAP, defaultMode: 0o555 } },
      {
        // What the ServiceAccount admission plugin would mount into every container.
        name: 'kube-api-access',
        projected: {
          sources: [
            { serviceAccountToken: { path: 'token', expirationSeconds: 3607 } },
            { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
            { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
          ],
        },
      },
    ],
  };

  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: DAEMONSET_NAME, namespace, labels: labels('node') },
    spec: {
      selector: { matchLabels: { ...POD_LABELS } },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } },
      template: {
        metadata: {
          labels: { ...POD_LABELS },
          annotations: { 'kubectl.kubernetes.io/default-container': 'agent', 'metallb-frr.dev/config-hash': hash },
        },
        spec: podSpec,
      },
    },
  };
}
