// Debouncing: bursts coalesce, a stream cannot postpone for ever, one run at a
// time with exactly one follow-up, errors do not stop later runs.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { Debouncer } from '../../src/agent/debounce.ts';

describe('Debouncer', () => {
  it('runs a burst of triggers once, after the quiet period', async () => {
    let runs = 0;
    const d = new Debouncer(async () => void runs++, { quietMs: 30, maxWaitMs: 1000 });
    for (let i = 0; i < 50; i++) d.trigger();
    assert.equal(runs, 0, 'not before the quiet period');
    await d.idle();
    assert.equal(runs, 1);
  });

  it('each trigger within the quiet period restarts it', async () => {
    let ranAt = 0;
    const start = Date.now();
    const d = new Debouncer(async () => void (ranAt = Date.now() - start), { quietMs: 40, maxWaitMs: 1000 });
    for (let i = 0; i < 4; i++) {
      d.trigger();
      await sleep(20);
    }
    await d.idle();
    assert.ok(ranAt >= 60 + 40 - 5, `ran at ${ranAt} ms, after the last trigger's quiet period`);
  });

  it('a steady stream of triggers runs at most maxWaitMs after the first', async () => {
    let runs = 0;
    const d = new Debouncer(async () => void runs++, { quietMs: 30, maxWaitMs: 80 });
    const start = Date.now();
    while (runs === 0 && Date.now() - start < 1000) {
      d.trigger();
      await sleep(5);
    }
    assert.equal(runs, 1);
    assert.ok(Date.now() - start < 200, `ran after ${Date.now() - start} ms`);
    d.stop();
  });

  it('triggers during a run cause exactly one more run', async () => {
    let runs = 0;
    let release!: () => void;
    const d = new Debouncer(
      async () => {
        runs++;
        if (runs === 1) await new Promise<void>((r) => (release = r));
      },
      { quietMs: 1, maxWaitMs: 100 },
    );
    d.trigger();
    await sleep(20);
    assert.equal(runs, 1);
    for (let i = 0; i < 10; i++) d.trigger();
    release();
    await d.idle();
    assert.equal(runs, 2);
  });

  it('a task that throws is reported, and later triggers still run', async () => {
    const errors: unknown[] = [];
    let runs = 0;
    const d = new Debouncer(
      async () => {
        runs++;
        if (runs === 1) throw new Error('boom');
      },
      { quietMs: 1, maxWaitMs: 10, onError: (e) => errors.push(e) },
    );
    d.trigger();
    await d.idle();
    d.trigger();
    await d.idle();
    assert.equal(runs, 2);
    assert.equal(errors.length, 1);
    assert.match((errors[0] as Error).message, /boom/);
  });

  it('stop cancels a scheduled run and ignores later triggers', async () => {
    let runs = 0;
    const d = new Debouncer(async () => void runs++, { quietMs: 20, maxWaitMs: 100 });
    d.trigger();
    d.stop();
    d.trigger();
    await d.idle();
    await sleep(40);
    assert.equal(runs, 0);
    assert.equal(d.busy, false);
  });
});
