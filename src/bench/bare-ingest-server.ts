// The bare limit for ingest: node:http + pg doing the same single-transaction insert (article + outbox row).
import { randomUUID } from 'node:crypto';
import { serveInTransaction } from './bare-server';

const newsroomId = process.env.BENCH_NEWSROOM_ID!;

serveInTransaction(async (client, raw) => {
  const body = JSON.parse(raw.toString('utf8')) as { text: string; title?: string };
  const id = randomUUID();
  await client.query(
    `INSERT INTO articles (id, newsroom_id, status, title, source_format, text) VALUES ($1, $2, 'received', $3, 'text', $4)`,
    [id, newsroomId, body.title ?? null, body.text],
  );
  await client.query(`INSERT INTO outbox (queue, job_name, job_id, payload) VALUES ('bare', 'bare', $1, $2)`, [id, JSON.stringify({ id })]);
  return { status: 202, body: { id, status: 'received' } };
});
