import { ExpiringCache } from './expiring-cache';

describe('ExpiringCache', () => {
  let clock = 0;
  const now = () => clock;
  beforeEach(() => (clock = 1000));

  it('returns a value until its time is up, then forgets it', () => {
    const cache = new ExpiringCache<string>(100, 10, now);
    cache.set('a', 'A');
    clock += 99;
    expect(cache.get('a')).toBe('A');
    clock += 1;
    expect(cache.get('a')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('drops the oldest entry when full', () => {
    const cache = new ExpiringCache<number>(1000, 2, now);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('c', 3);
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([undefined, 2, 3]);
  });

  it('refuses a value read before an invalidation it did not see', () => {
    const cache = new ExpiringCache<string>(1000, 10, now);
    const readAt = cache.generation;
    cache.delete('k'); // a revocation arrives while the value was being read
    cache.set('k', 'stale', readAt);
    expect(cache.get('k')).toBeUndefined();
    cache.set('k', 'fresh', cache.generation);
    expect(cache.get('k')).toBe('fresh');
  });

  it('clear forgets everything and invalidates reads in flight', () => {
    const cache = new ExpiringCache<string>(1000, 10, now);
    cache.set('a', 'A');
    const readAt = cache.generation;
    cache.clear();
    cache.set('b', 'B', readAt);
    expect([cache.get('a'), cache.get('b')]).toEqual([undefined, undefined]);
  });

  it('stores nothing with a zero time to live (cache disabled)', () => {
    const cache = new ExpiringCache<string>(0, 10, now);
    cache.set('a', 'A');
    expect(cache.get('a')).toBeUndefined();
  });
});
