import { type Client } from 'pg';
import { bearer, createNewsroom, createReviewer, withStack } from '../support/stack';
import { connectDb, seedOpenTasks } from '../support/review-fixtures';

const TASKS = 300;
const REVIEWERS = 50;

describe('review tasks: claim-next under contention', () => {
  const stack = withStack({ worker: false });
  let db: Client;

  beforeAll(async () => {
    db = await connectDb();
  });
  afterAll(async () => {
    await db.end();
  });

  it(`${REVIEWERS} reviewers calling claim-next at once hand out each of ${TASKS} tasks exactly once`, async () => {
    const newsroom = await createNewsroom(stack, 'Busy Desk');
    const { taskIds } = await seedOpenTasks(
      db,
      newsroom.id,
      Array.from({ length: TASKS }, (_, i) => ({
        text: `Seeded claim ${i}: the budget grew ${i} percent.`,
        checkworthiness: (i % 97) / 97,
      })),
    );
    const reviewers = await Promise.all(Array.from({ length: REVIEWERS }, (_, i) => createReviewer(stack, `Reviewer ${i}`)));

    const handedOut: { taskId: string; reviewerId: string; leaseToken: string }[] = [];
    let errors = 0;
    await Promise.all(
      reviewers.map(async (reviewer) => {
        for (;;) {
          const response = await stack.http.post('/v1/review-tasks/claim-next').set(bearer(reviewer.apiKey)).send({});
          if (response.status === 204) return;
          if (response.status !== 200) {
            errors += 1;
            continue;
          }
          expect(response.body.assigneeId).toBe(reviewer.id);
          handedOut.push({ taskId: response.body.id, reviewerId: reviewer.id, leaseToken: response.body.leaseToken });
        }
      }),
    );

    expect(errors).toBe(0);
    expect(handedOut).toHaveLength(TASKS);
    expect(new Set(handedOut.map((item) => item.taskId)).size).toBe(TASKS);
    expect(new Set(handedOut.map((item) => item.taskId))).toEqual(new Set(taskIds));
    // The database agrees: every task leased once, to the reviewer who got it, and its claim moved once.
    const { rows } = await db.query(
      `SELECT t.id, t.status, t.assignee_id, t.lease_token, c.status AS claim_status,
              (SELECT count(*)::int FROM claim_events e WHERE e.claim_id = c.id AND e.to_status = 'in_review') AS leases
         FROM review_tasks t JOIN claims c ON c.id = t.claim_id WHERE t.id = ANY($1::uuid[])`,
      [taskIds],
    );
    const byId = new Map(handedOut.map((item) => [item.taskId, item]));
    for (const row of rows) {
      expect(row).toMatchObject({
        status: 'claimed',
        assignee_id: byId.get(row.id)!.reviewerId,
        lease_token: byId.get(row.id)!.leaseToken,
        claim_status: 'in_review',
        leases: 1,
      });
    }
  });
});
