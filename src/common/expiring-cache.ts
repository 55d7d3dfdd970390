/**
 * A bounded map whose entries expire after a fixed time. When full, the oldest entry goes first.
 * `generation` changes on every invalidation, so a caller can refuse to store a value it read
 * before an invalidation it has not seen (a revocation racing an authentication).
 */
export class ExpiringCache<V> {
  private readonly entries = new Map<string, { value: V; expiresAt: number }>();
  private currentGeneration = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {}

  get generation(): number {
    return this.currentGeneration;
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  /** Stores the value unless an invalidation happened since `readAt` (a generation) or caching is off. */
  set(key: string, value: V, readAt: number = this.currentGeneration): void {
    if (this.ttlMs <= 0 || this.maxEntries <= 0 || readAt !== this.currentGeneration) return;
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { value, expiresAt: this.now() + this.ttlMs });
  }

  delete(key: string): void {
    this.currentGeneration += 1;
    this.entries.delete(key);
  }

  clear(): void {
    this.currentGeneration += 1;
    this.entries.clear();
  }
}
