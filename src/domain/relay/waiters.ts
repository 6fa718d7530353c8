/**
 * Writers and readers waiting until a revision has reached the check engine: a write's
 * acknowledgement and every read with consistency.atLeast wait here, boundedly.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

interface Waiter {
  revision: number;
  resolve: (reached: boolean) => void;
}

/** InContext runs fn in the async context a waiter had when it began to wait. */
export type InContext = <R>(fn: () => R) => R;

/** MAX_ASKERS bounds the contexts kept while nothing is applied (OpenFGA down): later revisions are applied in none. */
const MAX_ASKERS = 1000;

/** RevisionWaiters holds the applied mark as this replica knows it and wakes whoever waits for it. */
export class RevisionWaiters {
  private applied = 0;
  private waiters: Waiter[] = [];
  /** askedIn is, per revision waited for, the async context of its first waiter (usually its writer). */
  private readonly askedIn = new Map<number, InContext>();

  /** revision is the latest revision known to be in the check engine. */
  get revision(): number {
    return this.applied;
  }

  /** reached moves the mark up to revision (never down) and resolves true every waiter it covers. */
  reached(revision: number): void {
    if (revision <= this.applied) return;
    this.applied = revision;
    for (const r of this.askedIn.keys()) if (r <= revision) this.askedIn.delete(r);
    const done = this.waiters.filter((w) => w.revision <= revision);
    this.waiters = this.waiters.filter((w) => w.revision > revision);
    for (const w of done) w.resolve(true);
  }

  /** wait resolves true once revision is reached, or false after timeoutMs; it never rejects. */
  wait(revision: number, timeoutMs: number): Promise<boolean> {
    if (revision <= this.applied) return Promise.resolve(true);
    if (!this.askedIn.has(revision) && this.askedIn.size < MAX_ASKERS) this.askedIn.set(revision, AsyncLocalStorage.snapshot());
    return new Promise((resolve) => {
      const waiter: Waiter = { revision, resolve: () => undefined };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        resolve(false);
      }, timeoutMs);
      waiter.resolve = (reached) => {
        clearTimeout(timer);
        resolve(reached);
      };
      this.waiters.push(waiter);
    });
  }

  /**
   * firstAsker is the context of the first waiter for the earliest revision in (after, upTo], so
   * the work that reaches those revisions runs on its behalf: in its trace, when it is traced.
   */
  firstAsker(after: number, upTo: number): InContext | undefined {
    let first: number | undefined;
    for (const r of this.askedIn.keys()) if (r > after && r <= upTo && (first === undefined || r < first)) first = r;
    return first === undefined ? undefined : this.askedIn.get(first);
  }

  /** giveUp resolves every waiter false at once: the relay stopped, so nothing will be reached here. */
  giveUp(): void {
    for (const w of this.waiters.splice(0)) w.resolve(false);
  }
}
