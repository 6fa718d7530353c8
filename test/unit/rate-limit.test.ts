/** The token bucket behind the per-caller rate limit, on a fake clock. */
import { TokenBuckets } from '../../src/http/rate-limit';

describe('TokenBuckets', () => {
  let now = 0;
  const buckets = () => new TokenBuckets({ perSecond: 2, burst: 3 }, () => now);

  beforeEach(() => {
    now = 1_000_000;
  });

  it('lets a new caller spend its whole burst at once, then says how long to wait', () => {
    const b = buckets();
    expect([b.take('a'), b.take('a'), b.take('a')]).toEqual([0, 0, 0]);
    expect(b.take('a')).toBe(1);
  });

  it('refills at the configured rate, never above the burst', () => {
    const b = buckets();
    for (let i = 0; i < 3; i++) b.take('a');
    now += 500;
    expect(b.take('a')).toBe(0);
    expect(b.take('a')).toBe(1);
    now += 60_000;
    expect([b.take('a'), b.take('a'), b.take('a'), b.take('a')]).toEqual([0, 0, 0, 1]);
  });

  it('keeps callers apart', () => {
    const b = buckets();
    for (let i = 0; i < 4; i++) b.take('a');
    expect(b.take('b')).toBe(0);
  });

  it('rounds the wait up to whole seconds for a slow rate', () => {
    const b = new TokenBuckets({ perSecond: 0.1, burst: 1 }, () => now);
    b.take('a');
    expect(b.take('a')).toBe(10);
  });
});
