import { endpointWakeUps, freshWakeUps } from './webhook-event-recorder';

describe('endpointWakeUps (one drain-webhook-endpoint job per endpoint)', () => {
  const deliveries = (endpointId: string, count: number) =>
    Array.from({ length: count }, (_, index) => ({ endpointId, deliveryId: `${endpointId}-${index}` }));

  it('wakes each endpoint once, named by its first delivery, in the order given', () => {
    const jobs = endpointWakeUps([...deliveries('a', 150), ...deliveries('b', 2), ...deliveries('a', 1)]);
    expect(jobs).toEqual([
      { name: 'drain-webhook-endpoint', payload: { endpointId: 'a', wakeId: 'a-0' } },
      { name: 'drain-webhook-endpoint', payload: { endpointId: 'b', wakeId: 'b-0' } },
    ]);
  });

  it('names sweep and handoff wake-ups afresh, so a finished job kept under an id never swallows one', () => {
    const [first, second] = [...freshWakeUps(['a'], 50), ...freshWakeUps(['a'])];
    expect(first).toMatchObject({ name: 'drain-webhook-endpoint', payload: { endpointId: 'a' }, delayMs: 50 });
    expect(first.payload.wakeId).not.toBe(second.payload.wakeId);
  });

  it('writes nothing for no deliveries', () => {
    expect(endpointWakeUps([])).toEqual([]);
  });
});
