import { DELIVERIES_PER_JOB, deliveryBatches } from './webhook-event-recorder';

describe('deliveryBatches (one deliver-webhooks job per endpoint and DELIVERIES_PER_JOB deliveries)', () => {
  const rounds = (endpointId: string, count: number, round = 1) =>
    Array.from({ length: count }, (_, index) => ({ endpointId, deliveryId: `${endpointId}-${index}`, round }));

  it('groups by endpoint, keeps the order, and splits at the limit', () => {
    const jobs = deliveryBatches([...rounds('a', DELIVERIES_PER_JOB + 1), ...rounds('b', 2, 3)]);
    expect(jobs.map((job) => [job.payload.endpointId, job.payload.deliveryIds.length])).toEqual([
      ['a', DELIVERIES_PER_JOB],
      ['a', 1],
      ['b', 2],
    ]);
    expect(jobs[1].payload.deliveryIds).toEqual([`a-${DELIVERIES_PER_JOB}`]);
    expect(jobs[2].payload).toEqual({ endpointId: 'b', deliveryIds: ['b-0', 'b-1'], rounds: [3, 3] });
    expect(jobs.every((job) => job.name === 'deliver-webhooks')).toBe(true);
  });

  it('writes nothing for no deliveries', () => {
    expect(deliveryBatches([])).toEqual([]);
  });
});
