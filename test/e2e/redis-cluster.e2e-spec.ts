import { type Client } from 'pg';
import { PrivateRedisCluster } from '../support/private-services';
import { connectDb } from '../support/review-fixtures';
import { bearer, createNewsroom, startStack, type Stack, waitFor } from '../support/stack';
import { PRIVATE_NETWORKS_ALLOWED, registerEndpoint, WebhookReceiver } from '../support/webhook-receiver';

describe('Redis Cluster: the pipeline runs end to end on three masters', () => {
  let cluster: PrivateRedisCluster;
  let stack: Stack;
  let db: Client;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    cluster = await PrivateRedisCluster.start();
    stack = await startStack({ env: { ...PRIVATE_NETWORKS_ALLOWED, REDIS_URL: cluster.url } });
    db = await connectDb();
    receiver = await WebhookReceiver.start();
  }, 60000);
  afterAll(async () => {
    await stack?.close();
    await receiver?.close();
    await db?.end();
    await cluster?.stop();
  });

  it('extracts, verifies and delivers webhooks with REDIS_URL=redis+cluster://…, every queue key in one hash slot', async () => {
    expect(cluster.url).toMatch(/^redis\+cluster:\/\/127\.0\.0\.1:\d+,127\.0\.0\.1:\d+,127\.0\.0\.1:\d+$/);
    await stack.http.get('/health/ready').expect(200);
    const newsroom = await createNewsroom(stack, 'Cluster Desk');
    await registerEndpoint(stack, newsroom.apiKey, { url: receiver.url, events: ['article.claims_extracted'] });
    const ids: string[] = [];
    for (let n = 0; n < 6; n++) {
      const text = `Exports rose ${n + 2}% in 2023, the ministry said. I love this city.`;
      ids.push((await stack.http.post('/v1/articles').set(bearer(newsroom.apiKey)).send({ text }).expect(202)).body.id);
    }
    await waitFor(
      async () => {
        const { rows } = await db.query(
          `SELECT count(*)::int AS open FROM claims WHERE article_id = ANY($1::uuid[]) AND status IN ('pending', 'verifying')`,
          [ids],
        );
        const { rows: articles } = await db.query(
          `SELECT count(*)::int AS done FROM articles WHERE id = ANY($1::uuid[]) AND status = 'verifying'`,
          [ids],
        );
        return rows[0].open === 0 && articles[0].done === ids.length;
      },
      30000,
      100,
    );
    await waitFor(async () => new Set(receiver.events().map((event) => event.data.articleId)).size === ids.length, 20000);
    expect(receiver.events()).toHaveLength(ids.length); // each once
    const { rows } = await db.query(
      `SELECT count(*)::int AS tasks FROM review_tasks t JOIN claims c ON c.id = t.claim_id WHERE c.article_id = ANY($1::uuid[])`,
      [ids],
    );
    expect(rows[0].tasks).toBe(ids.length);

    // The hash-tagged prefix keeps every BullMQ key of the run on the one master that owns its slot.
    const prefix = process.env.QUEUE_PREFIX!;
    const holders = cluster.ports.filter((port) => cluster.cli(port, '--scan', '--pattern', `${prefix}:*`).trim() !== '');
    expect(holders).toHaveLength(1);
    expect(cluster.cli(holders[0], '--scan', '--pattern', `${prefix}:verification:*`)).toContain(`${prefix}:verification:`);
  });
});
