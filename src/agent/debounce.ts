// Coalesces bursts of changes into one run of an async task.
//
//  - A trigger starts a quiet period (`quietMs`); each further trigger within
//    it restarts the period, so a burst (an informer's initial list, a
//    `kubectl apply` of many objects) runs the task once, `quietMs` after the
//    last change.
//  - A steady stream of triggers cannot postpone the task for ever: it runs at
//    most `maxWaitMs` after the first trigger of the burst.
//  - One run at a time: triggers while the task runs lead to exactly one more
//    run after it (with a fresh quiet period).
//  - A task that throws is reported to `onError`; later triggers still run.
export interface DebouncerOptions {
  quietMs: number;
  maxWaitMs: number;
  onError?: (e: unknown) => void;
}

export class Debouncer {
  private timer: NodeJS.Timeout | undefined;
  private firstTrigger: number | undefined;
  private running: Promise<void> | undefined;
  private pendingWhileRunning = false;
  private stopped = false;
  private readonly idleWaiters: Array<() => void> = [];

  constructor(
    private readonly task: () => Promise<void>,
    private readonly opts: DebouncerOptions,
    private readonly now: () => number = Date.now,
  ) {}

  trigger(): void {
    if (this.stopped) return;
    if (this.running) {
      this.pendingWhileRunning = true;
      return;
    }
    const t = this.now();
    this.firstTrigger ??= t;
    const wait = Math.max(0, Math.min(this.opts.quietMs, this.firstTrigger + this.opts.maxWaitMs - t));
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.fire(), wait);
  }

  /** Whether a run is scheduled or in progress. */
  get busy(): boolean {
    return this.timer !== undefined || this.running !== undefined;
  }

  /** Resolves when nothing is scheduled or running. */
  idle(): Promise<void> {
    if (!this.busy) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.pendingWhileRunning = false;
    if (!this.running) this.notifyIdle();
  }

  private fire(): void {
    this.timer = undefined;
    this.firstTrigger = undefined;
    this.running = this.task()
      .catch((e: unknown) => this.opts.onError?.(e))
      .finally(() => {
        this.running = undefined;
        if (this.pendingWhileRunning && !this.stopped) {
          this.pendingWhileRunning = false;
          this.trigger();
        } else {
          this.notifyIdle();
        }
      });
  }

  private notifyIdle(): void {
    for (const w of this.idleWaiters.splice(0)) w();
  }
}
