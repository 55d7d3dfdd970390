import { isolateFailures } from './job-batch';

describe('isolateFailures', () => {
  it('runs the batch together when it can', async () => {
    const alone = jest.fn();
    await expect(isolateFailures([1, 2], async () => undefined, alone)).resolves.toEqual([]);
    expect(alone).not.toHaveBeenCalled();
  });

  it('runs each item alone after the batch failed, and returns only the ones that fail alone', async () => {
    const ran: number[] = [];
    const failed = await isolateFailures(
      [1, 2, 3],
      async () => {
        throw new Error('batch failed');
      },
      async (item) => {
        if (item === 2) throw new Error('poisoned');
        ran.push(item);
      },
    );
    expect(ran).toEqual([1, 3]);
    expect(failed.map(({ item, error }) => [item, error.message])).toEqual([[2, 'poisoned']]);
  });

  it('throws an outage instead of splitting the batch (the whole batch is postponed)', async () => {
    const outage = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    const alone = jest.fn();
    await expect(
      isolateFailures(
        [1, 2],
        async () => {
          throw outage;
        },
        alone,
      ),
    ).rejects.toBe(outage);
    expect(alone).not.toHaveBeenCalled();
  });
});
