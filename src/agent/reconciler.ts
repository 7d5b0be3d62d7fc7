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
//       failed, transient
//                FRR, not the candidate, was the problem (transientCause in
//                reloader.ts: the configuration locked by another session, a
//                daemon not answering, the daemons restarting during the
//                reload, the request not written): retried with exponential
//                backoff, as a timeout;
//       failed   FRR refused it. If frr-reload.py failed half-way (stage
//                reload; it is not transactional) the last good configuration
//                is applied again. The running configuration stays the last
//                good one; the failure is reported;
//       timeout  no answer (reloader down, FRR not up): retried with
//                exponential backoff.
// Every `frrCheckMs` it reads the FRR daemons' pids the reloader publishes;
// when they differ from those of the last answer, FRR restarted (with its
// startup or an empty configuration): the configuration is applied again —
// the one the inputs ask for, or the last good one while they do not convert
// or ask for one FRR refused. With no good configuration yet (the first one
// refused), the refused one is tried again, once, on the new FRR.
//
// Readiness (readiness(), /readyz) means: FRR runs the configuration the
// inputs ask for (the in_sync metric). Not ready before the first reconcile,
// while a reload is under way or being retried, while FRR runs a refused
// configuration's predecessor, and while the inputs do not convert (a
// conflict, a missing Secret, the Node gone): FRR then keeps the last good
// configuration, which is not what the inputs ask for.
//
// Status (FRRNodeState, as upstream): runningConfig is the configuration FRR
// runs, rendered a second time with every password replaced by <redacted>
// (sessions' and every secret keyword's in raw configuration);
// lastConversionResult and lastReloadResult are "success" or the error.
// Neither these, the Events, the logs nor the metrics ever hold a secret:
// diagnostics from the FRR library never contain one; every text the
// reconciler stores, logs or publishes goes through a scrubber that knows the
// secrets of the configurations it rendered (secretValues: inline passwords,
// those from Secrets, raw configuration's) and replaces each by value; and
// text relayed from FRR also gets the keyword rule (redactSecretText), since
// frr-reload.py wraps long lines and a secret can arrive on a line of its own.
import { formatDiagnostic, type Diagnostic } from '../api/diagnostic.ts';
import type { KubeObject } from '../api/k8s.ts';
import { redactSecretText, renderNode, secretScrubber, secretValues, type NodeInfo, type SecretSource } from '../frr/index.ts';
import { Debouncer } from './debounce.ts';
import type { Fields, Logger } from './log.ts';
import type { AgentMetrics } from './metrics.ts';
import { transientCause, type Reloader, type ReloadResult } from './reloader.ts';

export const SUCCESS = 'success';

/** What the reconciler reads; undefined while the sources have not synced. */
export interface Inputs {
  configs: KubeObject[];
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
}

/** Event and status messages are kept short (Events hold at most 1 KiB of message). */
const MAX_MESSAGE = 1000;
const clip = (s: string) => (s.length > MAX_MESSAGE ? `${s.slice(0, MAX_MESSAGE - 3)}...` : s);

/** A logger whose messages and string fields go through `scrub` first. */
function scrubbingLogger(log: Logger, scrub: (t: string) => string): Logger {
  const clean = (fields?: Fields): Fields | undefined => {
    if (!fields) return fields;
    const out: Fields = {};
    for (const [k, v] of Object.entries(fields)) out[k] = typeof v === 'string' ? scrub(v) : Array.isArray(v) ? v.map(scrub) : v;
    return out;
  };
  return {
    debug: (m, f) => log.debug(scrub(m), clean(f)),
    info: (m, f) => log.info(scrub(m), clean(f)),
    warn: (m, f) => log.warn(scrub(m), clean(f)),
    error: (m, f) => log.error(scrub(m), clean(f)),
  };
}

export class Reconciler {
  private readonly debouncer: Debouncer;
  private applied: Applied | undefined;
  private rejected: string | undefined;
  /** Why the next reconcile must reload even an unchanged configuration. */
  private force: string | undefined;
  /** FRR's daemons' pids at the last answer: a change means FRR restarted. */
  private frrDaemons: string | undefined;
  /** Why FRR does not run what the inputs ask for; undefined when it does (only a reconcile sets it). */
  private outOfSync: string | undefined = 'first reconcile pending';
  private conversion = '';
  private reload = '';
  // Stryker disable next-line StringLiteral: equivalent: on the first reconcile no warnings log nothing either way, and any warning differs from both
  private lastWarnings = '';
  private retryMs: number;
  private retryTimer: NodeJS.Timeout | undefined;
  private checkTimer: NodeJS.Timeout | undefined;
  /** A run of failures retried with backoff is in progress (one Event per run). */
  private retrying = false;
  private runs = 0;
  private stopped = false;
  private crash: string | undefined;
  /** Replaces every secret the reconciler knows of, by value (see the head of this file). */
  private scrub: (text: string) => string = (text) => text;
  // Stryker disable next-line ArrayDeclaration: equivalent: a cache key; learnSecrets always passes two texts, so any shorter start rebuilds the scrubber the first time
  private scrubbedFor: Array<string | undefined> = [];
  private readonly log: Logger;
  private readonly events: EventSink;

  constructor(private readonly o: ReconcilerOptions) {
    this.retryMs = o.retryMinMs ?? 1000;
    this.log = scrubbingLogger(o.log, (t) => this.scrub(t));
    this.events = { emit: (type, reason, message) => o.events.emit(type, reason, this.scrub(message)) };
    this.debouncer = new Debouncer(() => this.reconcile(), {
      quietMs: o.debounceMs ?? 20,
      maxWaitMs: o.maxDebounceMs ?? 1000,
      onError: (e) => this.failed(e),
    });
    if ((o.frrCheckMs ?? 0) > 0) {
      this.checkTimer = setInterval(() => this.checkFRR(), o.frrCheckMs);
      this.checkTimer.unref();
    }
  }

  /** Something changed: reconcile after the quiet period. */
  trigger(): void {
    this.debouncer.trigger();
  }

  /** Whether at least one reconcile has run with synced inputs. */
  get ready(): boolean {
    return this.runs > 0;
  }

  /** Whether FRR runs the configuration the inputs ask for (/readyz), and why not. */
  readiness(): { ok: boolean; reason?: string } {
    if (this.crash) return { ok: false, reason: `reconcile failed: ${this.crash}` };
    if (this.outOfSync) return { ok: false, reason: this.say(this.outOfSync) };
    return { ok: true };
  }

  /** Why the last reconcile could not finish (a bug, not bad input); readiness fails while it is set. */
  get broken(): string | undefined {
    return this.crash;
  }

  /** The status as last published. */
  get status(): NodeStatus {
    return { runningConfig: this.applied?.redacted ?? '', lastConversionResult: this.scrub(this.conversion), lastReloadResult: this.scrub(this.reload) };
  }

  /** Resolves when no reconcile is scheduled or running (tests, shutdown). */
  idle(): Promise<void> {
    return this.debouncer.idle();
  }

  stop(): void {
    this.stopped = true;
    this.debouncer.stop();
    clearTimeout(this.retryTimer);
    clearInterval(this.checkTimer);
  }

  /** Looks for an FRR restart since the last answer of the reloader. */
  checkFRR(): void {
    const before = this.frrDaemons;
    if (!before || this.stopped) return;
    const now = this.o.reloader.daemons();
    if (!now || now === before || now.includes(':-')) return;
    this.log.warn('FRR restarted; applying the configuration again', { before, now });
    this.events.emit('Warning', 'FRRRestarted', `FRR daemons restarted (${before} -> ${now}); applying the configuration again`);
    this.o.metrics.frrRestarts.inc();
    this.frrDaemons = now; // one re-apply per restart, even if it fails
    // Nothing good to put back: what the old FRR refused is tried on the new one.
    if (!this.applied) this.rejected = undefined;
    this.force = 'FRR restarted';
    this.sync(false, 'FRR restarted; applying the configuration again');
    this.trigger();
  }

  /** Sets the in_sync metric and readiness: in sync, or not and why. */
  private sync(inSync: true): void;
  private sync(inSync: boolean, why: string): void;
  private sync(inSync: boolean, why?: string): void {
    this.o.metrics.inSync.set(inSync ? 1 : 0);
    this.outOfSync = inSync ? undefined : why;
  }

  /** Run by the debouncer only, which runs nothing after stop(). */
  private async reconcile(): Promise<void> {
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
    this.log.error('reconcile failed unexpectedly', { error: (e as Error)?.stack ?? String(e) });
    this.o.metrics.failures.inc({ stage: 'conversion' });
    this.sync(false, why);
    if (why !== this.crash) this.events.emit('Warning', 'ConversionFailed', this.say(`FRR keeps its last good configuration: ${why}`));
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
    this.learnSecrets([result.text, this.applied?.text]);
    m.selected.set(result.selected);

    const warnings = result.diagnostics.filter((d) => d.severity === 'warning').map((d) => formatDiagnostic(d));
    if (warnings.join('\n') !== this.lastWarnings) {
      this.lastWarnings = warnings.join('\n');
      for (const w of warnings) this.log.warn('configuration warning', { warning: w });
    }

    const errors = result.errors;
    if (errors.length > 0) {
      const text = `error: ${errors.join('\n')}`;
      if (text !== this.conversion) {
        m.failures.inc({ stage: 'conversion' });
        this.log.error('the FRRConfigurations for this node cannot be converted; FRR keeps its configuration', { errors });
        this.events.emit('Warning', 'ConversionFailed', this.say(`FRR keeps its last good configuration: ${errors.join('; ')}`));
      }
      this.conversion = text;
      // FRR restarted (or a reload timed out) meanwhile: it must get the last good one back.
      if (force && this.applied) await this.apply(this.applied.text, this.applied.redacted, result.selected, `${force}; the last good configuration`, false);
      this.sync(false, `the FRRConfigurations for this node do not convert: ${errors[0]}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''}; FRR keeps ${this.applied ? 'its last good configuration' : 'its startup configuration'}`);
      this.publish();
      return;
    }
    if (this.conversion !== SUCCESS && this.conversion !== '') {
      this.log.info('the FRRConfigurations for this node convert again');
      this.events.emit('Normal', 'ConversionSucceeded', 'the FRRConfigurations for this node convert again');
    }
    this.conversion = SUCCESS;

    if (this.rejected === result.text) {
      // FRR refused this text before: not again until the inputs change. If
      // FRR restarted meanwhile, it gets the last good configuration back.
      if (force && this.applied) await this.apply(this.applied.text, this.applied.redacted, result.selected, `${force}; the last good configuration`, false);
      // Whatever FRR answered, the inputs still ask for a text it refused.
      this.sync(false, this.refusedWhy());
      this.publish();
      return;
    }
    if (!force && this.applied?.text === result.text) {
      this.sync(true);
      this.publish();
      return;
    }
    // The status copy, with every password replaced: rendered again only
    // when there is a password to hide (rendering is most of a reconcile).
    // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent: a shortcut; rendering again without a password to hide gives the same text
    const redacted = secretValues(result.text).size > 0 ? this.scrub(this.render(input, true).text) : result.text;
    await this.apply(result.text, redacted, result.selected, force ?? 'configuration changed', true);
    this.publish();
  }

  /**
   * Hands `text` to the reloader and takes in the answer. `desired`: it is
   * what the inputs ask for (not the last good configuration put back).
   */
  private async apply(text: string, redacted: string, selected: number, reason: string, desired: boolean): Promise<void> {
    this.log.info('reloading FRR', { configurations: selected, reason });
    this.sync(false, `reloading FRR (${reason})`);
    const answer = await this.o.reloader.reload(text);
    await this.handleAnswer(answer, text, redacted, selected, desired);
  }

  private async handleAnswer(answer: ReloadResult, text: string, redacted: string, selected: number, desired: boolean): Promise<void> {
    if (this.stopped) return; // the answer to a reload cut short by shutdown
    const m = this.o.metrics;
    if (answer.daemons) this.frrDaemons = answer.daemons;
    if (answer.status === 'ok') {
      m.reloads.inc({ result: 'success' });
      m.lastSuccess.setToCurrentTime();
      this.applied = { text, redacted };
      this.reload = SUCCESS;
      this.retrying = false;
      this.retryMs = this.o.retryMinMs ?? 1000;
      // Stryker disable next-line StringLiteral: equivalent: after putting the last good configuration back (desired false) the caller sets its own reason
      this.sync(desired, 'FRR runs the last good configuration: the inputs ask for one it cannot run');
      this.log.info('FRR runs the new configuration', { configurations: selected });
      this.events.emit('Normal', 'ConfigReloaded', desired ? `FRR runs the configuration of ${selected} FRRConfiguration(s)` : 'FRR runs the last good configuration again');
      return;
    }
    // No answer, the request not handed over, or FRR not able to take any
    // configuration just now: nothing was refused, so it is tried again.
    const transient = transientCause(answer);
    if (transient) {
      const timeout = answer.status === 'timeout';
      m.reloads.inc({ result: timeout ? 'timeout' : 'failure' });
      m.failures.inc({ stage: 'reload' });
      const handedOver = !timeout && answer.stage !== 'write' && answer.stage !== 'read';
      const why = handedOver ? `FRR could not take the configuration now (${transient}; frr-reload.py --${answer.stage ?? 'reload'}): ${this.fromFRR(answer.message)}` : answer.message;
      this.reload = this.say(`error: ${why}`);
      if (!this.retrying) {
        this.events.emit('Warning', timeout ? 'ReloadTimeout' : 'ReloadFailed', this.say(`${why}; retrying with backoff`));
        this.retrying = true;
      }
      this.log.error('FRR did not take the configuration; retrying', { retryInMs: this.retryMs, reason: transient, output: handedOver ? this.fromFRR(answer.message) : answer.message });
      this.sync(false, `FRR has not taken the configuration yet (${transient}); retrying`);
      this.scheduleRetry();
      return;
    }
    m.reloads.inc({ result: 'failure' });
    m.failures.inc({ stage: 'reload' });
    this.rejected = text;
    this.retrying = false;
    const message = this.fromFRR(answer.message);
    this.reload = this.say(`error: FRR refused the configuration (frr-reload.py --${answer.stage ?? 'reload'}): ${message}`);
    this.log.error('FRR refused the configuration; the last good one stays', { stage: answer.stage, output: message });
    this.events.emit('Warning', 'ReloadFailed', this.reload);
    this.sync(false, this.refusedWhy());
    if (answer.stage === 'reload' && this.applied) await this.restore(this.applied);
  }

  private refusedWhy(): string {
    return `FRR refused the configuration the inputs ask for (lastReloadResult says why); it runs ${this.applied ? 'the last good one' : 'its startup configuration'}`;
  }

  /** frr-reload.py stopped half-way: put the last good configuration back. */
  private async restore(good: Applied): Promise<void> {
    const answer = await this.o.reloader.reload(good.text);
    if (answer.daemons) this.frrDaemons = answer.daemons;
    if (answer.status === 'ok') {
      this.log.info('the last good configuration is applied again');
      return;
    }
    this.o.metrics.failures.inc({ stage: 'restore' });
    const output = this.fromFRR(answer.message);
    this.log.error('applying the last good configuration again failed', { output });
    this.reload = this.say(`${this.reload}; applying the last good configuration again failed too: ${output}`);
  }

  private scheduleRetry(): void {
    if (this.retryTimer || this.stopped) return;
    const delay = this.retryMs;
    this.retryMs = Math.min(this.retryMs * 2, this.o.retryMaxMs ?? 60_000);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (!this.outOfSync) return; // in sync meanwhile (an FRR restart re-applied it)
      this.force = 'retry';
      this.trigger();
    }, delay);
  }

  private render(input: Inputs, redact: boolean): { text: string; diagnostics: Diagnostic[]; errors: string[]; selected: number } {
    const problems = [...(input.problems ?? [])];
    if (!input.node) problems.push(`Node ${this.o.nodeName} not found`);
    // Stryker disable next-line StringLiteral: equivalent: with errors the caller returns before using the text, except to learn its secrets, and this one has none
    if (problems.length > 0) return { text: '', diagnostics: [], errors: problems, selected: 0 };
    const r = renderNode(input.configs, input.node!, input.secrets, {
      redactPasswords: redact,
      ...(this.o.frrLogLevel ? { logLevel: this.o.frrLogLevel } : {}),
    });
    const errors = r.diagnostics.filter((d) => d.severity === 'error').map((d) => formatDiagnostic(d));
    return { text: r.text, diagnostics: r.diagnostics, errors, selected: r.selected.length };
  }

  /** Text relayed from FRR's tools: known secrets by value, then every secret keyword's line. */
  private fromFRR(text: string): string {
    return redactSecretText(this.scrub(text));
  }

  /** Scrubbed, then clipped: a clip must not cut a secret in two. */
  private say(text: string): string {
    return clip(this.scrub(text));
  }

  /**
   * Rebuilds the scrubber from the secrets of the configuration the inputs
   * ask for and of the one FRR runs (frr-reload.py's output about either may
   * quote them). Rebuilt only when one of the texts changed.
   */
  private learnSecrets(texts: Array<string | undefined>): void {
    // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator,MethodExpression,ArrowFunction: equivalent: a cache; rebuilding from the same texts gives the same scrubber
    if (texts.length === this.scrubbedFor.length && texts.every((t, i) => t === this.scrubbedFor[i])) return;
    this.scrubbedFor = texts;
    const values = new Set<string>();
    for (const t of texts) if (t) for (const v of secretValues(t)) values.add(v);
    this.scrub = secretScrubber(values);
  }

  private publish(): void {
    this.o.status.publish(this.status);
  }
}
