// What the bare baselines share: node:http, one pg transaction per request, graceful SIGTERM.
import { createServer, type IncomingMessage } from 'node:http';
import { Pool, type PoolClient } from 'pg';

export interface BareAnswer {
  status: number;
  body?: unknown;
}

/** Serves every request with `handle` inside BEGIN/COMMIT on a pooled connection (500 and ROLLBACK on error). */
export function serveInTransaction(handle: (client: PoolClient, body: Buffer, request: IncomingMessage) => Promise<BareAnswer>): void {
  const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 20 });
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', async () => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const answer = await handle(client, Buffer.concat(chunks), request);
        await client.query('COMMIT');
        if (answer.body === undefined) response.writeHead(answer.status).end();
        else response.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        response.writeHead(500).end(String(error));
      } finally {
        client.release();
      }
    });
  }).listen(Number(process.env.PORT), '127.0.0.1');

  // Finish in-flight transactions before exiting, so none commits after the bench has cleaned up.
  process.once('SIGTERM', () => {
    server.closeIdleConnections();
    server.close(() => void pool.end().then(() => process.exit(0)));
  });
}
