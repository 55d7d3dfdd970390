import { randomUUID } from 'node:crypto';
import { Module } from '@nestjs/common';
import type { TestingModule } from '@nestjs/testing';
import { Client } from 'pg';
import { appConfig, APP_CONFIG } from '../../src/config/config.module';
import { type Listener, type PgListenerHandlers, PgListenerFactory } from '../../src/database/pg-listener';
import { TransactionHost } from '../../src/database/transaction-host';
import { OutboxRelay } from '../../src/queue/outbox-relay.service';
import { OutboxRepository, outboxInsertSql } from '../../src/queue/outbox.repository';
import { QueueDirectory } from '../../src/queue/queue-directory';
import { OutboxModule, QueueModule } from '../../src/queue/queue.module';
import { QUEUE } from '../../src/queue/queue.registry';
import { buildServicesWith, type Replacement } from './services';

@Module({ imports: [QueueModule, OutboxModule], providers: [OutboxRelay] })
class RelayModule {}

/** A listener whose notifications the test sends (with the payload the trigger would send). */
class ScriptedListeners extends PgListenerFactory {
  handlers: PgListenerHandlers | null = null;

  listen(_channel: string, handlers: PgListenerHandlers): Listener {
    this.handlers = handlers;
    return { listening: true, start: () => undefined, stop: async () => undefined };
  }

  notify(payload: string): void {
    this.handlers!.onNotification(payload);
  }
}

async function until(condition: () => Promise<boolean> | boolean, what: string, deadlineMs = 20_000): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('outbox relay (real Postgres and Redis)', () => {
  const modules: TestingModule[] = [];
  afterEach(async () => {
    await Promise.all(modules.splice(0).map((module) => module.close()));
    jest.restoreAllMocks();
  });

  async function relayProcess(replacements: Replacement[] = []): Promise<TestingModule> {
    const module = await buildServicesWith(replacements, RelayModule);
    modules.push(module);
    return module;
  }

  /** Commits one transaction writing `count` deliver-webhook jobs; returns their job ids and the transaction's id. */
  async function commitJobs(module: TestingModule, count: number): Promise<{ jobIds: string[]; transactionId: string }> {
    const tx = module.get(TransactionHost);
    const deliveryIds = Array.from({ length: count }, () => randomUUID());
    const transactionId = await tx.run(async () => {
      await module
        .get(OutboxRepository)
        .add(deliveryIds.map((deliveryId) => ({ name: 'deliver-webhook', payload: { deliveryId, round: 0 } })));
      const [row] = await tx.query<{ id: string }>(`SELECT pg_current_xact_id()::text AS id`);
      return row.id;
    });
    return { jobIds: deliveryIds.map((id) => `delivery-${id}-r0`), transactionId };
  }

  const outboxHas = async (module: TestingModule, jobIds: string[]) => {
    const [row] = await module
      .get(TransactionHost)
      .query<{ n: number }>(`SELECT count(*)::int AS n FROM outbox WHERE job_id = ANY($1)`, [jobIds]);
    return row.n;
  };

  /** The relay's outbox reads, counted; `pause` holds the next ones before or after the read until released. */
  function watchReads(module: TestingModule) {
    const outbox = module.get(OutboxRepository);
    const lockDue = outbox.lockDue.bind(outbox);
    const reads = { count: 0, done: 0, pause: null as null | 'before' | 'after', release: () => undefined as void };
    let released = Promise.resolve();
    reads.release = () => undefined;
    const hold = () => {
      released = new Promise<void>((resolve) => (reads.release = resolve));
    };
    jest.spyOn(outbox, 'lockDue').mockImplementation(async (limit) => {
      reads.count += 1;
      const gate = released;
      if (reads.pause === 'before') await gate;
      const result = await lockDue(limit);
      if (reads.pause === 'after') await gate;
      reads.done += 1;
      return result;
    });
    return { reads, hold };
  }

  function withPollMs(outboxPollMs: number): Replacement {
    return { provide: APP_CONFIG, useValue: { ...appConfig(), outboxPollMs } };
  }

  it('a poll that finds nothing due opens no drain transaction; one that finds rows relays them', async () => {
    const peeks = jest.spyOn(OutboxRepository.prototype, 'anyDue');
    const module = await relayProcess([{ provide: PgListenerFactory, useValue: new ScriptedListeners() }, withPollMs(20)]);
    const { reads } = watchReads(module);
    await until(() => peeks.mock.calls.length >= 3, 'three polls');
    await until(() => reads.done === reads.count, 'a running drain finished');
    const locksBefore = reads.count;
    const peeksBefore = peeks.mock.calls.length;
    await until(() => peeks.mock.calls.length >= peeksBefore + 3, 'three more polls');
    expect(reads.count).toBe(locksBefore); // the outbox was empty: no drain

    // Rows committed without a notification (one lost) go out on the next poll.
    const { jobIds } = await commitJobs(module, 3);
    await until(async () => (await outboxHas(module, jobIds)) === 0, 'the rows relayed by a poll');
    expect(reads.count).toBeGreaterThan(locksBefore);
  });

  it('any number of notifications during a drain lead to one follow-up drain', async () => {
    const listeners = new ScriptedListeners();
    const peeks = jest.spyOn(OutboxRepository.prototype, 'anyDue');
    const module = await relayProcess([{ provide: PgListenerFactory, useValue: listeners }, withPollMs(600_000)]);
    const { reads, hold } = watchReads(module);
    await until(() => peeks.mock.calls.length >= 1, 'the first poll');

    reads.pause = 'after';
    hold();
    const first = await commitJobs(module, 2);
    listeners.notify(first.transactionId);
    await until(() => reads.count === 1, 'the woken drain');
    // These commit after the drain's read: they need one more drain, one for all of them.
    const later = await Promise.all(Array.from({ length: 10 }, () => commitJobs(module, 2)));
    for (const { transactionId } of later) listeners.notify(transactionId);
    reads.pause = null;
    reads.release();

    await until(
      async () =>
        (await outboxHas(
          module,
          [first, ...later].flatMap((commit) => commit.jobIds),
        )) === 0,
      'every row relayed',
    );
    await until(() => reads.done === reads.count, 'the drains finished');
    expect(reads.count).toBe(2);
  });

  it('a notification after a drain that found nothing opens a drain only once it sees an unlocked due row', async () => {
    const listeners = new ScriptedListeners();
    const peeks = jest.spyOn(OutboxRepository.prototype, 'anyDue');
    const looks = jest.spyOn(OutboxRepository.prototype, 'anyUnlockedDue');
    const module = await relayProcess([{ provide: PgListenerFactory, useValue: listeners }, withPollMs(600_000)]);
    const { reads } = watchReads(module);
    await until(() => peeks.mock.calls.length >= 1, 'the first poll');

    listeners.notify('1');
    await until(() => reads.done === 1, 'a drain that finds nothing');
    // Every relay hears every commit; this one's rows went elsewhere: one statement, no transaction.
    listeners.notify('2');
    await until(() => looks.mock.calls.length === 1, 'the look');
    await until(async () => (await looks.mock.results[0].value) === false, 'nothing to lock');
    expect(reads.count).toBe(1);

    const { jobIds, transactionId } = await commitJobs(module, 2);
    listeners.notify(transactionId);
    await until(async () => (await outboxHas(module, jobIds)) === 0, 'the rows relayed');
    expect(looks.mock.calls.length).toBe(2);
    expect(reads.count).toBe(2);
  });

  it('two relay processes relay every row once, and rows locked by a relay that died go out through the other', async () => {
    // A relay that locked rows and died before its commit: the rows stay until its session ends.
    const deadRelay = new Client({ connectionString: process.env.DATABASE_URL });
    await deadRelay.connect();
    const deliveryIds = Array.from({ length: 5 }, () => randomUUID());
    const params: unknown[] = [];
    await deadRelay.query(
      outboxInsertSql(
        deliveryIds.map((deliveryId) => ({ name: 'deliver-webhook', payload: { deliveryId, round: 0 } })),
        params,
      ),
      params,
    );
    const lockedJobIds = deliveryIds.map((id) => `delivery-${id}-r0`);
    await deadRelay.query('BEGIN');
    await deadRelay.query(`SELECT id FROM outbox WHERE job_id = ANY($1) FOR UPDATE`, [lockedJobIds]);

    const relays = [await relayProcess(), await relayProcess()];
    const added: string[] = [];
    for (const module of relays) {
      const queue = module.get(QueueDirectory).get(QUEUE.webhooks);
      const addBulk = queue.addBulk.bind(queue);
      jest.spyOn(queue, 'addBulk').mockImplementation((jobs) => {
        added.push(...jobs.map((job) => job.opts!.jobId!));
        return addBulk(jobs);
      });
    }
    const commits = await Promise.all(Array.from({ length: 40 }, (_, index) => commitJobs(relays[index % 2], 5)));
    const jobIds = commits.flatMap((commit) => commit.jobIds);
    await until(async () => (await outboxHas(relays[0], jobIds)) === 0, 'every row relayed');
    expect(await outboxHas(relays[0], lockedJobIds)).toBe(5);
    await deadRelay.end();
    await until(async () => (await outboxHas(relays[0], lockedJobIds)) === 0, "the dead relay's rows relayed");

    const all = [...jobIds, ...lockedJobIds];
    expect([...added].sort()).toEqual([...all].sort());
    const queue = relays[1].get(QueueDirectory).get(QUEUE.webhooks);
    const jobs = await Promise.all(all.map((id) => queue.getJob(id)));
    expect(jobs.filter((job) => job === undefined)).toEqual([]);
  });
});
