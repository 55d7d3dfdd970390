import type { TestingModule } from '@nestjs/testing';
import { ReviewTasksModule } from '../../src/review-tasks/review-tasks.module';
import { ReviewTasksService } from '../../src/review-tasks/review-tasks.service';
import { VerificationWorkerModule } from '../../src/verification/verification.module';
import { VerificationService } from '../../src/verification/verification.service';
import { statementsSentTotal } from '../../src/database/transaction-host';
import { buildServices, Seeder } from './services';

/** claim-next with nobody subscribed: the lease statement (its own transaction, with the fair-share count and the answer). */
const CLAIM_NEXT_STATEMENTS = 1;

interface History {
  from_status: string | null;
  to_status: string;
  version: number;
  actor_id: string | null;
  reason: string | null;
}

/**
 * claim-next's lease statement (ReviewTaskRepository.leaseNextOpen with claimflow_move_task_claims):
 * its own transaction where nobody subscribes to the claims' status events, a transaction recording
 * them where a newsroom does, and either way one lease per task with one history row per move.
 */
describe('claim-next in one statement (service tier, real Postgres)', () => {
  let module: TestingModule;
  let seed: Seeder;
  let tasks: ReviewTasksService;

  beforeAll(async () => {
    module = await buildServices(ReviewTasksModule, VerificationWorkerModule);
    seed = new Seeder(module);
    tasks = module.get(ReviewTasksService);
  });
  afterAll(() => module.close());
  // Each test leases only its own tasks.
  beforeEach(() => seed.query(`UPDATE review_tasks SET status = 'cancelled' WHERE status IN ('open', 'claimed')`));

  /** Open tasks, one per text, each its own claim's (one newsroom); returns the claims' ids. */
  async function openTasks(newsroomId: string, texts: string[]): Promise<string[]> {
    const ids: string[] = [];
    for (const text of texts) {
      const { claims } = await seed.articleWithClaims(newsroomId, [text]);
      ids.push(claims[0].id);
    }
    await module.get(VerificationService).verifyClaims(ids);
    return ids;
  }

  const history = (claimId: string) =>
    seed.query<History>('SELECT from_status, to_status, version, actor_id, reason FROM claim_events WHERE claim_id = $1 ORDER BY version', [
      claimId,
    ]);

  const statusEvents = (newsroomId: string) =>
    seed.query<{ body: string }>(`SELECT body FROM webhook_events WHERE newsroom_id = $1 AND type = 'claim.status_changed'`, [newsroomId]);

  const shareOf = async (newsroomId: string) =>
    (await seed.query<{ leases: number }>('SELECT leases FROM newsroom_review_share WHERE newsroom_id = $1', [newsroomId]))[0]?.leases;

  it('moves the claim to in_review with its history row, and records no event where nobody subscribes', async () => {
    const newsroomId = await seed.newsroom();
    const [claimId] = await openTasks(newsroomId, ['The new stadium seats 85,000 people, the mayor said.']);
    const rita = await seed.reviewer('Rita');

    const sent = statementsSentTotal();
    const leased = await tasks.claimNext({ id: rita, languages: ['en'] }, undefined);

    expect(statementsSentTotal() - sent).toBe(CLAIM_NEXT_STATEMENTS);
    expect(leased).toMatchObject({ claimId, status: 'claimed', assigneeId: rita, claim: { status: 'in_review' } });
    expect(leased).toEqual(await tasks.get(rita, leased!.id)); // the answer from the lease statement is the task as it now is
    expect((await history(claimId)).at(-1)).toEqual({
      from_status: 'needs_review',
      to_status: 'in_review',
      version: (leased!.claim as { version: number }).version,
      actor_id: rita,
      reason: 'claimed',
    });
    expect(await statusEvents(newsroomId)).toEqual([]);
    expect(await shareOf(newsroomId)).toBeCloseTo(1, 2); // counted by the same statement
  });

  it('records the status events where a newsroom subscribes, once, for every lease after the first refused statement', async () => {
    const newsroomId = await seed.newsroom('Subscribed Desk');
    await seed.webhookEndpoint(newsroomId, ['claim.status_changed']);
    const claimIds = await openTasks(newsroomId, [
      'Crime fell by 12% in the city last year.',
      'The city hired 300 new teachers in 2024.',
      'Bus fares rose by 40% since 2020.',
    ]);
    const before = (await statusEvents(newsroomId)).length; // verification's own
    const rita = await seed.reviewer('Rita');

    for (let i = 0; i < claimIds.length; i += 1) await tasks.claimNext({ id: rita, languages: ['en'] }, undefined);

    const events = (await statusEvents(newsroomId)).map((row) => JSON.parse(row.body) as { data: Record<string, unknown> });
    const leases = events.filter((event) => event.data.to === 'in_review');
    expect(events.length - leases.length).toBe(before);
    expect(leases.map((event) => event.data.claimId).sort()).toEqual([...claimIds].sort());
    for (const claimId of claimIds) {
      const moves = (await history(claimId)).filter((row) => row.to_status === 'in_review');
      expect(moves).toEqual([
        { from_status: 'needs_review', to_status: 'in_review', version: moves[0].version, actor_id: rita, reason: 'claimed' },
      ]);
      expect(leases.find((event) => event.data.claimId === claimId)!.data).toMatchObject({
        from: 'needs_review',
        version: moves[0].version,
      });
    }
    expect(await shareOf(newsroomId)).toBeCloseTo(3, 1); // counted after each transaction
  });

  it('switches back to the one-statement lease for a newsroom nobody subscribes to, still with its history row', async () => {
    const subscribed = await seed.newsroom('Subscribed Desk');
    await seed.webhookEndpoint(subscribed, ['claim.status_changed']);
    const quiet = await seed.newsroom('Quiet Desk');
    const [first] = await openTasks(subscribed, ['Rents doubled in the old town since 2019.']);
    const rita = await seed.reviewer('Rita');
    await expect(tasks.claimNext({ id: rita, languages: ['en'] }, undefined)).resolves.toMatchObject({ claimId: first });
    const [second, third] = await openTasks(quiet, ['The river flooded 14 times in a decade.', 'Half of the bridges need repair.']);

    // The first in a transaction (the last lease had subscribers), which finds none: the next is one statement again.
    const leased = [await tasks.claimNext({ id: rita, languages: ['en'] }, undefined)];
    const sent = statementsSentTotal();
    leased.push(await tasks.claimNext({ id: rita, languages: ['en'] }, undefined));
    expect(statementsSentTotal() - sent).toBe(CLAIM_NEXT_STATEMENTS);

    expect(leased.map((task) => task?.claimId).sort()).toEqual([second, third].sort());
    for (const claimId of [second, third])
      expect((await history(claimId)).at(-1)).toMatchObject({ to_status: 'in_review', actor_id: rita });
    expect(await statusEvents(quiet)).toEqual([]);
  });

  it('never leases one task to two reviewers asking at once', async () => {
    const newsroomId = await seed.newsroom();
    const claimIds = await openTasks(
      newsroomId,
      Array.from({ length: 24 }, (_, i) => `Claim number ${i + 1} says ${(i + 1) * 7}% of voters agree.`),
    );
    const reviewers = await Promise.all(Array.from({ length: 8 }, (_, i) => seed.reviewer(`Reviewer ${i}`)));

    const handed = await Promise.all(
      reviewers.map(async (id) => {
        const mine: string[] = [];
        for (;;) {
          const task = await tasks.claimNext({ id, languages: ['en'] }, undefined);
          if (!task) return mine.map((claimId) => ({ claimId, id }));
          mine.push(task.claimId);
        }
      }),
    );

    const all = handed.flat();
    expect(all.map((lease) => lease.claimId).sort()).toEqual([...claimIds].sort());
    const moves = await seed.query<{ claim_id: string; actor_id: string }>(
      `SELECT claim_id, actor_id FROM claim_events WHERE claim_id = ANY($1::uuid[]) AND to_status = 'in_review'`,
      [claimIds],
    );
    expect(moves.map((move) => ({ claimId: move.claim_id, id: move.actor_id })).sort((a, b) => a.claimId.localeCompare(b.claimId))).toEqual(
      all.sort((a, b) => a.claimId.localeCompare(b.claimId)),
    );
  });

  it('re-opens a lapsed lease with its history row and leases it again', async () => {
    const newsroomId = await seed.newsroom();
    const [claimId] = await openTasks(newsroomId, ['Unemployment in the region is the lowest since 1990.']);
    const rita = await seed.reviewer('Rita');
    const omar = await seed.reviewer('Omar');
    const first = await tasks.claimNext({ id: rita, languages: ['en'] }, undefined);
    await seed.query(`UPDATE review_tasks SET lease_expires_at = now() - interval '1 second' WHERE id = $1`, [first!.id]);

    const second = await tasks.claimNext({ id: omar, languages: ['en'] }, undefined);

    expect(second).toMatchObject({ id: first!.id, assigneeId: omar, status: 'claimed' });
    expect(second!.leaseToken).not.toBe(first!.leaseToken);
    expect((await history(claimId)).slice(-3)).toMatchObject([
      { from_status: 'needs_review', to_status: 'in_review', actor_id: rita, reason: 'claimed' },
      { from_status: 'in_review', to_status: 'needs_review', actor_id: null, reason: 'lease expired' },
      { from_status: 'needs_review', to_status: 'in_review', actor_id: omar, reason: 'claimed' },
    ]);
  });
});
