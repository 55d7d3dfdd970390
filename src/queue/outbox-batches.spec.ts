import { groupForRelay } from './outbox-batches';
import type { OutboxRow } from './outbox.repository';

const extraction = (id: number, dueMs = 0): OutboxRow => ({
  id: String(id),
  queue: 'extraction',
  job_name: 'extract-article',
  job_id: `article-a${id}`,
  payload: { articleId: `a${id}` },
  due_ms: dueMs,
});
const delivery = (id: number): OutboxRow => ({
  id: String(id),
  queue: 'webhooks',
  job_name: 'deliver-webhook',
  job_id: `delivery-d${id}-r1`,
  payload: { deliveryId: `d${id}`, round: 1 },
  due_ms: 0,
});
const rules = { batchSize: 3, holdMs: 200, backlogged: () => false };

describe('groupForRelay', () => {
  it('puts due rows of a batchable job in batches of up to batchSize, named by their first job and size', () => {
    const { jobs, held } = groupForRelay(
      [1, 2, 3, 4, 5].map((id) => extraction(id)),
      rules,
    );
    expect(held).toEqual([]);
    expect(jobs.map((job) => [job.name, job.jobId, job.rowIds])).toEqual([
      ['extract-articles', 'article-a1-batch3', ['1', '2', '3']],
      ['extract-articles', 'article-a4-batch2', ['4', '5']],
    ]);
    expect(jobs[1].data).toEqual({ jobs: [{ articleId: 'a4' }, { articleId: 'a5' }] });
  });

  it('relays a lone row and every other job as it is', () => {
    const { jobs } = groupForRelay([extraction(1), delivery(2), delivery(3)], rules);
    expect(jobs.map((job) => [job.name, job.jobId])).toEqual([
      ['deliver-webhook', 'delivery-d2-r1'],
      ['deliver-webhook', 'delivery-d3-r1'],
      ['extract-article', 'article-a1'],
    ]);
    expect(jobs[2].data).toEqual({ articleId: 'a1' });
  });

  it('holds a partial batch while its queue has a backlog, until its oldest row has waited holdMs', () => {
    const backlogged = { ...rules, backlogged: (queue: string) => queue === 'extraction' };
    const young = groupForRelay(
      [1, 2, 3, 4].map((id) => extraction(id, 50)),
      backlogged,
    );
    expect(young.jobs.map((job) => job.rowIds)).toEqual([['1', '2', '3']]);
    expect(young.held.map((row) => row.id)).toEqual(['4']);
    const old = groupForRelay([extraction(4, 250), extraction(5, 10)], backlogged);
    expect(old.held).toEqual([]);
    expect(old.jobs.map((job) => job.rowIds)).toEqual([['4', '5']]);
  });

  it('batches nothing with a batch size of 1', () => {
    const { jobs } = groupForRelay([extraction(1), extraction(2)], { ...rules, batchSize: 1 });
    expect(jobs.map((job) => job.name)).toEqual(['extract-article', 'extract-article']);
  });
});
