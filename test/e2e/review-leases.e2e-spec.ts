import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { type Client } from 'pg';
import { ADMIN_KEY, bearer, createNewsroom, createReviewer, sleep, waitFor, withStack } from '../support/stack';
import { connectDb, seedOpenTasks } from '../support/review-fixtures';

/**
 * Leases last a minute: long enough that none lapses in the middle of a test's requests on a loaded
 * box (a 1 s lease did, between two heartbeats). A test that needs a lapse moves the lease into the
 * past in the database (what waiting for it would do) instead of sleeping until it runs out.
 */
const LEASE_SECONDS = 60;

describe('review tasks: leases, fencing and holder-only writes', () => {
  const stack = withStack({ env: { REVIEW_LEASE_SECONDS: String(LEASE_SECONDS), LEASE_SWEEP_MS: '1000' } });
  let db: Client;
  let newsroom: { id: string; apiKey: string };
  let alice: { id: string; apiKey: string };
  let bob: { id: string; apiKey: string };

  beforeAll(async () => {
    db = await connectDb();
    newsroom = await createNewsroom(stack, 'Lease Desk');
    alice = await createReviewer(stack, 'Alice');
    bob = await createReviewer(stack, 'Bob');
  });
  afterAll(async () => {
    await db.end();
  });

  const as = (reviewer: { apiKey: string }) => ({
    post: (path: string, body?: object) => stack.http.post(`/v1/review-tasks${path}`).set(bearer(reviewer.apiKey)).send(body),
    get: (path: string) => stack.http.get(`/v1/review-tasks${path}`).set(bearer(reviewer.apiKey)),
  });
  const claimOf = (claimId: string) =>
    stack.http
      .get(`/v1/claims/${claimId}`)
      .set(bearer(newsroom.apiKey))
      .expect(200)
      .then((r) => r.body);
  /** Time passes: the task's lease has run out (no read or sweep has seen it yet). */
  const expireLease = (taskId: string) =>
    db.query(`UPDATE review_tasks SET lease_expires_at = clock_timestamp() - interval '1 millisecond' WHERE id = $1`, [taskId]);
  const seedOne = async (text = `Claim ${randomUUID()} says crime fell by 20 percent.`) => {
    const { taskIds, claimIds } = await seedOpenTasks(db, newsroom.id, [{ text }]);
    return { taskId: taskIds[0], claimId: claimIds[0] };
  };

  it('claims a task: lease, token for the holder only, claim in_review with its history', async () => {
    const { taskId, claimId } = await seedOne();
    const claimed = await as(alice).post(`/${taskId}/claim`).expect(200);
    expect(claimed.body).toMatchObject({
      id: taskId,
      claimId,
      status: 'claimed',
      assigneeId: alice.id,
      leaseToken: expect.any(String),
      claim: { id: claimId, status: 'in_review' },
      article: { id: expect.any(String), title: expect.any(String), url: expect.any(String) },
      suggestions: [],
    });
    expect(Date.parse(claimed.body.leaseExpiresAt) - Date.now()).toBeLessThanOrEqual(LEASE_SECONDS * 1000);
    const seenByBob = await as(bob).get(`/${taskId}`).expect(200);
    expect(seenByBob.body.leaseToken).toBeUndefined();
    await as(bob).post(`/${taskId}/claim`).expect(409);
    await as(alice).post(`/${taskId}/claim`).expect(200);
    await as(alice).post(`/${taskId}/release`).expect(200);
  });

  it('extends a lease by heartbeat, and only for the holder', async () => {
    const { taskId } = await seedOne();
    const first = await as(alice).post(`/${taskId}/claim`).expect(200);
    for (let i = 0; i < 3; i += 1) {
      await sleep(20); // a later "now", so the extended lease ends later than the first
      const beat = await as(alice).post(`/${taskId}/heartbeat`).expect(200);
      expect(Date.parse(beat.body.leaseExpiresAt)).toBeGreaterThan(Date.parse(first.body.leaseExpiresAt));
      expect(beat.body.status).toBe('claimed');
    }
    await as(bob).post(`/${taskId}/heartbeat`).expect(409);
    await as(bob).post(`/${taskId}/release`).expect(409);
    await as(bob).post(`/${taskId}/evidence`, { url: 'https://e.example', stance: 'context' }).expect(409);
    await as(bob).post(`/${taskId}/verdict`, { rating: 'false', summary: 'no' }).expect(409);
    await as(bob).post(`/${taskId}/dismiss`, { reason: 'opinion' }).expect(409);
    // A stale token (If-Match) is refused even for the assignee.
    await as(alice).post(`/${taskId}/heartbeat`).set('If-Match', `"${randomUUID()}"`).expect(409);
    await as(alice).post(`/${taskId}/heartbeat`).set('If-Match', 'not-a-token').expect(400);
    await as(alice).post(`/${taskId}/heartbeat`).set('If-Match', `"${first.body.leaseToken}"`).expect(200);
    await as(alice).post(`/${taskId}/release`).expect(200);
  });

  it('releases: task open again, claim back in needs_review; release again -> 409', async () => {
    const { taskId, claimId } = await seedOne();
    await as(alice).post(`/${taskId}/claim`).expect(200);
    const released = await as(alice).post(`/${taskId}/release`).expect(200);
    expect(released.body).toMatchObject({ status: 'open', assigneeId: null, leaseExpiresAt: null, claim: { status: 'needs_review' } });
    await as(alice).post(`/${taskId}/release`).expect(409);
    const claim = await claimOf(claimId);
    expect(claim.events.slice(-2).map((event: { to: string; reason: string }) => [event.to, event.reason])).toEqual([
      ['in_review', 'claimed'],
      ['needs_review', 'released'],
    ]);
  });

  it("lapses an unrenewed lease through the workflow, by the worker's sweep", async () => {
    const { taskId, claimId } = await seedOne();
    await as(alice).post(`/${taskId}/claim`).expect(200);
    await expireLease(taskId);
    // The sweep lapses it with no read to help: watched in the database, not through the API (whose reads lapse too).
    await waitFor(async () => {
      const { rows } = await db.query(`SELECT status FROM review_tasks WHERE id = $1`, [taskId]);
      return rows[0]?.status === 'open';
    });
    // Every read shows the lapse: the task list, the task, and the claim.
    const [task, claim, list] = await Promise.all([
      as(bob).get(`/${taskId}`).expect(200),
      claimOf(claimId),
      as(bob).get('/?status=open&limit=200').expect(200),
    ]);
    expect(task.body).toMatchObject({ status: 'open', assigneeId: null, leaseExpiresAt: null });
    expect(claim.status).toBe('needs_review');
    expect(claim.events.at(-1)).toMatchObject({ from: 'in_review', to: 'needs_review', reason: 'lease expired' });
    expect(list.body.items.map((item: { id: string }) => item.id)).toContain(taskId);
    // The expired holder can no longer write.
    await as(alice).post(`/${taskId}/heartbeat`).expect(409);
    await as(alice).post(`/${taskId}/verdict`, { rating: 'true', summary: 'late' }).expect(409);
  });

  it('shows the lapse to the API even without the worker sweep (read-time check)', async () => {
    const { taskId, claimId } = await seedOne();
    const claimed = await as(alice).post(`/${taskId}/claim`).expect(200);
    // Push the lease into the past directly, then read before any sweep could run.
    await expireLease(taskId);
    const task = await as(bob).get(`/${taskId}`).expect(200);
    expect(task.body.status).toBe('open');
    expect((await claimOf(claimId)).status).toBe('needs_review');
    expect(claimed.body.leaseToken).toBeDefined();
  });

  it('a read while the sweep is lapsing the same lease waits for it and shows the lapse', async () => {
    const { taskId, claimId } = await seedOne();
    await as(alice).post(`/${taskId}/claim`).expect(200);
    await expireLease(taskId);
    // What the sweep's transaction does while it lapses the task: hold its row.
    const sweep = await connectDb();
    try {
      await sweep.query('BEGIN');
      await sweep.query(`SELECT id FROM review_tasks WHERE id = $1 FOR UPDATE`, [taskId]);
      let answered = false;
      const read = as(bob)
        .get(`/${taskId}`)
        .then((response) => {
          answered = true;
          return response;
        });
      await waitFor(async () => {
        if (answered) return true; // read without waiting: asserted below
        const { rows } = await db.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
        );
        return rows[0].n > 0;
      });
      await sweep.query('COMMIT');
      const task = await read;
      expect(task.body.status).toBe('open');
      expect((await claimOf(claimId)).status).toBe('needs_review');
    } finally {
      await sweep.end();
    }
  });

  it('takeover race: A lapses, B claims, A writes nothing (409)', async () => {
    const { taskId, claimId } = await seedOne();
    await as(alice).post(`/${taskId}/claim`).expect(200);
    await expireLease(taskId);
    // B's claim and A's late writes race.
    const [b, verdictA, evidenceA, dismissA] = await Promise.all([
      as(bob).post(`/${taskId}/claim`),
      as(alice).post(`/${taskId}/verdict`, {
        rating: 'false',
        summary: 'A was too late',
        evidence: [{ url: 'https://a.example/late', stance: 'refutes' }],
      }),
      as(alice).post(`/${taskId}/evidence`, { url: 'https://a.example/late-evidence', stance: 'refutes' }),
      as(alice).post(`/${taskId}/dismiss`, { reason: 'A was too late' }),
    ]);
    expect(b.status).toBe(200);
    expect(b.body).toMatchObject({ status: 'claimed', assigneeId: bob.id });
    expect([verdictA.status, evidenceA.status, dismissA.status]).toEqual([409, 409, 409]);
    const claim = await claimOf(claimId);
    expect(claim.status).toBe('in_review');
    expect(claim.verdict).toBeNull();
    expect(claim.evidence).toEqual([]);
    // A claims again? B holds a live lease.
    await as(alice).post(`/${taskId}/claim`).expect(409);
    // B's verdict with B's token goes through; a second verdict is 409.
    const done = await as(bob)
      .post(`/${taskId}/verdict`, {
        rating: 'mostly_false',
        summary: 'It fell 2%.',
        evidence: [{ url: 'https://stats.example/crime', title: 'Crime statistics', stance: 'refutes', source: 'ignored' }],
      })
      .set('If-Match', b.body.leaseToken)
      .expect(200);
    expect(done.body).toMatchObject({
      status: 'done',
      assigneeId: bob.id,
      claim: { status: 'verified', verdict: { rating: 'mostly_false', summary: 'It fell 2%.', reviewerId: bob.id } },
    });
    expect(done.body.claim.evidence).toEqual([
      expect.objectContaining({ url: 'https://stats.example/crime', stance: 'refutes', source: 'reviewer' }),
    ]);
    await as(bob).post(`/${taskId}/verdict`, { rating: 'true', summary: 'again' }).expect(409);
    await as(bob).post(`/${taskId}/dismiss`, { reason: 'again' }).expect(409);
    await as(alice).post(`/${taskId}/claim`).expect(409);
    const final = await claimOf(claimId);
    expect(final.verdict.rating).toBe('mostly_false');
    expect(final.events.map((event: { to: string }) => event.to)).toEqual([
      'pending',
      'verifying',
      'needs_review',
      'in_review',
      'needs_review',
      'in_review',
      'verified',
    ]);
  });

  it('dismisses with a reason kept in the history', async () => {
    const { taskId, claimId } = await seedOne();
    await as(alice).post(`/${taskId}/claim`).expect(200);
    const dismissed = await as(alice).post(`/${taskId}/dismiss`, { reason: 'An opinion, not a checkable claim' }).expect(200);
    expect(dismissed.body).toMatchObject({ status: 'done', claim: { status: 'dismissed' } });
    expect((await claimOf(claimId)).events.at(-1)).toMatchObject({
      to: 'dismissed',
      reason: 'An opinion, not a checkable claim',
      actorId: alice.id,
    });
  });

  it('adds reviewer evidence (201) while holding the lease', async () => {
    const { taskId, claimId } = await seedOne();
    await as(alice).post(`/${taskId}/claim`).expect(200);
    const evidence = await as(alice)
      .post(`/${taskId}/evidence`, { url: 'https://source.example/a', excerpt: 'Figures say otherwise', stance: 'refutes' })
      .expect(201);
    expect(evidence.body).toMatchObject({ id: expect.any(String), url: 'https://source.example/a', stance: 'refutes', source: 'reviewer' });
    expect((await claimOf(claimId)).evidence).toEqual([expect.objectContaining({ id: evidence.body.id })]);
    await as(alice).post(`/${taskId}/release`).expect(200);
  });

  it('refuses bad input with 4xx, never 500', async () => {
    const { taskId } = await seedOne();
    await as(alice).get('/not-a-uuid').expect(400);
    await as(alice).get(`/${randomUUID()}`).expect(404);
    for (const action of ['claim', 'heartbeat', 'release', 'dismiss', 'verdict', 'evidence']) {
      await as(alice).post(`/not-a-uuid/${action}`, {}).expect(400);
    }
    await as(alice).post(`/${randomUUID()}/claim`).expect(404);
    await as(alice).post(`/${randomUUID()}/heartbeat`).expect(404);
    await as(alice).get('/?limit=0').expect(400);
    await as(alice).get('/?limit=201').expect(400);
    await as(alice).get('/?status=bogus').expect(400);
    await as(alice).get('/?language=%%%').expect(400);
    await as(alice).get('/?cursor=forged.cursor').expect(400);
    await as(alice).post('/claim-next', { languages: 'en' }).expect(400);
    await as(alice)
      .post('/claim-next', { languages: ['not a tag'] })
      .expect(400);
    await as(alice).post('/claim-next', { extra: 1 }).expect(400);
    await stack.http
      .post('/v1/review-tasks/claim-next')
      .set(bearer(alice.apiKey))
      .set('content-type', 'application/json')
      .send('[1]')
      .expect(400);
    await stack.http.post('/v1/review-tasks/claim-next').set(bearer(newsroom.apiKey)).send({}).expect(403);
    await stack.http.get('/v1/review-tasks').set(bearer(ADMIN_KEY)).expect(403);
    await stack.http.get('/v1/review-tasks').expect(401);
    await as(alice).post(`/${taskId}/claim`).expect(200);
    await as(alice).post(`/${taskId}/evidence`, { stance: 'context' }).expect(400);
    await as(alice).post(`/${taskId}/evidence`, { url: 'https://x.example', stance: 'maybe' }).expect(400);
    await as(alice).post(`/${taskId}/dismiss`, {}).expect(400);
    await as(alice).post(`/${taskId}/dismiss`, { reason: '   ' }).expect(400);
    await as(alice).post(`/${taskId}/verdict`, { rating: 'sort of', summary: 'x' }).expect(400);
    await as(alice).post(`/${taskId}/verdict`, { rating: 'false' }).expect(400);
    await as(alice)
      .post(`/${taskId}/verdict`, { rating: 'false', summary: 'x', evidence: [{ url: 'https://x.example' }] })
      .expect(400);
    await as(alice).post(`/${taskId}/verdict`, { rating: 'false', summary: 'x', evidence: 'none' }).expect(400);
    await as(alice).post(`/${taskId}/release`).expect(200);
  });

  it('never answers 5xx to arbitrary verdict bodies (property)', async () => {
    const { taskId } = await seedOne();
    const evidence = fc.record(
      {
        url: fc.oneof(fc.webUrl(), fc.string()),
        title: fc.string(),
        excerpt: fc.string(),
        stance: fc.oneof(fc.constantFrom('supports', 'refutes', 'context'), fc.string()),
      },
      { requiredKeys: [] },
    );
    const body = fc.oneof(
      fc.record(
        {
          rating: fc.oneof(fc.constantFrom('true', 'false', 'mixed'), fc.string(), fc.integer()),
          summary: fc.oneof(fc.string(), fc.constant(null)),
          evidence: fc.oneof(fc.array(evidence, { maxLength: 3 }), fc.anything()),
        },
        { requiredKeys: [] },
      ),
      fc.anything(),
    );
    await fc.assert(
      fc.asyncProperty(body, async (value) => {
        await stack.http.post(`/v1/review-tasks/${taskId}/claim`).set(bearer(alice.apiKey));
        const response = await stack.http
          .post(`/v1/review-tasks/${taskId}/verdict`)
          .set(bearer(alice.apiKey))
          .set('content-type', 'application/json')
          .send(JSON.stringify(value) ?? 'null');
        expect(response.status).toBeLessThan(500);
        if (response.status === 200) return; // a valid verdict: the rest of the run must answer 409
        expect([400, 409]).toContain(response.status);
      }),
      { numRuns: 120 },
    );
  }, 180_000); // 240 requests: about 40 s on a loaded box

  it('claim-next hands out the highest priority task in the reviewer languages, 204 when none', async () => {
    await waitFor(async () => {
      const open = await as(alice).get('/?limit=200').expect(200);
      for (const item of open.body.items)
        await as(alice)
          .post(`/${item.id}/claim`)
          .then(() => as(alice).post(`/${item.id}/dismiss`, { reason: 'cleanup' }));
      return (await as(alice).get('/?limit=200').expect(200)).body.items.length === 0;
    });
    const linguist = await createReviewer(stack, 'Linguist', ['es']);
    await as(linguist).post('/claim-next').expect(204);
    const { taskIds } = await seedOpenTasks(db, newsroom.id, [
      { text: 'Low priority English', language: 'en', checkworthiness: 0.2 },
      { text: 'High priority English', language: 'en-GB', checkworthiness: 0.95 },
      { text: 'Spanish claim', language: 'es-MX', checkworthiness: 0.5 },
    ]);
    const listed = await as(alice).get('/?language=en').expect(200);
    expect(listed.body.items.map((item: { id: string }) => item.id)).toEqual([taskIds[1], taskIds[0]]);
    const page = await as(alice).get('/?limit=1').expect(200);
    const next = await as(alice)
      .get(`/?limit=1&cursor=${encodeURIComponent(page.body.nextCursor)}`)
      .expect(200);
    expect([page.body.items[0].id, next.body.items[0].id]).toEqual([taskIds[1], taskIds[2]]);
    expect((await as(linguist).post('/claim-next').expect(200)).body.id).toBe(taskIds[2]);
    await as(linguist).post('/claim-next').expect(204);
    expect(
      (
        await as(linguist)
          .post('/claim-next', { languages: ['en'] })
          .expect(200)
      ).body.id,
    ).toBe(taskIds[1]);
    expect((await as(alice).post('/claim-next', {}).expect(200)).body.id).toBe(taskIds[0]);
    await as(bob).post('/claim-next', { languages: [] }).expect(204);
  });
});
