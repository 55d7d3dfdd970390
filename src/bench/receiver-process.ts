/**
 * The benches' webhook receiver, in a process of its own (forked by bench-support's startReceiver):
 * sharing the load generator's event loop would slow the receiver, and so both the product's and the
 * bare loop's figures. Counts requests, product deliveries' event-to-delivery latency and duplicates;
 * answers its parent's questions over IPC.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type ReceiverQuestion = { id: number; ask: 'stats' | 'duplicated' | 'reset-latencies' | 'close' };
export interface ReceiverStats {
  count: number;
  /** Product deliveries (msg_... ids) received, copies included. */
  productCount: number;
  duplicates: number;
  latenciesMs: number[];
}
/** A webhook-id received more than once: how many copies, and the time from the first copy to the last. */
export interface DuplicatedId {
  id: string;
  copies: number;
  spanMs: number;
}

let received = 0;
let productReceived = 0;
let duplicates = 0;
/** When each webhook-id (with its path) first came, epoch ms. */
const seen = new Map<string, number>();
const duplicated = new Map<string, DuplicatedId>();
let latenciesMs: number[] = [];

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const id = String(req.headers['webhook-id']);
    // Product deliveries carry msg_... ids; the bare loop sends bare_...
    if (id.startsWith('msg_')) {
      const key = `${id} ${req.url}`;
      const firstAt = seen.get(key);
      productReceived += 1;
      if (firstAt === undefined) seen.set(key, Date.now());
      else {
        duplicates += 1;
        const known = duplicated.get(key) ?? { id, copies: 1, spanMs: 0 };
        duplicated.set(key, { id, copies: known.copies + 1, spanMs: Date.now() - firstAt });
      }
      const { timestamp } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { timestamp: string };
      latenciesMs.push(Date.now() - Date.parse(timestamp));
    }
    received += 1;
    res.writeHead(204).end();
  });
});
server.keepAliveTimeout = 60_000;

process.on('message', (question: ReceiverQuestion) => {
  if (question.ask === 'stats')
    process.send!({ id: question.id, stats: { count: received, productCount: productReceived, duplicates, latenciesMs } });
  if (question.ask === 'duplicated') process.send!({ id: question.id, duplicated: [...duplicated.values()] });
  if (question.ask === 'reset-latencies') {
    latenciesMs = [];
    process.send!({ id: question.id });
  }
  if (question.ask === 'close') {
    server.closeAllConnections();
    server.close(() => process.send!({ id: question.id }, () => process.exit(0)));
  }
});
process.on('disconnect', () => process.exit(0));

server.listen(0, '127.0.0.1', () => process.send!({ port: (server.address() as AddressInfo).port }));
