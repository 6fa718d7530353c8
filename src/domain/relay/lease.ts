/**
 * The relay's lease: one replica at a time applies the outbox. It is held for ttlMs and renewed
 * once half of that is gone, so a replica that dies is replaced within ttlMs.
 */
import type { Outbox } from '../ports';

/** RELAY_LEASE is the name of the lease in the store. */
export const RELAY_LEASE = 'relay';

/** RelayLease remembers until when this replica surely holds the lease, so most rounds ask the store nothing. */
export class RelayLease {
  private until = 0;

  constructor(
    private readonly outbox: Pick<Outbox, 'acquireLease' | 'releaseLease'>,
    readonly holder: string,
    private readonly ttlMs: number,
  ) {}

  /** held tells whether this replica surely holds the lease now, as of its last take or renewal. */
  get held(): boolean {
    return Date.now() < this.until;
  }

  /**
   * hold says whether this replica holds the lease now, taking or renewing it in the store once half
   * its time is gone. With want, a replica that does not get it asks the holder to hand it over.
   */
  async hold(want: boolean): Promise<boolean> {
    const now = Date.now();
    if (now < this.until - this.ttlMs / 2) return true;
    if (await this.outbox.acquireLease(RELAY_LEASE, this.holder, this.ttlMs, want)) {
      this.until = now + this.ttlMs;
      return true;
    }
    this.until = 0;
    return false;
  }

  /** lost forgets the lease after the store said another replica has it, so the next hold asks again. */
  lost(): void {
    this.until = 0;
  }

  /** release gives the lease back (and withdraws a wish for it), so another replica takes over at once. */
  async release(): Promise<void> {
    this.until = 0;
    await this.outbox.releaseLease(RELAY_LEASE, this.holder);
  }
}
