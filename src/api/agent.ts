// The node agent's contract: what the manifests the function emits
// (src/compile/manifests*.ts) and the agent (src/agent) must agree on. Both
// import it from here, so that the agent never depends on the compiler.
//
//  - the directory shared with the reloader and the names of its protocol
//    files (the protocol itself is described in src/compile/frr-reloader.sh,
//    which a unit test holds to these names);
//  - where the agent serves /healthz, /readyz and /metrics;
//  - default namespaces, the names of the objects both sides refer to;
//  - log levels: the agent's, and FRR's in frr.conf;
//  - the label naming the node of a per-node FRRConfiguration, which the
//    compiler sets and the agent's watches filter on.
import { labelValueProblem } from './selector.ts';

/** Where the pod mounts the directory shared by the agent and the reloader. */
export const RELOADER_DIR = '/etc/frr_reloader';

/** Names of the files in the shared directory. */
export const RELOADER_FILES = {
  candidate: 'frr.conf',
  request: 'reload.request',
  result: 'reload.result',
  daemons: 'frr.daemons',
  heartbeat: 'reloader.heartbeat',
  /** The agent asks for FRR's state (one line, the request id)... */
  stateRequest: 'state.request',
  /** ...and the reloader answers with FRR's JSON (src/agent/frrstate.ts reads it). */
  state: 'frr.state',
} as const;

/**
 * On a per-node FRRConfiguration (`metallb-<node>`), the node it is for. The
 * agent watches two streams, filtered by the API server: the configurations
 * with its own name here, and those without the label (for any node, selected
 * by their nodeSelector as always). So a change to every node's configuration
 * costs each agent one event, not one per node.
 */
export const NODE_CONFIG_LABEL = 'metallb-frr.dev/node';

/**
 * The label value naming `node`, or undefined when the name cannot be one (a
 * label value has at most 63 characters; a node name up to 253): such a
 * node's configuration carries no label and reaches every agent, as a
 * hand-written one does.
 */
export function nodeLabelValue(node: string): string | undefined {
  return labelValueProblem(node) === undefined && node !== '' ? node : undefined;
}

/*
 * The agent's ports. The pod uses the host network, so they are the node's:
 * a port another host-network process of the node already holds makes the
 * agent exit at start. Chosen clear of what runs beside it (their defaults
 * and the ports their manifests and Helm charts set):
 *   frr-k8s          127.0.0.1:7572 health probes (controller), 7573 FRR
 *                    metrics, 9140 and 9141 metrics over TLS (kube-rbac-proxy
 *                    or its own), 19443 webhook (host network)
 *   MetalLB speaker  7472 metrics, 7473 FRR metrics (FRR mode), 7946
 *                    memberlist (TCP and UDP), 9120 and 9121 metrics over TLS
 *                    (kube-rbac-proxy)
 *   MetalLB controller  7472 metrics, 9443 webhook (pod network)
 *   kube-rbac-proxy  8443 (kubebuilder's default), else as above
 * Both can be changed: the agent's --listen and --metrics-listen, and the
 * function's manifests.ports.
 */

/** The agent's HTTP port (/healthz, /readyz, /metrics, /status), on the loopback. */
export const AGENT_HEALTH_PORT = 7576;

/** Where the agent serves /metrics (only) on the pod's IP, the node's address on the host network, for Prometheus. */
export const AGENT_METRICS_PORT = 7577;

/** Events about cluster-scoped objects (Nodes) are written here. */
export const EVENTS_NAMESPACE = 'default';

/** Where FRRConfigurations live unless told otherwise (frr-k8s' namespace). */
export const DEFAULT_FRRK8S_NAMESPACE = 'frr-k8s-system';

/** Where MetalLB's resources live unless told otherwise (MetalLB's namespace). */
export const DEFAULT_METALLB_NAMESPACE = 'metallb-system';

/** The agent's ServiceAccount (and Roles), and the component its Events name. */
export const AGENT_NAME = 'metallb-frr-agent';

/** The agent's log levels, least severe first (`--log-level`, manifests.logLevel). */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** FRR's log levels (`log stdout LEVEL` in frr.conf), most severe first. */
export const FRR_LOG_LEVELS = ['emergencies', 'alerts', 'critical', 'errors', 'warnings', 'notifications', 'informational', 'debugging'] as const;
export type FRRLogLevel = (typeof FRR_LOG_LEVELS)[number];

/**
 * frr-k8s' log level names and the FRR level each means; the agent's own
 * levels are among them, so the manifests can pass one level to both
 * `--log-level` and `--frr-log-level`.
 */
export const FRR_K8S_LOG_LEVELS: Readonly<Record<LogLevel | 'all' | 'none', FRRLogLevel>> = {
  all: 'debugging',
  debug: 'debugging',
  info: 'informational',
  warn: 'warnings',
  error: 'errors',
  none: 'emergencies',
};

/** Every name `--frr-log-level` accepts: FRR's, then frr-k8s'. */
export const FRR_LOG_LEVEL_NAMES: readonly string[] = [...FRR_LOG_LEVELS, ...Object.keys(FRR_K8S_LOG_LEVELS)];
