/**
 * Keeps `width` sends in flight while work remains: claims come in batches ahead of the sends
 * (the next one before the current runs dry), outcomes are flushed in batches behind them, so
 * neither a claim nor a record statement stands between one send and the next. Pure: no Nest, no I/O.
 *
 * An outcome that came is recorded before its lease ends, or the run fails: a flush that fails is
 * tried again (the same batch; recording is idempotent for the claim), and the lanes wait while too
 * many outcomes are unrecorded. Dropping a batch would leave its rows claimed; once their leases
 * lapsed, those attempts would be made again although the receiver had them (the duplicates of #14).
 */

export interface PipeSource<T, O> {
  /** Claims (and counts) up to `limit` more items; [] when none is due now. */
  claim(limit: number): Promise<T[]>;
  /** After a claim came back short, with nothing left to start: whether more may have become due (a wake-up came). */
  woken?(): Promise<boolean>;
  send(item: T): Promise<O>;
  /** Records a batch of outcomes; one flush runs at a time. A failed batch is flushed again (it must be idempotent). */
  flush(batch: Array<Sent<T, O>>): Promise<void>;
  /** Gives back claimed items that were not started (their leases would not cover an attempt). */
  giveBack(items: T[]): Promise<void>;
}

export interface Sent<T, O> {
  item: T;
  outcome: O;
  /** When the answer came (epoch ms): the outcome may be flushed a little later. */
  answeredAt: number;
}

export interface PipeLimits {
  width: number;
  /** A claim's lease, from just before the claim statement. */
  leaseMs: number;
  /** The longest one send can take. */
  sendTimeoutMs: number;
  /** Room left in a lease after the last possible answer, for its flush. */
  marginMs: number;
  /** Items claimed ahead (claimed, not started) at most. */
  maxAhead: number;
  /** The first claim, before any send's duration is known. */
  firstClaim: number;
  flushEvery: number;
  flushAfterMs: number;
  /** Outcomes answered and not yet recorded at most: beyond it no send starts (one slow flush does not leave thousands unrecorded). */
  maxUnrecorded: number;
  /** No claim after this (epoch ms), except the first. */
  claimUntil: number;
  /** What was claimed is still started for this long after claimUntil (or after its claim came back, if later); the rest is given back. */
  tailMs: number;
}

export interface PipeResult {
  /** It stopped claiming because its time was up, or gave claims back (more is due), not because nothing was left. */
  outOfTime: boolean;
  sent: number;
  claims: number;
  flushes: number;
  givenBack: number;
}

/** Send durations averaged for sizing claims. */
const DURATION_WINDOW = 32;
/** A failed flush is tried again after this, doubling up to FLUSH_RETRY_MAX_MS, while its leases last. */
const FLUSH_RETRY_FIRST_MS = 50;
const FLUSH_RETRY_MAX_MS = 2000;

interface Batch<T> {
  items: T[];
  /** No item of it starts after this (epoch ms): its answer and flush must land inside the lease, and the run's time is bounded. */
  startBy: number;
  /** When the claim's lease ends (epoch ms): its outcomes must be recorded by then. */
  leaseEndsAt: number;
}

/** An answered attempt waiting to be recorded, with the end of its lease. */
interface Unrecorded<T, O> {
  sent: Sent<T, O>;
  leaseEndsAt: number;
}

export async function runPipe<T, O>(source: PipeSource<T, O>, limits: PipeLimits): Promise<PipeResult> {
  const result: PipeResult = { outOfTime: false, sent: 0, claims: 0, flushes: 0, givenBack: 0 };
  const ahead: Array<Batch<T>> = [];
  const durations: number[] = [];
  const pending: Array<Unrecorded<T, O>> = [];
  /** The batch being flushed (and flushed again after a failure). */
  let flushingCount = 0;
  const expired: T[] = [];
  let inFlight = 0;
  let claiming = false;
  let flushing = false;
  let flushTimer: NodeJS.Timeout | null = null;
  let oldestPendingAt = 0;
  /** The last claim came back full: more is probably due. */
  let lastClaimFull = true;
  /** A wake-up check came back negative and no answer came since (so asking again would tell nothing new). */
  let askedSinceAnswer = false;
  let exhausted = false;
  let failure: unknown = null;
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));

  const aheadCount = () => ahead.reduce((sum, batch) => sum + batch.items.length, 0);
  const fail = (error: unknown) => void (failure ??= error);

  /** How many items the lanes start within a lease's usable time at the recent pace, bounded by maxAhead. */
  const targetAhead = (): number => {
    if (durations.length === 0) return limits.firstClaim;
    const meanMs = Math.max(1, durations.reduce((sum, ms) => sum + ms, 0) / durations.length);
    const usableMs = limits.leaseMs - limits.sendTimeoutMs - limits.marginMs;
    return Math.max(limits.width, Math.min(limits.maxAhead, Math.floor((limits.width * usableMs) / meanMs)));
  };

  /** Claims the next batch once the one ahead is down to half the target (so the lanes never run dry). */
  const refill = (): void => {
    if (claiming || exhausted) return;
    const count = aheadCount();
    const target = targetAhead();
    if (count >= Math.ceil(target / 2)) return;
    if (result.claims > 0 && Date.now() >= limits.claimUntil) {
      result.outOfTime = true;
      exhausted = true;
      return;
    }
    // After a short claim, look again only once everything claimed is started, and only if woken.
    const ask = !lastClaimFull;
    if (ask) {
      if (!source.woken || (askedSinceAnswer && inFlight === 0)) return void (exhausted = true);
      if (count > 0 || askedSinceAnswer) return;
    }
    claiming = true;
    void (async () => {
      if (ask) {
        askedSinceAnswer = true;
        if (!(await source.woken!())) return;
        askedSinceAnswer = false;
      }
      const limit = target - count;
      const claimedAt = Date.now();
      const items = await source.claim(limit);
      result.claims += 1;
      lastClaimFull = items.length >= limit;
      const leaseBound = claimedAt + limits.leaseMs - limits.sendTimeoutMs - limits.marginMs;
      const timeBound = Math.max(limits.claimUntil, Date.now()) + limits.tailMs;
      if (items.length > 0) ahead.push({ items, startBy: Math.min(leaseBound, timeBound), leaseEndsAt: claimedAt + limits.leaseMs });
    })()
      .catch(fail)
      .finally(() => {
        claiming = false;
        pump();
      });
  };

  const flush = (): void => {
    if (flushTimer) clearTimeout(flushTimer);
    flushTimer = null;
    flushing = true;
    const batch = pending.splice(0, limits.maxUnrecorded);
    flushingCount = batch.length;
    const recordBy = Math.min(...batch.map((entry) => entry.leaseEndsAt));
    const sent = batch.map((entry) => entry.sent);
    const attempt = async (): Promise<void> => {
      for (let waitMs = FLUSH_RETRY_FIRST_MS; ; waitMs = Math.min(FLUSH_RETRY_MAX_MS, waitMs * 2)) {
        result.flushes += 1;
        try {
          return await source.flush(sent);
        } catch (error) {
          // Its leases would lapse before another try answers: the run fails (the attempts are made again after the lapse).
          if (Date.now() + waitMs >= recordBy) throw error;
          await new Promise((resolve) => setTimeout(resolve, waitMs));
        }
      }
    };
    attempt()
      .catch(fail)
      .finally(() => {
        flushing = false;
        flushingCount = 0;
        oldestPendingAt = pending[0]?.sent.answeredAt ?? 0;
        pump();
      });
  };

  /** Flushes when enough outcomes wait, when the oldest has waited long enough, or when nothing else goes on. */
  const scheduleFlush = (): void => {
    if (flushing || pending.length === 0) return;
    const idle = inFlight === 0 && !claiming && (aheadCount() === 0 || failure !== null);
    // Lanes held back by unrecorded outcomes wait for this flush, not for its timer.
    const held = inFlight + pending.length >= limits.maxUnrecorded;
    if (idle || held || pending.length >= limits.flushEvery) return flush();
    const waitMs = oldestPendingAt + limits.flushAfterMs - Date.now();
    if (waitMs <= 0) return flush();
    flushTimer ??= setTimeout(() => {
      flushTimer = null;
      if (!flushing && pending.length > 0) flush();
    }, waitMs);
  };

  /** The next item whose lease still covers an attempt; the others are set aside to be given back. */
  const next = (): { item: T; leaseEndsAt: number } | null => {
    const now = Date.now();
    while (ahead.length > 0) {
      const batch = ahead[0];
      if (batch.items.length > 0 && now <= batch.startBy) return { item: batch.items.shift()!, leaseEndsAt: batch.leaseEndsAt };
      expired.push(...batch.items.splice(0));
      ahead.shift();
    }
    return null;
  };

  const start = (item: T, leaseEndsAt: number): void => {
    inFlight += 1;
    result.sent += 1;
    const started = Date.now();
    source
      .send(item)
      .then((outcome) => {
        const answeredAt = Date.now();
        durations.push(answeredAt - started);
        if (durations.length > DURATION_WINDOW) durations.shift();
        if (pending.length === 0) oldestPendingAt = answeredAt;
        pending.push({ sent: { item, outcome, answeredAt }, leaseEndsAt });
      })
      .catch(fail)
      .finally(() => {
        inFlight -= 1;
        askedSinceAnswer = false;
        pump();
      });
  };

  function pump(): void {
    // Sends in flight count as unrecorded too: what they answer joins the queue of outcomes.
    while (failure === null && inFlight < limits.width && inFlight + pending.length + flushingCount < limits.maxUnrecorded) {
      const started = next();
      if (started === null) break;
      start(started.item, started.leaseEndsAt);
    }
    if (failure === null) refill();
    scheduleFlush();
    const busy = inFlight > 0 || claiming || flushing || pending.length > 0;
    if (!busy && (failure !== null || (exhausted && aheadCount() === 0))) finish();
  }

  pump();
  await finished;
  if (flushTimer) clearTimeout(flushTimer);
  for (const batch of ahead) expired.push(...batch.items.splice(0));
  if (expired.length > 0) {
    // Given back, they are due again: the caller must not take the run for one that found nothing left.
    result.outOfTime = true;
    result.givenBack = expired.length;
    // Given back even after a failure: an unstarted claim's counted attempt is undone (else it lapses, counted).
    await source.giveBack(expired).catch(fail);
  }
  if (failure !== null) throw failure instanceof Error ? failure : new Error('a delivery pipe step failed');
  return result;
}
