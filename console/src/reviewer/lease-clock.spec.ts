import { localExpiry, shouldRenew } from './lease-clock';

describe('lease clock', () => {
  it("measures the lease on the server's clock and counts it on the tab's", () => {
    // The server's clock is an hour ahead of the tab's: only the difference of its two times counts.
    const task = {
      leaseExpiresAt: '2026-01-01T13:05:00.000Z',
      updatedAt: '2026-01-01T13:00:00.000Z',
      createdAt: '2026-01-01T10:00:00.000Z',
    };
    const receivedAt = Date.parse('2026-01-01T12:00:00.000Z');
    expect(localExpiry(task, receivedAt)).toEqual({ lengthMs: 300_000, expiresAt: receivedAt + 300_000 });
    expect(localExpiry({ ...task, leaseExpiresAt: null }, receivedAt).lengthMs).toBe(0);
  });

  it('renews after a third of the lease, not before, and not once it is gone', () => {
    expect(shouldRenew(250_000, 300_000)).toBe(false);
    expect(shouldRenew(200_000, 300_000)).toBe(true);
    expect(shouldRenew(1_000, 300_000)).toBe(true);
    expect(shouldRenew(0, 300_000)).toBe(false);
  });
});
