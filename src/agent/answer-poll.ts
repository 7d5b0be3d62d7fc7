// Waiting for the reloader's answer to one request (a reload, a state
// request): the shared directory is looked at every pollMs until the answer
// is there, the deadline passes, or the agent stops. Every pending look is
// cancelled by close(), so a stopping agent leaves no timer behind.
export class AnswerPoll {
  private closed = false;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly pollMs: number) {}

  /**
   * Resolves with look()'s first value other than undefined; with
   * timedOut() once timeoutMs have passed; with stopping() after close().
   */
  until<T>(look: () => T | undefined, timeoutMs: number, timedOut: () => T, stopping: () => T): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    return new Promise((resolve) => {
      const poll = (): void => {
        if (this.closed) return resolve(stopping());
        const found = look();
        if (found !== undefined) return resolve(found);
        if (Date.now() >= deadline) return resolve(timedOut());
        const t = setTimeout(() => {
          this.timers.delete(t);
          poll();
        }, this.pollMs);
        this.timers.add(t);
      };
      poll();
    });
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}
