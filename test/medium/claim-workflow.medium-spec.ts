import type { TestingModule } from '@nestjs/testing';
import { InvalidTransitionError } from '../../src/common/invalid-transition.error';
import { ClaimWorkflow } from '../../src/workflow/claim-workflow.service';
import { ClaimsModule } from '../../src/claims/claims.module';
import { TransactionHost } from '../../src/database/transaction-host';
import { buildServices, Seeder } from './services';

describe('claim workflow (service tier, real Postgres)', () => {
  let module: TestingModule;
  let seed: Seeder;
  let workflow: ClaimWorkflow;
  let tx: TransactionHost;

  beforeAll(async () => {
    module = await buildServices(ClaimsModule);
    seed = new Seeder(module);
    workflow = module.get(ClaimWorkflow);
    tx = module.get(TransactionHost);
  });
  afterAll(() => module.close());

  it('moves a claim along its state machine with one history row per change, versions counting up', async () => {
    const newsroomId = await seed.newsroom();
    const { claims } = await seed.articleWithClaims(newsroomId, ['Inflation rose to 7.5% in 2022.']);
    const id = claims[0].id;
    for (const to of ['verifying', 'needs_review'] as const) {
      await tx.run(async () => workflow.transition((await workflow.lock(id))!, to, { reason: 'medium test' }));
    }
    const history = await seed.query<{ from_status: string | null; to_status: string; version: number }>(
      'SELECT from_status, to_status, version FROM claim_events WHERE claim_id = $1 ORDER BY version',
      [id],
    );
    expect(history).toEqual([
      { from_status: null, to_status: 'pending', version: 1 },
      { from_status: 'pending', to_status: 'verifying', version: 2 },
      { from_status: 'verifying', to_status: 'needs_review', version: 3 },
    ]);
    const [claim] = await seed.query<{ status: string; version: number }>('SELECT status, version FROM claims WHERE id = $1', [id]);
    expect(claim).toEqual({ status: 'needs_review', version: 3 });
  });

  it('refuses a transition the machine does not allow and writes nothing', async () => {
    const newsroomId = await seed.newsroom();
    const { claims } = await seed.articleWithClaims(newsroomId, ['Unemployment fell to 4.1% last year.']);
    await expect(tx.run(async () => workflow.transition((await workflow.lock(claims[0].id))!, 'in_review'))).rejects.toBeInstanceOf(
      InvalidTransitionError,
    );
    const rows = await seed.query<{ count: number }>('SELECT count(*)::int AS count FROM claim_events WHERE claim_id = $1', [claims[0].id]);
    expect(rows[0].count).toBe(1);
  });

  it('refuses a transition outside a transaction (a use case owns its transaction)', async () => {
    const newsroomId = await seed.newsroom();
    const { claims } = await seed.articleWithClaims(newsroomId, ['The bridge cost 3 million euros.']);
    await expect(workflow.transition(claims[0], 'verifying')).rejects.toThrow(/inside a transaction/);
  });

  it('deletes the history of claims deleted with their article (the trigger that keeps the old cascade)', async () => {
    const newsroomId = await seed.newsroom();
    const { articleId, claims } = await seed.articleWithClaims(newsroomId, [
      'Exports grew by 12% in 2023.',
      'The dam holds 40 million m3.',
    ]);
    const kept = await seed.articleWithClaims(newsroomId, ['The port handled 9 million containers.']);
    await seed.query('DELETE FROM articles WHERE id = $1', [articleId]);
    const count = (ids: string[]) =>
      seed.query<{ count: number }>('SELECT count(*)::int AS count FROM claim_events WHERE claim_id = ANY($1::uuid[])', [ids]);
    expect((await count(claims.map((claim) => claim.id)))[0].count).toBe(0);
    expect((await count(kept.claims.map((claim) => claim.id)))[0].count).toBe(1);
  });
});
