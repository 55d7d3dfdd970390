import { DataSource } from 'typeorm';
import { bearer, createNewsroom, startStack, type Stack, waitFor } from '../support/stack';

describe('extraction that keeps failing', () => {
  let stack: Stack;
  let dataSource: DataSource;

  beforeAll(async () => {
    stack = await startStack({ env: { JOB_ATTEMPTS: '3', JOB_BACKOFF_MS: '20' } });
    dataSource = stack.api.get(DataSource);
    // A real fault in the database: storing claims of a poisoned article always fails.
    await dataSource.query(`
      CREATE FUNCTION test_poison_claims() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.text LIKE '%POISON%' THEN RAISE EXCEPTION 'disk quota exceeded (test fault)'; END IF;
        RETURN NEW;
      END $$`);
    await dataSource.query(`CREATE TRIGGER test_poison_claims BEFORE INSERT ON claims FOR EACH ROW EXECUTE FUNCTION test_poison_claims()`);
  });
  afterAll(async () => {
    await dataSource.query(`DROP TRIGGER test_poison_claims ON claims`);
    await dataSource.query(`DROP FUNCTION test_poison_claims()`);
    await stack.close();
  });

  it('ends the article failed with a reason after the retries, and leaves no partial claims', async () => {
    const newsroom = await createNewsroom(stack);
    const accepted = await stack.http
      .post('/v1/articles')
      .set(bearer(newsroom.apiKey))
      .send({ text: 'Prices rose 5% in May. This POISON sentence breaks storage.' })
      .expect(202);
    const article = await waitFor(async () => {
      const response = await stack.http.get(`/v1/articles/${accepted.body.id}`).set(bearer(newsroom.apiKey));
      return response.body.status === 'failed' ? response.body : null;
    });
    expect(article.failureReason).toMatch(/after 3 attempts.*disk quota exceeded/);
    expect(article.claims).toEqual([]);
    const history = await dataSource.query(`SELECT from_status, to_status FROM article_events WHERE article_id = $1 ORDER BY id`, [
      accepted.body.id,
    ]);
    // Each attempt's move to `extracting` rolled back with its claims: the history shows only what stuck.
    expect(history).toEqual([
      { from_status: null, to_status: 'received' },
      { from_status: 'received', to_status: 'failed' },
    ]);
    const healthy = await stack.http.post('/v1/articles').set(bearer(newsroom.apiKey)).send({ text: 'Prices rose 5% in May.' }).expect(202);
    await waitFor(async () => {
      const response = await stack.http.get(`/v1/articles/${healthy.body.id}`).set(bearer(newsroom.apiKey));
      return ['verifying', 'completed'].includes(response.body.status);
    });
  });
});
