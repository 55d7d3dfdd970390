import type { TestingModule } from '@nestjs/testing';
import { VerificationWorkerModule } from '../../src/verification/verification.module';
import { VerificationService } from '../../src/verification/verification.service';
import { buildServices, Seeder } from './services';

describe('verification (service tier, real Postgres, the fact-check library as provider)', () => {
  let module: TestingModule;
  let seed: Seeder;
  let verification: VerificationService;

  beforeAll(async () => {
    module = await buildServices(VerificationWorkerModule);
    seed = new Seeder(module);
    verification = module.get(VerificationService);
  });
  afterAll(() => module.close());

  it('takes pending claims to needs_review with an open review task each, once', async () => {
    const newsroomId = await seed.newsroom();
    const { claims } = await seed.articleWithClaims(newsroomId, [
      'Inflation rose to 7.5% in 2022.',
      'Unemployment fell to 4.1% last year.',
    ]);
    const ids = claims.map((claim) => claim.id);

    await expect(verification.verifyClaims(ids)).resolves.toBe('verified');

    const statuses = await seed.query<{ status: string }>('SELECT status FROM claims WHERE id = ANY($1::uuid[]) ORDER BY seq', [ids]);
    expect(statuses.map((row) => row.status)).toEqual(['needs_review', 'needs_review']);
    const tasks = await seed.query<{ claim_id: string; status: string }>(
      'SELECT claim_id, status FROM review_tasks WHERE claim_id = ANY($1::uuid[])',
      [ids],
    );
    expect(tasks.map((task) => task.status)).toEqual(['open', 'open']);
    expect(new Set(tasks.map((task) => task.claim_id))).toEqual(new Set(ids));

    // At-least-once delivery: the same job again finds nothing to do and changes nothing.
    await expect(verification.verifyClaims(ids)).resolves.toBe('skipped');
    const again = await seed.query<{ count: number }>('SELECT count(*)::int AS count FROM review_tasks WHERE claim_id = ANY($1::uuid[])', [
      ids,
    ]);
    expect(again[0].count).toBe(2);
    const events = await seed.query<{ count: number }>('SELECT count(*)::int AS count FROM claim_events WHERE claim_id = ANY($1::uuid[])', [
      ids,
    ]);
    expect(events[0].count).toBe(6); // pending, verifying, needs_review for each
  });
});
