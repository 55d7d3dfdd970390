import { ExpiringCache } from '../common/expiring-cache';
import type { Listener, PgListenerFactory } from './pg-listener';

/**
 * A per-process cache of rows that change rarely, kept honest by Postgres: a trigger NOTIFYs the key
 * of a changed row on `channel` at commit and every process drops it. Entries are trusted only while
 * the channel is up; a gap in it empties the cache, and without it every read goes to the database.
 * A value read while an invalidation arrived is not stored (it may predate the change).
 */
export class NotifiedCache<V> {
  private readonly entries: ExpiringCache<V>;
  private readonly listener: Listener;

  constructor(listeners: PgListenerFactory, channel: string, ttlMs: number, maxEntries: number) {
    this.entries = new ExpiringCache<V>(ttlMs, maxEntries);
    this.listener = listeners.listen(channel, {
      onNotification: (key) => this.entries.delete(key),
      onListening: () => this.entries.clear(),
      onLost: () => this.entries.clear(),
    });
  }

  /** The cached value, else `load`'s (stored unless it is null: null answers are always asked again). */
  async get(key: string, load: () => Promise<V | null>): Promise<V | null> {
    if (this.listener.listening) {
      const cached = this.entries.get(key);
      if (cached !== undefined) return cached;
    } else {
      this.listener.start(); // lazily: only processes that read through the cache hold this connection
    }
    const readAt = this.entries.generation;
    const value = await load();
    if (value !== null && this.listener.listening) this.entries.set(key, value, readAt);
    return value;
  }

  /** Forgets a key (or everything) in this process at once, e.g. right after this process changed it. */
  invalidate(key?: string): void {
    if (key === undefined) this.entries.clear();
    else this.entries.delete(key);
  }

  stop(): Promise<void> {
    return this.listener.stop();
  }
}
