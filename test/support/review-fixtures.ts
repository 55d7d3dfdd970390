import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo } from 'node:net';
import { Client } from 'pg';

/** A direct connection to the run's database, for seeding review work quickly. */
export async function connectDb(): Promise<Client> {
  const client = new Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  return client;
}

export interface SeedClaim {
  text: string;
  language?: string;
  checkworthiness?: number;
}

/**
 * One article per claim (so reviewers do not serialize on one article lock), claims in needs_review
 * with their history, and open review tasks — what verification would have produced.
 */
export async function seedOpenTasks(
  db: Client,
  newsroomId: string,
  claims: SeedClaim[],
): Promise<{ taskIds: string[]; claimIds: string[] }> {
  const articleIds = claims.map(() => randomUUID());
  const claimIds = claims.map(() => randomUUID());
  const taskIds = claims.map(() => randomUUID());
  const languages = claims.map((claim) => claim.language ?? 'en');
  const scores = claims.map((claim) => claim.checkworthiness ?? 0.8);
  await db.query(
    `INSERT INTO articles (id, newsroom_id, status, title, url, language, source_format, text)
     SELECT id, $2, 'verifying', 'Seeded ' || n, 'https://news.example/seeded/' || id, lang, 'text', body
       FROM unnest($1::uuid[], $3::text[], $4::text[]) WITH ORDINALITY AS t(id, lang, body, n)`,
    [articleIds, newsroomId, languages, claims.map((claim) => claim.text)],
  );
  await db.query(
    `INSERT INTO claims (id, article_id, newsroom_id, seq, text, start_offset, end_offset, checkworthiness, language, status, version)
     SELECT id, article_id, $3, 0, body, 0, length(body), score, lang, 'needs_review', 3
       FROM unnest($1::uuid[], $2::uuid[], $4::text[], $5::real[], $6::text[]) AS t(id, article_id, body, score, lang)`,
    [claimIds, articleIds, newsroomId, claims.map((claim) => claim.text), scores, languages],
  );
  await db.query(
    `INSERT INTO claim_events (claim_id, from_status, to_status, version)
     SELECT id, f, t, v FROM unnest($1::uuid[]) AS c(id),
       (VALUES (NULL, 'pending', 1), ('pending', 'verifying', 2), ('verifying', 'needs_review', 3)) AS e(f, t, v)`,
    [claimIds],
  );
  await db.query(
    `INSERT INTO review_tasks (id, claim_id, status, priority, rank_key, language)
     SELECT id, claim_id, 'open', 0.7 * score, 0.7 * score - 0.05 * extract(epoch FROM now()) / 3600, lang
       FROM unnest($1::uuid[], $2::uuid[], $3::real[], $4::text[]) AS t(id, claim_id, score, lang)`,
    [taskIds, claimIds, scores, languages],
  );
  return { taskIds, claimIds };
}

/** Pending claims with their verify-claim job in the outbox: the worker verifies them. */
/** Seeds an article's pending claims and their verification: one job per claim, or (batch) one for all. */
export async function seedPendingClaims(
  db: Client,
  newsroomId: string,
  claims: SeedClaim[],
  options: { batch?: boolean } = {},
): Promise<string[]> {
  const articleId = randomUUID();
  const claimIds = claims.map(() => randomUUID());
  const text = claims.map((claim) => claim.text).join(' ');
  await db.query(
    `INSERT INTO articles (id, newsroom_id, status, title, url, language, source_format, text)
     VALUES ($1::uuid, $2, 'verifying', 'Seeded', 'https://news.example/' || $1::text, $3, 'text', $4)`,
    [articleId, newsroomId, claims[0]?.language ?? 'en', text],
  );
  await db.query(
    `INSERT INTO claims (id, article_id, newsroom_id, seq, text, start_offset, end_offset, checkworthiness, language, status)
     SELECT id, $2, $3, n, body, 0, length(body), 0.9, lang, 'pending'
       FROM unnest($1::uuid[], $4::text[], $5::text[]) WITH ORDINALITY AS t(id, body, lang, n)`,
    [claimIds, articleId, newsroomId, claims.map((claim) => claim.text), claims.map((claim) => claim.language ?? 'en')],
  );
  await db.query(
    `INSERT INTO claim_events (claim_id, from_status, to_status, version) SELECT id, NULL, 'pending', 1 FROM unnest($1::uuid[]) AS id`,
    [claimIds],
  );
  if (options.batch) {
    await db.query(
      `INSERT INTO outbox (queue, job_name, job_id, payload)
       VALUES ('verification', 'verify-claims', 'article-' || $1::text || '-claims', jsonb_build_object('articleId', $1::text, 'claimIds', $2::jsonb))`,
      [articleId, JSON.stringify(claimIds)],
    );
    return claimIds;
  }
  await db.query(
    `INSERT INTO outbox (queue, job_name, job_id, payload)
     SELECT 'verification', 'verify-claim', 'claim-' || id || '-v1', jsonb_build_object('claimId', id, 'version', 1) FROM unnest($1::uuid[]) AS id`,
    [claimIds],
  );
  return claimIds;
}

/** A local stand-in for the Google Fact Check Tools claims:search API. */
export interface FactCheckStub {
  url: string;
  requests: URL[];
  /** Decides the answer for a query: a JSON body, a status code, or 'hang'. */
  answer: (query: string) => { claims: unknown[] } | number | 'hang';
  close(): Promise<void>;
}

export async function startFactCheckStub(): Promise<FactCheckStub> {
  const hanging = new Set<ServerResponse>();
  const stub: FactCheckStub = {
    url: '',
    requests: [],
    answer: () => ({ claims: [] }),
    close: () =>
      new Promise((resolve) => {
        for (const response of hanging) response.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    stub.requests.push(url);
    const answer = stub.answer(url.searchParams.get('query') ?? '');
    if (answer === 'hang') {
      hanging.add(response);
      return;
    }
    if (typeof answer === 'number') {
      response.writeHead(answer, { 'content-type': 'application/json' }).end('{"error":"stub"}');
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  stub.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1alpha1/claims:search`;
  return stub;
}
