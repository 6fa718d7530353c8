/**
 * Writers and readers waiting until a revision has reached the check engine: a write's
 * acknowledgement and every read with consistency.atLeast wait here, boundedly.
 */

interface Waiter {
  revision: number;
  resolve: (reached: boolean) => void;
}

/** RevisionWaiters holds the applied mark as this replica knows it and wakes whoever waits for it. */
export class RevisionWaiters {
  private applied = 0;
  private waiters: Waiter[] = [];

  /** revision is the latest revision known to be in the check engine. */
  get revision(): number {
    return this.applied;
  }

  /** reached moves the mark up to revision (never down) and resolves true every waiter it covers. */
  reached(revision: number): void {
    if (revision <= this.applied) return;
    this.applied = revision;
    const done = this.waiters.filter((w) => w.revision <= revision);
    this.waiters = this.waiters.filter((w) => w.revision > revision);
    for (const w of done) w.resolve(true);
  }

  /** wait resolves true once revision is reached, or false after timeoutMs; it never rejects. */
  wait(revision: number, timeoutMs: number): Promise<boolean> {
    if (revision <= this.applied) return Promise.resolve(true);
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

  /** giveUp resolves every waiter false at once: the relay stopped, so nothing will be reached here. */
  giveUp(): void {
    for (const w of this.waiters.splice(0)) w.resolve(false);
  }
}
