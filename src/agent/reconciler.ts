// The agent's loop: inputs (FRRConfigurations, Secrets, the Node) in, a
// running FRR and a reported status out.
//
// On any change (debounced, see debounce.ts) it selects, merges and renders
// the node's frr.conf with the FRR library, then:
//   - conversion error (a selector, merge or render problem, a missing
//     Secret, the Node not found): FRR is not touched; the last good
//     configuration keeps running; the error goes to the status
//     (lastConversionResult), a Warning Event and the log;
//   - the text equals what FRR runs: nothing to do;
//   - the text equals a candidate FRR already refused: not retried until the
//     inputs change (or FRR restarts);
//   - otherwise the candidate goes to the reloader (reloader.ts) and the loop
//     waits for its answer:
//       ok       it is the running configuration now;
//       failed   FRR refused it. If frr-reload.py failed half-way (stage
//                reload; it is not transactional) the last good configuration
//                is applied again. The running configuration stays the last
//                good one; the failure is reported;
//       timeout  no answer (reloader down, FRR not up): retried with
//                exponential backoff.
// Every `frrCheckMs` it reads the FRR daemons' pids the reloader publishes;
// when they differ from those at the last successful reload, FRR restarted
// (with its startup or an empty configuration): the configuration is applied
// again — the one the inputs ask for, or the last good one while they do not
// convert or ask for one FRR refused.
//
// Status (FRRNodeState, as upstream): runningConfig is the configuration FRR
// runs, rendered a second time with every password replaced by <redacted>
// (sessions' and those in raw configuration);
// lastConversionResult and lastReloadResult are "success" or the error.
// Neither these, the Events, the logs nor the metrics ever hold a password:
// diagnostics from the FRR library never contain one, and text relayed from
// FRR is redacted (redactPasswordText, as the reloader does already).
import { formatDiagnostic, type Diagnostic } from '../api/diagnostic.ts';
import type { FRRConfiguration } from '../api/frrk8s.ts';
import { redactPasswordText, renderNode, type NodeInfo, type SecretSource } from '../frr/index.ts';
import { Debouncer } from './debounce.ts';
import type { Logger } from './log.ts';
import type { AgentMetrics } from './metrics.ts';
import type { Reloader, ReloadResult } from './reloader.ts';

export const SUCCESS = 'success';

/** What the reconciler reads; undefined while the sources have not synced. */
export interface Inputs {
  configs: FRRConfiguration[];
  secrets: SecretSource;
  /** The node's name and labels; undefined when the Node does not exist. */
  node?: NodeInfo;
  /** Problems of the sources themselves (an unreadable file), reported as conversion errors. */
  problems?: string[];
}

export interface NodeStatus {
  runningConfig: string;
  lastConversionResult: string;
  lastReloadResult: string;
}

export interface StatusSink {
  /** The latest status; the sink writes it when it can (and only when it changed). */
  publish(status: NodeStatus): void;
}

export type EventType = 'Normal' | 'Warning';
export interface EventSink {
  emit(type: EventType, reason: string, message: string): void;
}

export interface ReconcilerOptions {
  nodeName: string;
  snapshot: () => Inputs | undefined;
  reloader: Reloader;
  status: StatusSink;
  events: EventSink;
  metrics: AgentMetrics;
  log: Logger;
  /** FRR's log level in the rendered configuration. */
  frrLogLevel?: string;
  /** Quiet period before a reconcile, and the longest a burst can postpone it. */
  debounceMs?: number;
  maxDebounceMs?: number;
  /** How often to look for an FRR restart (0: never). */
  frrCheckMs?: number;
  /** Retry after a reloader timeout: first delay, doubling up to the maximum. */
  retryMinMs?: number;
  retryMaxMs?: number;
}

interface Applied {
  text: string;
  redacted: string;
  daemons?: string;
}

/**
 * A password in rendered frr.conf: a session's (render.ts writes ` neighbor X
 * password P`) or one in raw configuration (`password P`, `area-password P`).
 */
const PASSWORD = /\bpassword[ \t]/i;

/** Event and status messages are kept short (Events hold at most 1 KiB of message). */
const MAX_MESSAGE = 1000;
const clip = (s: string) => (s.length > MAX_MESSAGE ? `${s.slice(0, MAX_MESSAGE - 3)}...` : s);

export class Reconciler {
  private readonly debouncer: Debouncer;
  private applied: Applied | undefined;
  private rejected: string | undefined;
  /** Why the next reconcile must reload even an unchanged configuration. */
  private force: string | undefined;
  private conversion = '';
  private reload = '';
  private lastWarnings = '';
  private retryMs: number;
  private retryTimer: NodeJS.Timeout | undefined;
  private checkTimer: NodeJS.Timeout | undefined;
  private timedOut = false;
  private runs = 0;
  private stopped = false;
  private crash: string | undefined;

  constructor(private readonly o: ReconcilerOptions) {
    this.retryMs = o.retryMinMs ?? 1000;
    this.debouncer = new Debouncer(() => this.reconcile(), {
      quietMs: o.debounceMs ?? 20,
      maxWaitMs: o.maxDebounceMs ?? 1000,
      onError: (e) => this.failed(e),
    });
    if ((o.frrCheckMs ?? 0) > 0) {
      this.checkTimer = setInterval(() => this.checkFRR(), o.frrCheckMs);
      this.checkTimer.unref?.();
    }
  }

  /** Something changed: reconcile after the quiet period. */
  trigger(): void {
    this.debouncer.trigger();
  }

  /** Whether at least one reconcile has run with synced inputs (readiness). */
  get ready(): boolean {
    return this.runs > 0;
  }

  /** Why the last reconcile could not finish (a bug, not bad input); readiness fails while it is set. */
  get broken(): string | undefined {
    return this.crash;
  }

  /** The status as last published. */
  get status(): NodeStatus {
    return { runningConfig: this.applied?.redacted ?? '', lastConversionResult: this.conversion, lastReloadResult: this.reload };
  }

  /** Resolves when no reconcile is scheduled or running (tests, shutdown). */
  idle(): Promise<void> {
    return this.debouncer.idle();
  }

  stop(): void {
    this.stopped = true;
    this.debouncer.stop();
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.checkTimer) clearInterval(this.checkTimer);
  }

  /** Looks for an FRR restart since the last successful reload. */
  checkFRR(): void {
    const applied = this.applied;
    if (!applied?.daemons || this.stopped) return;
    const now = this.o.reloader.daemons();
    if (!now || now === applied.daemons || now.includes(':-')) return;
    this.o.log.warn('FRR restarted; applying the configuration again', { before: applied.daemons, now });
    this.o.events.emit('Warning', 'FRRRestarted', `FRR daemons restarted (${applied.daemons} -> ${now}); applying the configuration again`);
    this.o.metrics.frrRestarts.inc();
    applied.daemons = now; // one re-apply per restart, even if it fails
    this.force = 'FRR restarted';
    this.trigger();
  }

  private async reconcile(): Promise<void> {
    if (this.stopped) return;
    const input = this.o.snapshot();
    if (!input) return; // not synced yet: the sources trigger again when they are
    this.runs++;
    await this.reconcileInputs(input);
    this.crash = undefined;
  }

  /**
   * A reconcile that threw (a bug, never bad input): FRR keeps what it runs,
   * the node is not ready, and the status, an Event and the log say so. The
   * next change of the inputs tries again.
   */
  private failed(e: unknown): void {
    const why = `internal error (please report): ${String((e as Error)?.message ?? e).split('\n')[0].slice(0, 200)}`;
    this.o.log.error('reconcile failed unexpectedly', { error: (e as Error)?.stack ?? String(e) });
    this.o.metrics.failures.inc({ stage: 'conversion' });
    this.o.metrics.inSync.set(0);
    if (why !== this.crash) this.o.events.emit('Warning', 'ConversionFailed', clip(`FRR keeps its last good configuration: ${why}`));
    this.crash = why;
    this.conversion = `error: ${why}`;
    this.publish();
  }

  private async reconcileInputs(input: Inputs): Promise<void> {
    const m = this.o.metrics;
    const force = this.force;
    this.force = undefined;

    const started = performance.now();
    const result = this.render(input, false);
    m.renderDuration.observe((performance.now() - started) / 1000);
    m.selected.set(result.selected);

    const warnings = result.diagnostics.filter((d) => d.severity === 'warning').map((d) => formatDiagnostic(d));
    if (warnings.join('\n') !== this.lastWarnings) {
      this.lastWarnings = warnings.join('\n');
      for (const w of warnings) this.o.log.warn('configuration warning', { warning: w });
    }

    const errors = result.errors;
    if (errors.length > 0) {
      const text = `error: ${errors.join('\n')}`;
      if (text !== this.conversion) {
        m.failures.inc({ stage: 'conversion' });
        this.o.log.error('the FRRConfigurations for this node cannot be converted; FRR keeps its configuration', { errors });
        this.o.events.emit('Warning', 'ConversionFailed', clip(`FRR keeps its last good configuration: ${errors.join('; ')}`));
      }
      this.conversion = text;
      m.inSync.set(0);
      // FRR restarted (or a reload timed out) meanwhile: it must get the last good one back.
      if (force && this.applied) await this.apply(this.applied.text, this.applied.redacted, result.selected, `${force}; the last good configuration`, false);
      this.publish();
      return;
    }
    if (this.conversion !== SUCCESS && this.conversion !== '') {
      this.o.log.info('the FRRConfigurations for this node convert again');
      this.o.events.emit('Normal', 'ConversionSucceeded', 'the FRRConfigurations for this node convert again');
    }
    this.conversion = SUCCESS;

    if (this.rejected === result.text) {
      // FRR refused this text before: not again until the inputs change. If
      // FRR restarted meanwhile, it gets the last good configuration back.
      if (force && this.applied) await this.apply(this.applied.text, this.applied.redacted, result.selected, `${force}; the last good configuration`, false);
      this.publish();
      return;
    }
    if (!force && this.applied?.text === result.text) {
      m.inSync.set(1);
      this.publish();
      return;
    }
    // The status copy, with every password replaced: rendered again only
    // when there is a password to hide (rendering is most of a reconcile).
    const redacted = PASSWORD.test(result.text) ? this.render(input, true).text : result.text;
    await this.apply(result.text, redacted, result.selected, force ?? 'configuration changed', true);
    this.publish();
  }

  /**
   * Hands `text` to the reloader and takes in the answer. `desired`: it is
   * what the inputs ask for (not the last good configuration put back).
   */
  private async apply(text: string, redacted: string, selected: number, reason: string, desired: boolean): Promise<void> {
    this.o.log.info('reloading FRR', { configurations: selected, reason });
    const answer = await this.o.reloader.reload(text);
    await this.handleAnswer(answer, text, redacted, selected, desired);
  }

  private async handleAnswer(answer: ReloadResult, text: string, redacted: string, selected: number, desired: boolean): Promise<void> {
    if (this.stopped) return; // the answer to a reload cut short by shutdown
    const m = this.o.metrics;
    if (answer.status === 'ok') {
      m.reloads.inc({ result: 'success' });
      m.lastSuccess.setToCurrentTime();
      this.applied = { text, redacted, daemons: answer.daemons };
      if (this.rejected === text) this.rejected = undefined;
      this.reload = SUCCESS;
      this.timedOut = false;
      this.retryMs = this.o.retryMinMs ?? 1000;
      m.inSync.set(desired ? 1 : 0);
      this.o.log.info('FRR runs the new configuration', { configurations: selected });
      this.o.events.emit('Normal', 'ConfigReloaded', desired ? `FRR runs the configuration of ${selected} FRRConfiguration(s)` : 'FRR runs the last good configuration again');
      return;
    }
    m.inSync.set(0);
    // No answer, or the request could not even be written: nothing was
    // refused, so it is tried again.
    if (answer.status === 'timeout' || answer.stage === 'write') {
      m.reloads.inc({ result: answer.status === 'timeout' ? 'timeout' : 'failure' });
      m.failures.inc({ stage: 'reload' });
      this.reload = clip(`error: ${answer.message}`);
      if (!this.timedOut) {
        this.o.events.emit('Warning', 'ReloadTimeout', clip(answer.message));
        this.timedOut = true;
      }
      this.o.log.error('the reloader did not take the configuration; retrying', { retryInMs: this.retryMs, reason: answer.message });
      this.scheduleRetry();
      return;
    }
    m.reloads.inc({ result: 'failure' });
    m.failures.inc({ stage: 'reload' });
    this.rejected = text;
    this.timedOut = false;
    const message = redactPasswordText(answer.message);
    this.reload = clip(`error: FRR refused the configuration (frr-reload.py ${answer.stage === 'test' ? '--test' : `--${answer.stage ?? 'reload'}`}): ${message}`);
    this.o.log.error('FRR refused the configuration; the last good one stays', { stage: answer.stage, output: message });
    this.o.events.emit('Warning', 'ReloadFailed', this.reload);
    if (answer.stage === 'reload' && this.applied) await this.restore(this.applied);
  }

  /** frr-reload.py stopped half-way: put the last good configuration back. */
  private async restore(good: Applied): Promise<void> {
    const answer = await this.o.reloader.reload(good.text);
    if (answer.status === 'ok') {
      this.o.log.info('the last good configuration is applied again');
      if (answer.daemons) good.daemons = answer.daemons;
      return;
    }
    this.o.metrics.failures.inc({ stage: 'restore' });
    this.o.log.error('applying the last good configuration again failed', { output: redactPasswordText(answer.message) });
    this.reload = clip(`${this.reload}; applying the last good configuration again failed too: ${redactPasswordText(answer.message)}`);
  }

  private scheduleRetry(): void {
    if (this.retryTimer || this.stopped) return;
    const delay = this.retryMs;
    this.retryMs = Math.min(this.retryMs * 2, this.o.retryMaxMs ?? 60_000);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.force = 'retry after a reloader timeout';
      this.trigger();
    }, delay);
  }

  private render(input: Inputs, redact: boolean): { text: string; diagnostics: Diagnostic[]; errors: string[]; selected: number } {
    const problems = [...(input.problems ?? [])];
    if (!input.node) problems.push(`Node ${this.o.nodeName} not found`);
    if (problems.length > 0) return { text: '', diagnostics: [], errors: problems, selected: 0 };
    const r = renderNode(input.configs, input.node!, input.secrets, {
      redactPasswords: redact,
      ...(this.o.frrLogLevel ? { logLevel: this.o.frrLogLevel } : {}),
    });
    const errors = r.diagnostics.filter((d) => d.severity === 'error').map((d) => formatDiagnostic(d));
    return { text: r.text, diagnostics: r.diagnostics, errors, selected: r.selected.length };
  }

  private publish(): void {
    this.o.status.publish(this.status);
  }
}
