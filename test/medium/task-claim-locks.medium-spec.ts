import type { TestingModule } from '@nestjs/testing';
import { TransactionHost } from '../../src/database/transaction-host';
import { ReviewTasksModule } from '../../src/review-tasks/review-tasks.module';
import { ReviewTasksService } from '../../src/review-tasks/review-tasks.service';
import { VerificationWorkerModule } from '../../src/verification/verification.module';
import { VerificationService } from '../../src/verification/verification.service';
import { ClaimRepository } from '../../src/workflow/claim.repository';
import { buildServices, Seeder } from './services';

/** The claims a task stands for, locked through claimflow_lock_task_claims (alone, and inside the claim-next lease). */
describe('task claim locks (service tier, real Postgres)', () => {
  let module: TestingModule;
  let seed: Seeder;
  let tx: TransactionHost;

  beforeAll(async () => {
    module = await buildServices(ReviewTasksModule, VerificationWorkerModule);
    seed = new Seeder(module);
    tx = module.get(TransactionHost);
  });
  afterAll(() => module.close());

  /** A claim with an open review task (its own cluster), and a second claim of the newsroom still being verified. */
  async function openTaskAndLateClaim(): Promise<{ claimId: string; clusterId: string; lateId: string }> {
    const newsroomId = await seed.newsroom();
    const { claims } = await seed.articleWithClaims(newsroomId, ['The new stadium seats 85,000 people, the mayor said.']);
    await module.get(VerificationService).verifyClaims([claims[0].id]);
    const [{ cluster_id: clusterId }] = await seed.query<{ cluster_id: string }>('SELECT cluster_id FROM claims WHERE id = $1', [
      claims[0].id,
    ]);
    const late = await seed.articleWithClaims(newsroomId, ['The stadium has 85,000 seats, according to the mayor.']);
    await seed.query(`UPDATE claims SET status = 'verifying' WHERE id = $1`, [late.claims[0].id]);
    return { claimId: claims[0].id, clusterId, lateId: late.claims[0].id };
  }

  /** Waits (with a deadline) until another session of this database waits for a lock (the cluster row's: nothing else is held). */
  async function waitForLockWait(): Promise<void> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const waiting = await seed.query(
        `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'`,
      );
      if (waiting.length > 0) return;
      if (Date.now() > deadline) throw new Error('claim-next never waited for the cluster lock');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  it('returns the members in the given statuses, locked, as the rows of a plain query read', async () => {
    const { claimId, clusterId } = await openTaskAndLateClaim();
    const claims = module.get(ClaimRepository);
    const locked = await tx.run(() => claims.lockTaskClaims({ cluster_id: clusterId, claim_id: claimId }, ['needs_review']));
    expect(locked).toEqual([await claims.find(claimId)]);
    expect(locked[0].created_at).toBeInstanceOf(Date);
    await expect(tx.run(() => claims.lockTaskClaims({ cluster_id: clusterId, claim_id: claimId }, ['in_review']))).resolves.toEqual([]);
    // A task without a cluster: its own claim, when it is in one of the statuses.
    await expect(tx.run(() => claims.lockTaskClaims({ cluster_id: null, claim_id: claimId }, ['needs_review']))).resolves.toEqual(locked);
    await expect(tx.run(() => claims.lockTaskClaims({ cluster_id: null, claim_id: claimId }, ['verified']))).resolves.toEqual([]);
    await seed.query(`UPDATE review_tasks SET status = 'cancelled' WHERE claim_id = $1`, [claimId]); // not for the next test's claim-next
  });

  it('claim-next waiting for the cluster lock moves a claim that joined the cluster meanwhile, with its history row', async () => {
    const { claimId, clusterId, lateId } = await openTaskAndLateClaim();
    const rita = await seed.reviewer('Rita');
    // Verification settling the late claim into the cluster's open task holds the cluster row meanwhile.
    let commit!: () => void;
    const held = new Promise<void>((resolve) => (commit = resolve));
    let locked!: () => void;
    const clusterLocked = new Promise<void>((resolve) => (locked = resolve));
    const settling = tx.run(async () => {
      await tx.query(`SELECT id FROM claim_clusters WHERE id = $1 FOR UPDATE`, [clusterId]);
      await tx.query(`UPDATE claims SET cluster_id = $2, status = 'needs_review' WHERE id = $1`, [lateId, clusterId]);
      locked();
      await held;
    });
    await clusterLocked;
    const leasing = module.get(ReviewTasksService).claimNext({ id: rita, languages: ['en'] }, undefined);
    await waitForLockWait();
    commit();
    await settling;
    const leased = await leasing;

    expect(leased).toMatchObject({ claimId, status: 'claimed', assigneeId: rita, claim: { status: 'in_review' } });
    // The answer comes from the lease statement, whose reads began before the late claim joined: it shows it moved all the same.
    expect(leased!.cluster!.claims).toContainEqual(expect.objectContaining({ id: lateId, status: 'in_review' }));
    expect(leased).toEqual(await module.get(ReviewTasksService).get(rita, leased!.id));
    const statuses = await seed.query<{ id: string; status: string }>(
      'SELECT id, status FROM claims WHERE id = ANY($1::uuid[]) ORDER BY id',
      [[claimId, lateId]],
    );
    expect(statuses.map((claim) => claim.status)).toEqual(['in_review', 'in_review']);
    const history = await seed.query<{ from_status: string; actor_id: string; reason: string }>(
      `SELECT from_status, actor_id, reason FROM claim_events WHERE claim_id = $1 AND to_status = 'in_review'`,
      [lateId],
    );
    expect(history).toEqual([{ from_status: 'needs_review', actor_id: rita, reason: 'claimed' }]);
  });
});
