import { randomUUID } from 'node:crypto';
import { type Client } from 'pg';
import { ClusterAssignment } from '../../src/workflow/cluster-assignment.service';
import { TransactionHost } from '../../src/database/transaction-host';
import { VerificationService } from '../../src/verification/verification.service';
import { connectDb } from '../support/review-fixtures';
import { bearer, createNewsroom, createReviewer, waitFor, withStack } from '../support/stack';
import { PRIVATE_NETWORKS_ALLOWED, registerEndpoint, WebhookReceiver } from '../support/webhook-receiver';

interface ClaimDto {
  id: string;
  articleId: string;
  status: string;
  text: string;
  clusterId: string | null;
  verdict: { rating: string; summary: string } | null;
  events?: Array<{ from: string | null; to: string; version: number; reason: string | null }>;
}

type Desk = { id: string; apiKey: string };

const CLAIM = 'The unemployment rate in Ohio doubled to 8.4% between 2021 and 2023, official figures show.';
const FILLER = 'I love this city.';

describe('claim clusters: verify once, tell every newsroom', () => {
  const stack = withStack({ env: PRIVATE_NETWORKS_ALLOWED });
  let db: Client;
  let reviewer: Desk;
  const receivers: WebhookReceiver[] = [];

  beforeAll(async () => {
    db = await connectDb();
    reviewer = await createReviewer(stack, 'Cluster Reviewer');
  });
  afterAll(async () => {
    await db.end();
    for (const receiver of receivers) await receiver.close();
  });

  async function deskWithWebhook(name: string): Promise<Desk & { receiver: WebhookReceiver }> {
    const desk = await createNewsroom(stack, name);
    const receiver = await WebhookReceiver.start();
    receivers.push(receiver);
    await registerEndpoint(stack, desk.apiKey, { url: receiver.url });
    return { ...desk, receiver };
  }

  /** Submits an article and waits until its check-worthy claim (the one containing `needle`) has left verification. */
  async function submit(desk: Desk, text: string, needle: string, settled = ['needs_review', 'in_review', 'verified', 'dismissed']) {
    const response = await stack.http.post('/v1/articles').set(bearer(desk.apiKey)).send({ title: 'Jobs', text }).expect(202);
    return waitFor(async () => {
      const article = (await stack.http.get(`/v1/articles/${response.body.id}`).set(bearer(desk.apiKey)).expect(200)).body;
      const claim = article.claims.find((item: ClaimDto) => item.text.includes(needle));
      return claim && settled.includes(claim.status) ? (claim as ClaimDto) : null;
    });
  }

  const claimOf = async (key: string, id: string): Promise<ClaimDto> =>
    (await stack.http.get(`/v1/claims/${id}`).set(bearer(key)).expect(200)).body;

  async function openTasksOf(clusterId: string) {
    const { rows } = await db.query<{ id: string; status: string; claim_id: string }>(
      `SELECT id, status, claim_id FROM review_tasks WHERE cluster_id = $1 AND status IN ('open', 'claimed')`,
      [clusterId],
    );
    return rows;
  }

  it('shares one cluster and one task across newsrooms, fans the verdict out to each newsroom alone, and a later copy inherits it', async () => {
    const wire = await deskWithWebhook('Wire Desk');
    const metro = await deskWithWebhook('Metro Desk');
    const a = await submit(wire, `${CLAIM} ${FILLER}`, 'unemployment');
    // Another newsroom's copy, differing only in case, spacing, punctuation and quotes.
    const b = await submit(
      metro,
      `“the unemployment rate in OHIO doubled to 8.4 %  between 2021 and 2023,” official figures show! ${FILLER}`,
      'unemployment',
    );
    expect(a.clusterId).toBeTruthy();
    expect(b.clusterId).toBe(a.clusterId);
    const clusterId = a.clusterId!;
    expect(await openTasksOf(clusterId)).toHaveLength(1);

    // The one task shows the whole cluster with every member's article.
    const listed = (await stack.http.get('/v1/review-tasks?status=open').set(bearer(reviewer.apiKey)).expect(200)).body.items;
    const tasks = listed.filter((task: { cluster: { id: string } | null }) => task.cluster?.id === clusterId);
    expect(tasks).toHaveLength(1);
    expect(tasks[0].cluster.size).toBe(2);
    expect(tasks[0].cluster.claims.map((member: { id: string }) => member.id).sort()).toEqual([a.id, b.id].sort());
    expect(tasks[0].cluster.claims.every((member: { article: { id: string } }) => member.article.id)).toBe(true);

    // Leasing the task puts every member in review; the verdict verifies both in one transaction.
    const leased = await stack.http.post(`/v1/review-tasks/${tasks[0].id}/claim`).set(bearer(reviewer.apiKey)).expect(200);
    expect(leased.body.cluster.claims.map((member: { status: string }) => member.status)).toEqual(['in_review', 'in_review']);
    await stack.http
      .post(`/v1/review-tasks/${tasks[0].id}/verdict`)
      .set(bearer(reviewer.apiKey))
      .send({
        rating: 'false',
        summary: 'It rose to 5.1%, it did not double.',
        evidence: [{ url: 'https://stats.example/ohio', stance: 'refutes' }],
      })
      .expect(200);
    const [afterA, afterB] = [await claimOf(wire.apiKey, a.id), await claimOf(metro.apiKey, b.id)];
    for (const claim of [afterA, afterB]) {
      expect(claim.status).toBe('verified');
      expect(claim.verdict).toMatchObject({ rating: 'false', summary: 'It rose to 5.1%, it did not double.' });
    }
    const ownReason = afterA.id === tasks[0].claimId ? afterA : afterB;
    const spreadTo = ownReason === afterA ? afterB : afterA;
    expect(ownReason.events!.at(-1)).toMatchObject({ from: 'in_review', to: 'verified', reason: 'verdict' });
    expect(spreadTo.events!.at(-1)).toMatchObject({ from: 'in_review', to: 'verified' });
    expect(spreadTo.events!.at(-1)!.reason).toContain(`cluster verdict false on cluster ${clusterId}`);

    // Each newsroom's webhook receives its own claim's events, and only those.
    for (const [desk, claim] of [
      [wire, afterA],
      [metro, afterB],
    ] as const) {
      const events = await waitFor(async () => {
        const received = desk.receiver.events<{
          type: string;
          data: { claimId?: string; articleId: string; to?: string; version?: number };
        }>();
        const verified = received.find((event) => event.type === 'claim.verified');
        const completed = received.find((event) => event.type === 'article.completed');
        const lastStatus = received.find((event) => event.type === 'claim.status_changed' && event.data.to === 'verified');
        return verified && completed && lastStatus ? received : null;
      });
      // Only its own article's claims (the cluster claim and its own not check-worthy sentence), never the other copy.
      const foreign = events.filter((event) => event.data.articleId !== claim.articleId);
      expect(foreign).toEqual([]);
      expect(
        events
          .filter((event) => event.type === 'claim.status_changed' && event.data.claimId === claim.id)
          .map((event) => event.data.version)
          .sort(),
      ).toEqual(claim.events!.map((event) => event.version));
      expect(events.find((event) => event.type === 'claim.verified')!.data).toMatchObject({
        claimId: claim.id,
        verdict: { rating: 'false' },
        evidence: [expect.objectContaining({ url: 'https://stats.example/ohio', source: 'reviewer' })],
      });
    }

    // A third newsroom's copy arrives after the verdict: verified at once, no new task.
    const late = await deskWithWebhook('Late Desk');
    const c = await submit(
      late,
      `${FILLER} The unemployment rate in Ohio doubled to 8.4% between 2021 and 2023, official figures show`,
      'unemployment',
    );
    expect(c.clusterId).toBe(clusterId);
    const inherited = await claimOf(late.apiKey, c.id);
    expect(inherited.status).toBe('verified');
    expect(inherited.verdict).toMatchObject({ rating: 'false' });
    expect(inherited.events!.map((event) => event.to)).toEqual(['pending', 'verified']);
    expect(inherited.events!.at(-1)!.reason).toContain(`inherited from cluster ${clusterId}`);
    expect(await openTasksOf(clusterId)).toHaveLength(0);
    await waitFor(async () => late.receiver.events().some((event) => event.type === 'claim.verified'));

    // Reads: reviewers see every member; a newsroom only its own (size counts all); a newsroom with none gets 404.
    const full = (await stack.http.get(`/v1/clusters/${clusterId}`).set(bearer(reviewer.apiKey)).expect(200)).body;
    expect(full).toMatchObject({ id: clusterId, size: 3, status: 'verified', verdict: { rating: 'false' } });
    expect(full.claims.map((member: { id: string }) => member.id).sort()).toEqual([a.id, b.id, c.id].sort());
    const own = (await stack.http.get(`/v1/clusters/${clusterId}`).set(bearer(metro.apiKey)).expect(200)).body;
    expect(own.size).toBe(3);
    expect(own.claims.map((member: { id: string }) => member.id)).toEqual([b.id]);
    const stranger = await createNewsroom(stack, 'Stranger Desk');
    const hidden = await stack.http.get(`/v1/clusters/${clusterId}`).set(bearer(stranger.apiKey)).expect(404);
    expect(JSON.stringify(hidden.body)).not.toContain(a.id);
    await stack.http.get(`/v1/clusters/${randomUUID()}`).set(bearer(reviewer.apiKey)).expect(404);
    await stack.http.get('/v1/clusters/not-a-uuid').set(bearer(reviewer.apiKey)).expect(400);

    // Detach: newsrooms may not (403); a reviewer's detach withdraws the inherited verdict and re-opens review.
    await stack.http.post(`/v1/claims/${c.id}/detach`).set(bearer(late.apiKey)).expect(403);
    const detached = (await stack.http.post(`/v1/claims/${c.id}/detach`).set(bearer(reviewer.apiKey)).expect(200)).body;
    expect(detached.status).toBe('needs_review');
    expect(detached.verdict).toBeNull();
    expect(detached.clusterId).not.toBe(clusterId);
    expect(detached.events.at(-1)).toMatchObject({ from: 'verified', to: 'needs_review', actorId: reviewer.id });
    expect(detached.events.at(-1).reason).toContain(`detached from cluster ${clusterId}`);
    const ownTasks = await openTasksOf(detached.clusterId);
    expect(ownTasks).toEqual([expect.objectContaining({ status: 'open', claim_id: c.id })]);
    expect((await stack.http.get(`/v1/clusters/${clusterId}`).set(bearer(reviewer.apiKey)).expect(200)).body.size).toBe(2);
    // The others keep the verdict; a directly decided claim keeps its own when detached.
    const direct = await stack.http.post(`/v1/claims/${ownReason.id}/detach`).set(bearer(reviewer.apiKey)).expect(200);
    expect(direct.body).toMatchObject({ status: 'verified', verdict: { rating: 'false' } });
    expect(await openTasksOf(direct.body.clusterId)).toHaveLength(0);
    expect(direct.body.evidence).toEqual([expect.objectContaining({ url: 'https://stats.example/ohio', source: 'reviewer' })]);
    // The member the verdict spread to carries a copy of the reviewer's evidence; its detach withdraws both.
    const spreadKey = spreadTo.id === a.id ? wire.apiKey : metro.apiKey;
    expect((await claimOf(spreadKey, spreadTo.id)) as unknown as { evidence: { url: string }[] }).toMatchObject({
      evidence: [expect.objectContaining({ url: 'https://stats.example/ohio' })],
    });
    const withdrawn = (await stack.http.post(`/v1/claims/${spreadTo.id}/detach`).set(bearer(reviewer.apiKey)).expect(200)).body;
    expect(withdrawn).toMatchObject({ status: 'needs_review', verdict: null, evidence: [] });
    expect(withdrawn.events.at(-1).reason).toContain('1 evidence item(s) copied from the cluster removed');
    // The reviewer's own evidence stays on the claim the verdict was given to.
    expect(
      (await claimOf(spreadTo.id === a.id ? metro.apiKey : wire.apiKey, ownReason.id)) as unknown as { evidence: unknown[] },
    ).toMatchObject({
      evidence: [expect.objectContaining({ url: 'https://stats.example/ohio' })],
    });
    const library = await db.query(`SELECT source_claim_id FROM fact_checks WHERE source_claim_id = ANY($1::uuid[])`, [[a.id, b.id, c.id]]);
    expect(library.rows.map((row) => row.source_claim_id)).toEqual([ownReason.id]);
  });

  it('sends a cluster whose verdict is older than CLUSTER_VERDICT_MAX_AGE_DAYS back to review', async () => {
    const desk = await deskWithWebhook('Old News Desk');
    const text = 'Crime in Springfield fell by 31% in 2019, the police department said.';
    const first = await submit(desk, text, 'Springfield');
    const [task] = await openTasksOf(first.clusterId!);
    await stack.http.post(`/v1/review-tasks/${task.id}/claim`).set(bearer(reviewer.apiKey)).expect(200);
    await stack.http
      .post(`/v1/review-tasks/${task.id}/verdict`)
      .set(bearer(reviewer.apiKey))
      .send({ rating: 'true', summary: 'Per the report.' })
      .expect(200);
    await db.query(`UPDATE claim_clusters SET decided_at = now() - interval '31 days' WHERE id = $1`, [first.clusterId]);

    const later = await submit(desk, `${text} ${FILLER}`, 'Springfield');
    expect(later.clusterId).toBe(first.clusterId);
    expect(later.status).toBe('needs_review');
    expect(await openTasksOf(first.clusterId!)).toEqual([expect.objectContaining({ claim_id: later.id, status: 'open' })]);
    expect((await claimOf(desk.apiKey, first.id)).status).toBe('verified');
  });

  it('puts racing copies in one cluster: two transactions add the same new text at once', async () => {
    const assignment = stack.api.get(ClusterAssignment);
    const tx = stack.api.get(TransactionHost);
    const text = `Racing claim ${randomUUID()}: the river rose 3 metres in 2 hours.`;
    let releaseFirst!: () => void;
    const firstHolds = new Promise<void>((resolve) => (releaseFirst = resolve));
    let firstAssigned!: () => void;
    const assignedOnce = new Promise<void>((resolve) => (firstAssigned = resolve));
    const first = tx.run(async () => {
      const [id] = await assignment.assign([{ text, language: 'en' }]);
      firstAssigned();
      await firstHolds; // still uncommitted while the second one tries
      return id;
    });
    await assignedOnce;
    const second = tx.run(async () => (await assignment.assign([{ text: text.toUpperCase(), language: 'en' }]))[0]);
    // The second waits on the first's uncommitted key (not merely "100 ms later", which a loaded box may not reach).
    await waitFor(
      async () => {
        const { rows } = await db.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
        );
        return rows[0].n > 0;
      },
      20000,
      10,
    );
    releaseFirst();
    const [one, two] = await Promise.all([first, second]);
    expect(two).toBe(one);
    const keys = await db.query(`SELECT count(*)::int AS n FROM claim_clusters WHERE id = $1`, [one]);
    expect(keys.rows[0].n).toBe(1);
  });

  it('puts copies extracted at the same moment by the worker in one cluster with one task, and a replayed job adds nothing', async () => {
    const desks = await Promise.all([1, 2, 3, 4].map((n) => createNewsroom(stack, `Race Desk ${n}`)));
    const text = 'Wildfires burned 12,000 hectares in Portugal in August, the civil protection agency said.';
    const claims = await Promise.all(desks.map((desk) => submit(desk, `${text} ${FILLER}`, 'Wildfires')));
    expect(new Set(claims.map((claim) => claim.clusterId)).size).toBe(1);
    const clusterId = claims[0].clusterId!;
    expect(await openTasksOf(clusterId)).toHaveLength(1);
    expect(claims.every((claim) => claim.status === 'needs_review')).toBe(true);

    // A replayed verification job (at-least-once delivery) neither adds a member twice nor opens a second task.
    await stack.worker!.get(VerificationService).verifyClaims(claims.map((claim) => claim.id));
    expect(await openTasksOf(clusterId)).toHaveLength(1);
    const cluster = (await stack.http.get(`/v1/clusters/${clusterId}`).set(bearer(reviewer.apiKey)).expect(200)).body;
    expect(cluster.size).toBe(4);
  });

  it('joins a near-duplicate copy but never one with a different number', async () => {
    const desk = await createNewsroom(stack, 'Near Desk');
    const base = await submit(
      desk,
      'The minister said fuel prices in Kenya rose by 18% since January, according to the regulator.',
      'Kenya',
    );
    const near = await submit(
      desk,
      'The minister said that fuel prices in Kenya rose by 18% since January, according to the regulator.',
      'Kenya',
    );
    const other = await submit(
      desk,
      'The minister said fuel prices in Kenya rose by 28% since January, according to the regulator.',
      'Kenya',
    );
    expect(near.clusterId).toBe(base.clusterId);
    expect(other.clusterId).not.toBe(base.clusterId);
  });

  it('merges two clusters into one with at most one task; only reviewers may', async () => {
    const desk = await createNewsroom(stack, 'Merge Desk');
    const one = await submit(desk, 'Tuition at state universities in Chile rose 40% over the decade.', 'Chile');
    const two = await submit(desk, 'Over the decade, tuition fees at Chilean state universities went up by 40 percent.', 'Chilean');
    expect(two.clusterId).not.toBe(one.clusterId);
    await stack.http.post(`/v1/clusters/${one.clusterId}/merge`).set(bearer(desk.apiKey)).send({ clusterId: two.clusterId }).expect(403);
    await stack.http.post(`/v1/clusters/${one.clusterId}/merge`).set(bearer(reviewer.apiKey)).send({ clusterId: 'nope' }).expect(400);
    await stack.http
      .post(`/v1/clusters/${one.clusterId}/merge`)
      .set(bearer(reviewer.apiKey))
      .send({ clusterId: one.clusterId })
      .expect(400);
    await stack.http.post(`/v1/clusters/${one.clusterId}/merge`).set(bearer(reviewer.apiKey)).send({ clusterId: randomUUID() }).expect(404);
    const [heldTask] = await openTasksOf(two.clusterId!);
    await stack.http.post(`/v1/review-tasks/${heldTask.id}/claim`).set(bearer(reviewer.apiKey)).expect(200);

    const merged = (
      await stack.http
        .post(`/v1/clusters/${one.clusterId}/merge`)
        .set(bearer(reviewer.apiKey))
        .send({ clusterId: two.clusterId })
        .expect(200)
    ).body;
    expect(merged.size).toBe(2);
    // The held task is kept, the other cancelled; every member follows the kept task.
    expect(await openTasksOf(one.clusterId!)).toEqual([expect.objectContaining({ id: heldTask.id, status: 'claimed' })]);
    expect(merged.claims.map((member: { status: string }) => member.status)).toEqual(['in_review', 'in_review']);
    await stack.http
      .post(`/v1/review-tasks/${heldTask.id}/dismiss`)
      .set(bearer(reviewer.apiKey))
      .send({ reason: 'Opinion piece' })
      .expect(200);
    for (const claim of [one, two]) expect((await claimOf(desk.apiKey, claim.id)).status).toBe('dismissed');
    expect((await stack.http.get(`/v1/clusters/${two.clusterId}`).set(bearer(reviewer.apiKey)).expect(200)).body).toMatchObject({
      size: 0,
      mergedIntoId: one.clusterId,
    });
  });
});
