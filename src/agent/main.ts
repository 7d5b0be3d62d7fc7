// `metallb-frr agent`: the node agent that replaces the frr-k8s operator on
// each node (see README "The node agent"). Wires the sources (kube.ts, or
// dirsource.ts with --from-dir), the reconciler, the reloader client, the
// status writer, Events, metrics and the HTTP endpoints; stops cleanly on
// SIGTERM/SIGINT (exit 0).
//
// Exit codes: 0 stopped by a signal; 1 could not start (no kubeconfig, the
// port is taken, the reloader directory is missing); 2 bad flags.
import { accessSync, constants } from 'node:fs';
import type { Server } from 'node:http';
import { AGENT_HEALTH_PORT, AGENT_METRICS_PORT, DEFAULT_FRRK8S_NAMESPACE, FRR_LOG_LEVEL_NAMES, LOG_LEVELS, RELOADER_DIR, type LogLevel } from '../api/agent.ts';
import { parseFlags, UsageError } from '../api/command-line.ts';
import { parseDuration } from '../api/duration.ts';
import { HOSTNAME_LABEL } from '../api/k8s.ts';
import { parseLabelList } from '../api/selector.ts';
import { DirSource } from './dirsource.ts';
import { startHttp, startMetricsHttp, parseListen } from './http.ts';
import { describeError } from './errors.ts';
import { jsonLogger, type Logger } from './log.ts';
import { FRRStateReader } from './frrstate.ts';
import { registerFRRMetrics } from './frrmetrics.ts';
import { createMetrics } from './metrics.ts';
import { Reconciler, type EventSink, type Inputs, type StatusSink } from './reconciler.ts';
import { FileReloader, type Reloader } from './reloader.ts';

export const AGENT_USAGE = `usage: metallb-frr agent --node-name NAME [--namespace NS] [options]

  --node-name NAME          this node (default: $NODE_NAME)
  --namespace NS            the FRR-K8s namespace: FRRConfigurations and Secrets
                            are read there only (default: $NAMESPACE, else ${DEFAULT_FRRK8S_NAMESPACE})
  --kubeconfig FILE         API server access (default: in-cluster service account)
  --from-dir DIR            read FRRConfigurations and Secrets from YAML files under
                            DIR instead of the API server (no status, no Events)
  --node-labels k=v,...     the node's labels with --from-dir
  --poll-interval DURATION  how often --from-dir looks for changes (default 2s)
  --reloader-dir DIR        directory shared with the reloader (default ${RELOADER_DIR})
  --reload-timeout DURATION give up waiting for the reloader (default 60s; retried)
  --frr-check-interval DURATION
                            how often to look for an FRR restart (default 2s)
  --frr-state-timeout DURATION
                            longest wait for FRR's BGP/BFD state (metrics, BGPSessionStates;
                            default 5s)
  --session-poll-interval DURATION
                            how often FRR's sessions are read for BGPSessionStates (default 10s)
  --debounce DURATION       quiet period after a change before reconciling (default 20ms)
  --listen HOST:PORT        /healthz, /readyz, /metrics, /status (default 127.0.0.1:${AGENT_HEALTH_PORT})
  --metrics-listen HOST:PORT
                            also serve /metrics, and only /metrics, there (for Prometheus;
                            the DaemonSet uses $(POD_IP):${AGENT_METRICS_PORT}); default: off
  --log-level LEVEL         debug, info, warn, error (default info)
  --frr-log-level LEVEL     FRR's log level in frr.conf (default informational)
`;

export interface AgentFlags {
  nodeName: string;
  namespace: string;
  kubeconfig?: string;
  fromDir?: string;
  nodeLabels: Record<string, string>;
  pollMs: number;
  reloaderDir: string;
  reloadTimeoutMs: number;
  frrCheckMs: number;
  frrStateTimeoutMs: number;
  sessionPollMs: number;
  debounceMs: number;
  listen: string;
  metricsListen?: string;
  logLevel: LogLevel;
  frrLogLevel?: string;
}

/** Parses and checks the flags; throws UsageError with a one-line reason. */
export function parseAgentFlags(argv: string[], env: NodeJS.ProcessEnv = process.env): AgentFlags {
  const { values } = parseFlags({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      'node-name': { type: 'string' },
      namespace: { type: 'string' },
      kubeconfig: { type: 'string' },
      'from-dir': { type: 'string' },
      'node-labels': { type: 'string' },
      'poll-interval': { type: 'string' },
      'reloader-dir': { type: 'string' },
      'reload-timeout': { type: 'string' },
      'frr-check-interval': { type: 'string' },
      'frr-state-timeout': { type: 'string' },
      'session-poll-interval': { type: 'string' },
      debounce: { type: 'string' },
      listen: { type: 'string' },
      'metrics-listen': { type: 'string' },
      'log-level': { type: 'string' },
      'frr-log-level': { type: 'string' },
    },
  });
  const str = (k: keyof typeof values): string | undefined => values[k];
  const nodeName = str('node-name') ?? env.NODE_NAME ?? '';
  if (!nodeName) throw new UsageError('--node-name is required (or set NODE_NAME)');
  if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(nodeName) || nodeName.length > 253) throw new UsageError(`--node-name: "${nodeName}" is not a valid node name`);
  const namespace = str('namespace') ?? env.NAMESPACE ?? DEFAULT_FRRK8S_NAMESPACE;
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(namespace) || namespace.length > 63) throw new UsageError(`--namespace: "${namespace}" is not a valid namespace name`);
  const duration = (flag: keyof typeof values, def: string, min: number) => {
    const text = str(flag) ?? def;
    const ms = parseDuration(text);
    if (ms === undefined || ms < min) throw new UsageError(`--${flag}: "${text}" is not a duration of at least ${min} ms (e.g. 500ms, 2s, 1m)`);
    return ms;
  };
  const logLevel = str('log-level') ?? 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) throw new UsageError(`--log-level: "${logLevel}" is not one of ${LOG_LEVELS.join(', ')}`);
  const frrLogLevel = str('frr-log-level');
  if (frrLogLevel !== undefined && !FRR_LOG_LEVEL_NAMES.includes(frrLogLevel)) {
    throw new UsageError(`--frr-log-level: "${frrLogLevel}" is not one of ${FRR_LOG_LEVEL_NAMES.join(', ')}`);
  }
  const listen = str('listen') ?? `127.0.0.1:${AGENT_HEALTH_PORT}`;
  const metricsListen = str('metrics-listen');
  try {
    parseListen(listen);
    if (metricsListen !== undefined) parseListen(metricsListen, '--metrics-listen');
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const fromDir = str('from-dir');
  if (str('node-labels') !== undefined && fromDir === undefined) throw new UsageError('--node-labels only applies with --from-dir (otherwise the Node object has the labels)');
  if (fromDir !== undefined && str('kubeconfig') !== undefined) throw new UsageError('--from-dir and --kubeconfig exclude each other');
  const nodeLabels = parseLabelList(str('node-labels') ?? '');
  if (typeof nodeLabels === 'string') throw new UsageError(`--node-labels: ${nodeLabels}`);
  return {
    nodeName,
    namespace,
    ...(str('kubeconfig') !== undefined ? { kubeconfig: str('kubeconfig') } : {}),
    ...(fromDir !== undefined ? { fromDir } : {}),
    nodeLabels,
    pollMs: duration('poll-interval', '2s', 100),
    reloaderDir: str('reloader-dir') ?? RELOADER_DIR,
    reloadTimeoutMs: duration('reload-timeout', '60s', 100),
    frrCheckMs: duration('frr-check-interval', '2s', 100),
    frrStateTimeoutMs: duration('frr-state-timeout', '5s', 100),
    sessionPollMs: duration('session-poll-interval', '10s', 100),
    debounceMs: duration('debounce', '20ms', 0),
    listen,
    ...(metricsListen !== undefined ? { metricsListen } : {}),
    logLevel: logLevel as LogLevel,
    ...(frrLogLevel !== undefined ? { frrLogLevel } : {}),
  };
}

/** Runs the agent until SIGTERM or SIGINT; resolves with the exit code. */
export async function agentMain(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(AGENT_USAGE);
    return 0;
  }
  let flags: AgentFlags;
  try {
    flags = parseAgentFlags(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`error: ${e.message}\n\n${AGENT_USAGE}`);
    return 2;
  }
  // A closed stdout (a pipe whose reader left) must not take the agent down.
  process.stdout.on('error', () => undefined);
  const log = jsonLogger(flags.logLevel);
  const agent = await startAgent(flags, log).catch((e: unknown) => {
    log.error('cannot start', { error: describeError(e) });
    return undefined;
  });
  if (!agent) return 1;

  return new Promise((resolve) => {
    const stop = (signal: string) => {
      log.info('stopping', { signal });
      agent.stop().then(
        () => {
          log.info('stopped');
          // Whatever a library still holds open must not keep the process up.
          setTimeout(() => process.exit(0), 200).unref();
          resolve(0);
        },
        () => resolve(0),
      );
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
}

export interface RunningAgent {
  reconciler: Reconciler;
  server: Server;
  /** The /metrics-only listener (--metrics-listen). */
  metricsServer?: Server;
  stop(): Promise<void>;
}

/** Starts everything; rejects when the agent cannot start. */
export async function startAgent(flags: AgentFlags, log: Logger): Promise<RunningAgent> {
  accessSync(flags.reloaderDir, constants.W_OK); // a clear error now beats a timeout later
  const metrics = createMetrics();
  const reloader = new FileReloader(flags.reloaderDir, { timeoutMs: flags.reloadTimeoutMs });
  // FRR's BGP and BFD state, through the reloader: the frrk8s_* metrics read it when scraped.
  let stateFailing = false;
  const frrState = new FRRStateReader(flags.reloaderDir, {
    timeoutMs: flags.frrStateTimeoutMs,
    onFailure: (reason) => {
      metrics.frrStateFailures.inc();
      // Said once per outage: scrapes keep asking while FRR is down.
      if (!stateFailing) log.warn('cannot read FRR state (metrics report its sessions down)', { reason });
      stateFailing = true;
    },
    onSuccess: () => {
      if (stateFailing) log.info('FRR state readable again');
      stateFailing = false;
    },
  });
  registerFRRMetrics(metrics.registry, frrState);

  let source: { start(): void; stop(): void; snapshot(): Inputs | undefined; readonly synced: boolean };
  let status: StatusSink & { flush?(): Promise<void>; stop?(): void };
  let events: EventSink;
  let reconciler: Reconciler | undefined;
  const onChange = () => reconciler?.trigger();
  /** BGPSessionStates (API only): FRR's sessions polled, and read again after each reload. */
  let sessions: { poll(): void; start(): void; stop(): void } | undefined;

  if (flags.fromDir !== undefined) {
    const labels = { [HOSTNAME_LABEL]: flags.nodeName, ...flags.nodeLabels };
    source = new DirSource(flags.fromDir, flags.namespace, { name: flags.nodeName, labels }, flags.pollMs, log, onChange);
    status = { publish: () => undefined };
    events = {
      emit: (type, reason, message) => log.info('event', { type, reason, message }),
    };
  } else {
    // Loaded only here: a node fed from files never loads the Kubernetes client.
    const { KubeEvents, KubeSource, KubeStatusWriter, loadKubeClient } = await import('./kube.ts');
    const client = await loadKubeClient(flags.kubeconfig);
    const kube = new KubeSource(client, flags.namespace, flags.nodeName, log, onChange);
    source = kube;
    status = new KubeStatusWriter(client, flags.nodeName, log, () => kube.owner());
    events = new KubeEvents(client, flags.nodeName, () => kube.nodeUID(), log);
    const { SessionPoller, SessionStateWriter } = await import('./sessionstates.ts');
    const writer = new SessionStateWriter(client, flags.namespace, flags.nodeName, () => kube.owner(), log);
    sessions = new SessionPoller(frrState, writer, flags.nodeName, flags.sessionPollMs, () => reconciler?.ready === true);
  }
  // New sessions show at once: FRR's state is read again a second after each reload.
  const watched: Reloader = {
    reload: async (config) => {
      const answer = await reloader.reload(config);
      if (answer.status === 'ok') setTimeout(() => sessions?.poll(), 1000).unref();
      return answer;
    },
    daemons: () => reloader.daemons(),
    close: () => reloader.close(),
  };

  reconciler = new Reconciler({
    nodeName: flags.nodeName,
    snapshot: () => source.snapshot(),
    reloader: watched,
    status,
    events,
    metrics,
    log,
    debounceMs: flags.debounceMs,
    frrCheckMs: flags.frrCheckMs,
    ...(flags.frrLogLevel !== undefined ? { frrLogLevel: flags.frrLogLevel } : {}),
  });
  const r = reconciler;
  const server = await startHttp(flags.listen, metrics, {
    // Ready: FRR runs the configuration the inputs ask for (Reconciler.readiness).
    ready: () => (source.synced ? r.readiness() : { ok: false, reason: 'inputs not synced' }),
    status: () => r.status,
  });
  const metricsServer = flags.metricsListen !== undefined ? await startMetricsHttp(flags.metricsListen, metrics).catch((e: unknown) => {
    server.close();
    throw e;
  }) : undefined;
  log.info('agent started', { node: flags.nodeName, namespace: flags.namespace, source: flags.fromDir ? `dir:${flags.fromDir}` : 'api', reloaderDir: flags.reloaderDir, listen: flags.listen, metricsListen: flags.metricsListen });
  source.start();
  sessions?.start();

  return {
    reconciler: r,
    server,
    ...(metricsServer ? { metricsServer } : {}),
    async stop() {
      source.stop();
      sessions?.stop();
      r.stop();
      reloader.close();
      frrState.close();
      // The latest status, if the API server takes it quickly.
      if (status.flush) await Promise.race([status.flush(), new Promise((res) => setTimeout(res, 3000).unref())]);
      status.stop?.();
      await new Promise((res) => server.close(() => res(undefined)));
      if (metricsServer) await new Promise((res) => metricsServer.close(() => res(undefined)));
    },
  };
}
