// The agent's Reconciler in process, over a reloader that answers "ok" unless
// a test queues other answers, with its status, Events and log kept in lists.
import type { FRRConfiguration } from '../../src/api/frrk8s.ts';
import { memoryLogger } from '../../src/agent/log.ts';
import { createMetrics } from '../../src/agent/metrics.ts';
import { Reconciler, type Inputs, type NodeStatus, type ReconcilerOptions } from '../../src/agent/reconciler.ts';
import type { Reloader, ReloadResult } from '../../src/agent/reloader.ts';
import { secretsFrom } from '../../src/frr/index.ts';

export const NODE = { name: 'node1', labels: { 'kubernetes.io/hostname': 'node1' } };

/** A reloader that keeps what it is asked and answers "ok", or the next of `answers`; FRR's daemons are `now`. */
export class FakeReloader implements Reloader {
  requests: string[] = [];
  answers: Array<Partial<ReloadResult>> = [];
  constructor(public now = 'zebra:1 bgpd:2') {}
  async reload(config: string): Promise<ReloadResult> {
    this.requests.push(config);
    return { status: 'ok', message: '', daemons: this.now, ...this.answers.shift() };
  }
  daemons(): string {
    return this.now;
  }
  close(): void {}
}

export function reconcilerHarness(more: Partial<ReconcilerOptions> & { daemons?: string } = {}) {
  const { daemons, ...options } = more;
  const reloader = new FakeReloader(daemons);
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
    ...options,
  });
  /** New inputs, and the reconcile they trigger, done. */
  const set = async (configs: FRRConfiguration[], extra: Partial<Inputs> = {}) => {
    inputs = { configs, secrets: secretsFrom([]), node: NODE, ...extra };
    r.trigger();
    await r.idle();
  };
  return {
    r,
    reloader,
    metrics,
    requests: reloader.requests,
    answers: reloader.answers,
    get inputs(): Inputs {
      return inputs;
    },
    set inputs(i: Inputs) {
      inputs = i;
    },
    statuses,
    events,
    log,
    set,
    last: () => statuses[statuses.length - 1],
    /** Everything the agent says outside FRR: status, Events, log lines and metrics. */
    outside: async () => JSON.stringify({ statuses, events, log: log.lines }) + (await metrics.registry.metrics()),
  };
}
