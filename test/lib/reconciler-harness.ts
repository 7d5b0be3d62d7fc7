// The agent's Reconciler in process, over a reloader that answers "ok" unless
// a test queues other answers, with its status, Events and log kept in lists.
import type { FRRConfiguration } from '../../src/api/frrk8s.ts';
import { memoryLogger } from '../../src/agent/log.ts';
import { createMetrics } from '../../src/agent/metrics.ts';
import { Reconciler, type Inputs, type NodeStatus, type ReconcilerOptions } from '../../src/agent/reconciler.ts';
import type { Reloader, ReloadResult } from '../../src/agent/reloader.ts';
import { secretsFrom } from '../../src/frr/index.ts';

export const NODE = { name: 'node1', labels: { 'kubernetes.io/hostname': 'node1' } };

export function reconcilerHarness(more: Partial<ReconcilerOptions> = {}) {
  const requests: string[] = [];
  const answers: Array<Partial<ReloadResult>> = [];
  const frr = { daemons: 'zebra:1 bgpd:2' };
  const reloader: Reloader = {
    reload: async (text) => (requests.push(text), { status: 'ok', message: '', daemons: frr.daemons, ...answers.shift() }),
    daemons: () => frr.daemons,
    close: () => {},
  };
  const statuses: NodeStatus[] = [];
  const events: Array<{ type: string; reason: string; message: string }> = [];
  const log = memoryLogger();
  const metrics = createMetrics({ processMetrics: false });
  let inputs: Inputs = { configs: [], secrets: secretsFrom([]), node: NODE };
  const r = new Reconciler({
    nodeName: NODE.name,
    snapshot: () => inputs,
    reloader,
    status: { publish: (s) => statuses.push(s) },
    events: { emit: (type, reason, message) => events.push({ type, reason, message }) },
    metrics,
    log,
    debounceMs: 0,
    frrCheckMs: 0,
    ...more,
  });
  /** New inputs, and the reconcile they trigger, done. */
  const set = async (configs: FRRConfiguration[], extra: Partial<Inputs> = {}) => {
    inputs = { configs, secrets: secretsFrom([]), node: NODE, ...extra };
    r.trigger();
    await r.idle();
  };
  return {
    r,
    frr,
    reloader,
    metrics,
    requests,
    answers,
    statuses,
    events,
    log,
    set,
    last: () => statuses[statuses.length - 1],
    /** Everything the agent says outside FRR: status, Events, log lines and metrics. */
    outside: async () => JSON.stringify({ statuses, events, log: log.lines }) + (await metrics.registry.metrics()),
  };
}
