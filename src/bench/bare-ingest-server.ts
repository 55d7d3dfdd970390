// The bare limit for ingest: node:http + pg doing the same single-transaction insert (article + outbox row).
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { Pool } from 'pg';

const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 20 });
const newsroomId = process.env.BENCH_NEWSROOM_ID!;

const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', async () => {
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { text: string; title?: string };
    const id = randomUUID();
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(
        `INSERT INTO articles (id, newsroom_id, status, title, source_format, text) VALUES ($1, $2, 'received', $3, 'text', $4)`,
        [id, newsroomId, body.title ?? null, body.text],
      );
      await client.query(`INSERT INTO outbox (queue, job_name, job_id, payload) VALUES ('bare', 'bare', $1, $2)`, [id, JSON.stringify({ id })]);
      await client.query('COMMIT');
      response.writeHead(202, { 'content-type': 'application/json' }).end(JSON.stringify({ id, status: 'received' }));
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      response.writeHead(500).end(String(error));
    } finally {
      client.release();
    }
  });
}).listen(Number(process.env.PORT), '127.0.0.1');

// Finish in-flight inserts before exiting, so none commits after the bench has cleaned up.
process.once('SIGTERM', () => {
  server.closeIdleConnections();
  server.close(() => void pool.end().then(() => process.exit(0)));
});
