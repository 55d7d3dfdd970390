/**
 * One read shared by every gauge collected in the same scrape (Prometheus collects a scrape's gauges
 * concurrently); the next scrape reads again. With `minAgeMs`, a result is reused until it is that old
 * (for figures that are costly to count and change slowly). A failed read yields null: the gauges keep
 * their last value rather than failing the whole scrape.
 */
export function perScrape<T>(read: () => Promise<T>, minAgeMs = 0): () => Promise<T | null> {
  let reading: Promise<T | null> | null = null;
  let last: { value: T; at: number } | null = null;
  return () => {
    if (last && Date.now() - last.at < minAgeMs) return Promise.resolve(last.value);
    reading ??= read()
      .then((value) => {
        last = { value, at: Date.now() };
        return value;
      })
      .catch(() => null)
      .finally(() => {
        reading = null;
      });
    return reading;
  };
}

/** Rejects after `ms` so a scrape never waits on a dependency that does not answer. */
export function withinMs<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
