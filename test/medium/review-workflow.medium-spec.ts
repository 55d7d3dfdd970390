import { ConflictException } from '@nestjs/common';
import type { TestingModule } from '@nestjs/testing';
import { ReviewTasksModule } from '../../src/review-tasks/review-tasks.module';
import { ReviewTasksService } from '../../src/review-tasks/review-tasks.service';
import { VerificationWorkerModule } from '../../src/verification/verification.module';
import { VerificationService } from '../../src/verification/verification.service';
import { buildServices, Seeder } from './services';

describe('review workflow (service tier, real Postgres)', () => {
  let module: TestingModule;
  let seed: Seeder;
  let tasks: ReviewTasksService;

  beforeAll(async () => {
    module = await buildServices(ReviewTasksModule, VerificationWorkerModule);
    seed = new Seeder(module);
    tasks = module.get(ReviewTasksService);
  });
  afterAll(() => module.close());

  async function openTask(text: string): Promise<{ claimId: string }> {
    const newsroomId = await seed.newsroom();
    const { claims } = await seed.articleWithClaims(newsroomId, [text]);
    await module.get(VerificationService).verifyClaims([claims[0].id]);
    return { claimId: claims[0].id };
  }

  it('leases a task to one reviewer, fences the others out, and a verdict verifies the claim', async () => {
    const { claimId } = await openTask('The new stadium seats 85,000 people, the mayor said.');
    const rita = await seed.reviewer('Rita');
    const omar = await seed.reviewer('Omar');

    const leased = await tasks.claimNext({ id: rita, languages: ['en'] }, undefined);
    expect(leased).toMatchObject({ claimId, status: 'claimed', assigneeId: rita });
    await expect(tasks.claimNext({ id: omar, languages: ['en'] }, undefined)).resolves.toBeNull();
    await expect(tasks.claim(omar, leased!.id)).rejects.toBeInstanceOf(ConflictException);
    await expect(tasks.verdict(omar, leased!.id, { rating: 'false', summary: 'no' })).rejects.toBeInstanceOf(ConflictException);

    const beat = await tasks.heartbeat(rita, leased!.id, leased!.leaseToken ?? undefined);
    expect(Date.parse(beat.leaseExpiresAt!)).toBeGreaterThanOrEqual(Date.parse(leased!.leaseExpiresAt!));
    await tasks.addEvidence(rita, leased!.id, { url: 'https://stats.example.org/stadium', stance: 'refutes' });
    const done = await tasks.verdict(rita, leased!.id, { rating: 'mostly_false', summary: 'It seats 62,000.' });
    expect(done.status).toBe('done');
    await expect(tasks.verdict(rita, leased!.id, { rating: 'false', summary: 'again' })).rejects.toBeInstanceOf(ConflictException);

    const [claim] = await seed.query<{ status: string; verdict_rating: string }>(
      'SELECT status, verdict_rating FROM claims WHERE id = $1',
      [claimId],
    );
    expect(claim).toEqual({ status: 'verified', verdict_rating: 'mostly_false' });
    const history = await seed.query<{ to_status: string; actor_id: string | null }>(
      'SELECT to_status, actor_id FROM claim_events WHERE claim_id = $1 ORDER BY version',
      [claimId],
    );
    expect(history.map((event) => event.to_status)).toEqual(['pending', 'verifying', 'needs_review', 'in_review', 'verified']);
    expect(history.at(-1)!.actor_id).toBe(rita);
    const library = await seed.query<{ count: number }>('SELECT count(*)::int AS count FROM fact_checks WHERE source_claim_id = $1', [
      claimId,
    ]);
    expect(library[0].count).toBe(1);
  });

  it('release puts the task back in the queue and the claim back in needs_review', async () => {
    const { claimId } = await openTask('Crime fell by 12% in the city last year.');
    const rita = await seed.reviewer('Rita');
    const leased = await tasks.claimNext({ id: rita, languages: ['en'] }, undefined);
    expect(leased?.claimId).toBe(claimId);
    const released = await tasks.release(rita, leased!.id);
    expect(released).toMatchObject({ status: 'open', assigneeId: null });
    const [claim] = await seed.query<{ status: string }>('SELECT status FROM claims WHERE id = $1', [claimId]);
    expect(claim.status).toBe('needs_review');
  });
});
