import { Test, type TestingModule } from '@nestjs/testing';
import { CoreModule } from '../../src/app/core.module';
import { AuthModule } from '../../src/auth/auth.module';
import type { ClaimRow } from '../../src/workflow/claim.entity';
import { EVIDENCE_PROVIDERS, type EvidenceFinding, type EvidenceProvider } from '../../src/verification/evidence-provider';
import { VerificationWorkerModule } from '../../src/verification/verification.module';
import { VerificationService } from '../../src/verification/verification.service';
import { Seeder } from './services';

/** A paid provider that counts the claims it is asked about (each call costs money). */
class CountingProvider implements EvidenceProvider {
  readonly name = 'counting';
  readonly paid = true;
  readonly asked: string[] = [];
  /** Runs while the provider is being asked (a test's way to change the world mid-verification). */
  during: (() => Promise<void>) | null = null;

  async search(claim: ClaimRow): Promise<EvidenceFinding[]> {
    this.asked.push(claim.text);
    const hook = this.during;
    this.during = null;
    if (hook) await hook();
    return [
      {
        url: `https://evidence.example/${claim.id}`,
        title: 'Counted',
        excerpt: null,
        stance: 'context',
        score: 0.5,
        suggestion: {
          factCheckId: null,
          claimText: claim.text,
          rating: 'unrated',
          stance: 'context',
          url: null,
          publisher: null,
          score: 0.5,
        },
      },
    ];
  }
}

describe('verification asks no evidence provider about a claim its cluster already covers', () => {
  let module: TestingModule;
  let seed: Seeder;
  let verification: VerificationService;
  const provider = new CountingProvider();

  beforeAll(async () => {
    module = await Test.createTestingModule({ imports: [CoreModule, AuthModule, VerificationWorkerModule] })
      .overrideProvider(EVIDENCE_PROVIDERS)
      .useValue([provider])
      .compile();
    await module.init();
    seed = new Seeder(module);
    verification = module.get(VerificationService);
  });
  afterAll(() => module.close());

  const statusOf = async (id: string) => (await seed.query<{ status: string }>('SELECT status FROM claims WHERE id = $1', [id]))[0].status;
  const activeTasks = (clusterId: string) =>
    seed.query<{ id: string; claim_id: string }>(
      `SELECT id, claim_id FROM review_tasks WHERE cluster_id = $1 AND status IN ('open', 'claimed')`,
      [clusterId],
    );
  const clusterOf = async (id: string) =>
    (await seed.query<{ cluster_id: string }>('SELECT cluster_id FROM claims WHERE id = $1', [id]))[0].cluster_id;
  const automatedEvidence = async (id: string) =>
    (await seed.query<{ n: number }>(`SELECT count(*)::int AS n FROM evidence WHERE claim_id = $1 AND source = 'counting'`, [id]))[0].n;

  it('attaches copies to the open task and lets copies inherit a decision without a provider call, idempotently', async () => {
    const text = 'Wind farms in Denmark produced 47% of its electricity in 2019.';
    const first = (await seed.articleWithClaims(await seed.newsroom('Desk A'), [text])).claims[0];
    await verification.verifyClaims([first.id]);
    expect(provider.asked).toEqual([text]);
    const clusterId = await clusterOf(first.id);
    expect(await activeTasks(clusterId)).toHaveLength(1);

    // Another newsroom's copy attaches to the task: the provider is not asked again.
    const copy = (await seed.articleWithClaims(await seed.newsroom('Desk B'), [text])).claims[0];
    await expect(verification.verifyClaims([copy.id])).resolves.toBe('verified');
    expect(await clusterOf(copy.id)).toBe(clusterId);
    expect(await statusOf(copy.id)).toBe('needs_review');
    expect(await automatedEvidence(copy.id)).toBe(0);
    expect(provider.asked).toHaveLength(1);
    // Replayed (at-least-once delivery), and a copy left in `verifying` by a crash: still no call, still one task.
    await expect(verification.verifyClaims([copy.id])).resolves.toBe('skipped');
    const crashed = (await seed.articleWithClaims(await seed.newsroom('Desk C'), [text])).claims[0];
    await seed.query(`UPDATE claims SET status = 'verifying', cluster_id = $2 WHERE id = $1`, [crashed.id, clusterId]);
    await verification.verifyClaims([crashed.id]);
    expect(await statusOf(crashed.id)).toBe('needs_review');
    expect(provider.asked).toHaveLength(1);
    expect(await activeTasks(clusterId)).toHaveLength(1);

    // The cluster is decided: a later copy inherits the verdict, still without a call.
    const reviewer = await seed.reviewer();
    await seed.query(`UPDATE review_tasks SET status = 'done' WHERE cluster_id = $1`, [clusterId]);
    await seed.query(
      `UPDATE claim_clusters SET status = 'verified', verdict_rating = 'true', verdict_summary = 'Per the grid operator.',
              verdict_reviewer_id = $2, decided_at = now() WHERE id = $1`,
      [clusterId, reviewer],
    );
    const late = (await seed.articleWithClaims(await seed.newsroom('Desk D'), [text])).claims[0];
    await verification.verifyClaims([late.id]);
    expect(await statusOf(late.id)).toBe('verified');
    expect(provider.asked).toHaveLength(1);
  });

  it("asks the providers after all when the cluster's task went away while the batch was being verified", async () => {
    const text = 'Solar panels covered 12% of roofs in Bavaria in 2022.';
    const opener = (await seed.articleWithClaims(await seed.newsroom('Desk E'), [text])).claims[0];
    await verification.verifyClaims([opener.id]);
    const clusterId = await clusterOf(opener.id);
    const before = provider.asked.length;

    // One batch: a copy of the covered claim and a new claim; while the new one is being asked about, the task is cancelled.
    const { claims } = await seed.articleWithClaims(await seed.newsroom('Desk F'), [
      text,
      'Heat pumps sold 300,000 units in Poland in 2023.',
    ]);
    provider.during = () =>
      seed.query(`UPDATE review_tasks SET status = 'cancelled' WHERE cluster_id = $1`, [clusterId]).then(() => undefined);
    await verification.verifyClaims(claims.map((claim) => claim.id));
    expect(provider.asked.slice(before)).toEqual(['Heat pumps sold 300,000 units in Poland in 2023.', text]);
    expect(await statusOf(claims[0].id)).toBe('needs_review');
    expect(await activeTasks(clusterId)).toEqual([expect.objectContaining({ claim_id: claims[0].id })]);
    expect(await automatedEvidence(claims[0].id)).toBe(1);
  });
});
