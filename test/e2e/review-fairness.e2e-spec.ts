import { type Client } from 'pg';
import { connectDb, seedOpenTasks } from '../support/review-fixtures';
import { bearer, createNewsroom, createReviewer, withStack } from '../support/stack';

describe('claim-next is fair across newsrooms: one newsroom flooding the queue does not starve the others', () => {
  const stack = withStack({ worker: false });
  let db: Client;

  beforeAll(async () => {
    db = await connectDb();
  });
  afterAll(async () => {
    await db.end();
  });

  it('serves a quiet newsroom within a few tasks although a flood outranks it', async () => {
    const flood = await createNewsroom(stack, 'Flood Desk');
    const quiet = await createNewsroom(stack, 'Quiet Desk');
    const reviewer = await createReviewer(stack, 'Fair Reviewer');
    const flooded = await seedOpenTasks(
      db,
      flood.id,
      Array.from({ length: 30 }, (_, index) => ({ text: `Flood claim ${index} about 2024 figures.`, checkworthiness: 0.95 })),
    );
    const waiting = await seedOpenTasks(db, quiet.id, [
      { text: 'Quiet claim one about 2023 figures.', checkworthiness: 0.5 },
      { text: 'Quiet claim two about 2023 figures.', checkworthiness: 0.5 },
    ]);

    // Every flood task outranks the quiet ones by priority alone: without fairness they would come 31st and 32nd.
    const served: string[] = [];
    for (let turn = 0; turn < 12; turn++) {
      const task = await stack.http.post('/v1/review-tasks/claim-next').set(bearer(reviewer.apiKey)).send({}).expect(200);
      served.push(task.body.id);
      await stack.http.post(`/v1/review-tasks/${task.body.id}/dismiss`).set(bearer(reviewer.apiKey)).send({ reason: 'test' }).expect(200);
    }
    expect(flooded.taskIds).toContain(served[0]); // priority still leads
    const quietTurns = waiting.taskIds.map((id) => served.indexOf(id));
    expect(quietTurns.every((turn) => turn >= 0)).toBe(true);
    expect(Math.max(...quietTurns)).toBeLessThan(12);
    expect(served.filter((id) => flooded.taskIds.includes(id)).length).toBe(10);
  });

  it('still hands out every open task, and 204 only when none is open', async () => {
    const desk = await createNewsroom(stack, 'Small Desk');
    const reviewer = await createReviewer(stack, 'Closing Reviewer');
    const { taskIds } = await seedOpenTasks(db, desk.id, [{ text: 'Last claim about 2020.' }, { text: 'Other last claim about 2021.' }]);
    const open = await db.query(`SELECT count(*)::int AS n FROM review_tasks WHERE status = 'open'`);
    const leased: string[] = [];
    for (let turn = 0; turn < open.rows[0].n; turn++) {
      leased.push((await stack.http.post('/v1/review-tasks/claim-next').set(bearer(reviewer.apiKey)).send({}).expect(200)).body.id);
    }
    expect(new Set(leased).size).toBe(leased.length);
    expect(leased).toEqual(expect.arrayContaining(taskIds));
    await stack.http.post('/v1/review-tasks/claim-next').set(bearer(reviewer.apiKey)).send({}).expect(204);
  });
});
