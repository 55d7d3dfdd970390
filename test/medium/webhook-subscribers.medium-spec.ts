import type { TestingModule } from '@nestjs/testing';
import { statementsSentTotal, TransactionHost } from '../../src/database/transaction-host';
import { WebhooksDataModule } from '../../src/webhooks/webhooks.module';
import { WebhookEndpointRepository } from '../../src/webhooks/webhook-endpoint.repository';
import { buildServices, Seeder } from './services';

/** Subscribers are read once per transaction and newsroom; a write in that transaction that changes them is seen. */
describe('webhook subscribers within a transaction (real Postgres)', () => {
  let module: TestingModule;
  let seed: Seeder;
  let tx: TransactionHost;
  let endpoints: WebhookEndpointRepository;

  beforeAll(async () => {
    module = await buildServices(WebhooksDataModule);
    seed = new Seeder(module);
    tx = module.get(TransactionHost);
    endpoints = module.get(WebhookEndpointRepository);
  });
  afterAll(() => module.close());

  it('reads a newsroom once per transaction, and again in the next one', async () => {
    const newsroomId = await seed.newsroom();
    const { id } = await seed.webhookEndpoint(newsroomId);
    const other = await seed.newsroom('Other Desk');
    await tx.run(async () => {
      expect((await endpoints.subscribers([newsroomId])).map((endpoint) => endpoint.id)).toEqual([id]);
      const before = statementsSentTotal();
      expect((await endpoints.subscribers([newsroomId, newsroomId])).map((endpoint) => endpoint.id)).toEqual([id]);
      expect(statementsSentTotal()).toBe(before);
      // A newsroom not read yet is read (one statement), the known one is not read again.
      expect(await endpoints.subscribers([newsroomId, other])).toHaveLength(1);
      expect(statementsSentTotal()).toBe(before + 1);
    });
    // Another transaction sees a change committed since.
    await seed.query(`UPDATE webhook_endpoints SET disabled_at = now() WHERE id = $1`, [id]);
    await expect(tx.run(() => endpoints.subscribers([newsroomId]))).resolves.toEqual([]);
  });

  it('forgets what it read when the transaction adds or disables an endpoint', async () => {
    const newsroomId = await seed.newsroom();
    const { id } = await seed.webhookEndpoint(newsroomId);
    await tx.run(async () => {
      expect(await endpoints.subscribers([newsroomId])).toHaveLength(1);
      await endpoints.disable(id, 'test');
      await expect(endpoints.subscribers([newsroomId])).resolves.toEqual([]);
      await endpoints.enable(id);
      expect((await endpoints.subscribers([newsroomId])).map((endpoint) => endpoint.id)).toEqual([id]);
    });
  });

  it('takes what a statement of the transaction read along with its own work', async () => {
    const newsroomId = await seed.newsroom();
    await seed.webhookEndpoint(newsroomId);
    await tx.run(async () => {
      endpoints.remember([newsroomId], []);
      const before = statementsSentTotal();
      await expect(endpoints.subscribers([newsroomId])).resolves.toEqual([]);
      expect(statementsSentTotal()).toBe(before);
    });
    // Outside a transaction nothing is remembered.
    endpoints.remember([newsroomId], []);
    await expect(endpoints.subscribers([newsroomId])).resolves.toHaveLength(1);
  });
});
