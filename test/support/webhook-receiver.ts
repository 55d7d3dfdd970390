import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo, type Socket } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { bearer, type Stack } from './stack';

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
  path: string;
}

export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  /** Never answer (the sender's timeout must end the attempt). */
  hang?: boolean;
  /** Answer after this long. */
  delayMs?: number;
}

export type Behaviour = (request: ReceivedWebhook, index: number) => Reply;

/** A real HTTP receiver on 127.0.0.1 that records every request and answers as told. */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  behaviour: Behaviour = () => ({ status: 200 });
  private readonly sockets = new Set<Socket>();
  private readonly hanging = new Set<ServerResponse>();

  private constructor(private readonly server: Server) {}

  static async start(behaviour?: Behaviour): Promise<WebhookReceiver> {
    const server = createServer();
    const receiver = new WebhookReceiver(server);
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const request = { headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now(), path: req.url ?? '/' };
        receiver.received.push(request);
        const reply = receiver.behaviour(request, receiver.received.length - 1);
        if (reply.hang) {
          receiver.hanging.add(res);
          return;
        }
        const answer = () => {
          res.writeHead(reply.status ?? 200, reply.headers ?? {});
          res.end(reply.body ?? '');
        };
        if (reply.delayMs) setTimeout(answer, reply.delayMs);
        else answer();
      });
    });
    if (behaviour) receiver.behaviour = behaviour;
    server.on('connection', (socket) => {
      receiver.sockets.add(socket);
      socket.on('close', () => receiver.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
  }

  /** Parsed bodies of every request received so far. */
  events<T = { type: string; timestamp: string; data: Record<string, unknown> }>(): Array<T & { id: string }> {
    return this.received.map((request) => ({ ...(JSON.parse(request.body) as T), id: String(request.headers['webhook-id']) }));
  }

  verify(secret: string, request: ReceivedWebhook): unknown {
    return new Webhook(secret).verify(request.body, request.headers as Record<string, string>);
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

export async function registerEndpoint(
  stack: Stack,
  apiKey: string,
  body: { url: string; events?: string[]; description?: string },
): Promise<{ id: string; url: string; events: string[]; secret: string }> {
  const response = await stack.http.post('/v1/webhooks').set(bearer(apiKey)).send(body);
  if (response.status !== 201) throw new Error(`registering ${body.url} answered ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body;
}

export async function deliveriesOf(stack: Stack, apiKey: string, endpointId: string, query = ''): Promise<Array<Record<string, any>>> {
  const response = await stack.http.get(`/v1/webhooks/${endpointId}/deliveries${query}`).set(bearer(apiKey)).expect(200);
  return response.body.items;
}

/** The environment most webhook suites run with: 127.0.0.1 receivers are allowed. */
export const PRIVATE_NETWORKS_ALLOWED = { WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' };
