import { webhookBackoff, RetryDeliveryError } from './webhook-delivery.processor';
import { attemptsPerRound, MAX_RETRY_AFTER_MS, nextAttemptDelay, parseRetryAfter } from './webhook-retry';

const delays = [5000, 300_000, 1_800_000];

describe('retry schedule', () => {
  it('waits delays[n-1] before attempt n+1 and gives up after the last delay', () => {
    expect(attemptsPerRound(delays)).toBe(4);
    expect([1, 2, 3, 4].map((attempt) => nextAttemptDelay(attempt, delays))).toEqual([5000, 300_000, 1_800_000, null]);
    expect(nextAttemptDelay(0, delays)).toBeNull();
  });

  it('never retries sooner than Retry-After, capped at 24 h', () => {
    expect(nextAttemptDelay(1, delays, 60_000)).toBe(60_000);
    expect(nextAttemptDelay(2, delays, 60_000)).toBe(300_000);
    expect(nextAttemptDelay(1, delays, 7 * 86_400_000)).toBe(MAX_RETRY_AFTER_MS);
    expect(nextAttemptDelay(4, delays, 1000)).toBeNull();
  });

  it('uses the delay the attempt decided as the BullMQ backoff, exponential for other errors', () => {
    expect(webhookBackoff(1, 'webhook', new RetryDeliveryError(1234, 'HTTP 500'))).toBe(1234);
    expect(webhookBackoff(1, 'webhook', new Error('db down'))).toBe(1000);
    expect(webhookBackoff(3, 'webhook', new Error('db down'))).toBe(4000);
    expect(webhookBackoff(30, 'webhook', new Error('db down'))).toBe(60_000);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-03-01T12:00:00Z');
  it('reads delay-seconds', () => {
    expect(parseRetryAfter('1', now)).toBe(1000);
    expect(parseRetryAfter(' 120 ', now)).toBe(120_000);
    expect(parseRetryAfter(['0'], now)).toBe(0);
  });
  it('reads an HTTP date', () => {
    expect(parseRetryAfter('Sun, 01 Mar 2026 12:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Sun, 01 Mar 2026 11:00:00 GMT', now)).toBe(0);
  });
  it('ignores what it cannot read', () => {
    for (const value of [undefined, '', '-5', '1.5', 'soon', '12abc']) expect(parseRetryAfter(value, now)).toBeNull();
  });
});
