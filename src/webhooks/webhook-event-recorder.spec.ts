import { endpointWakeUps } from './webhook-event-recorder';

describe('endpointWakeUps (one drain-webhook-endpoint job per endpoint)', () => {
  const deliveries = (endpointId: string, count: number) =>
    Array.from({ length: count }, (_, index) => ({ endpointId, deliveryId: `${endpointId}-${index}` }));

  it('wakes each endpoint once, named by its first delivery, in the order given', () => {
    const jobs = endpointWakeUps([...deliveries('a', 150), ...deliveries('b', 2), ...deliveries('a', 1)]);
    expect(jobs).toEqual([
      { name: 'drain-webhook-endpoint', payload: { endpointId: 'a', deliveryId: 'a-0' } },
      { name: 'drain-webhook-endpoint', payload: { endpointId: 'b', deliveryId: 'b-0' } },
    ]);
  });

  it('writes nothing for no deliveries', () => {
    expect(endpointWakeUps([])).toEqual([]);
  });
});
