import { Client } from 'pg';

export interface PgListenerHandlers {
  onNotification(payload: string): void;
  /** LISTEN is in place: notifications from now on arrive. */
  onListening?(): void;
  /** The connection is gone: notifications may be missed until onListening fires again. */
  onLost?(): void;
}

const RECONNECT_MS = 1000;

/** What a listener's user drives (a PgListener, or a test's fake). */
export interface Listener {
  readonly listening: boolean;
  start(): void;
  stop(): Promise<void>;
}

/**
 * Opens listeners on the app's database: the injectable way to get a PgListener (DatabaseModule
 * provides it; a test provides a fake or one on another database).
 */
export abstract class PgListenerFactory {
  abstract listen(channel: string, handlers: PgListenerHandlers): Listener;
}

export function pgListenerFactory(databaseUrl: string): PgListenerFactory {
  return { listen: (channel, handlers) => new PgListener(databaseUrl, channel, handlers) };
}

/**
 * A dedicated connection LISTENing on one channel, reconnecting by itself. Pool connections cannot
 * LISTEN (they are shared and recycled), so each listener owns one client.
 */
export class PgListener implements Listener {
  private client: Client | null = null;
  private running = false;
  private retry: NodeJS.Timeout | null = null;

  constructor(
    private readonly databaseUrl: string,
    private readonly channel: string,
    private readonly handlers: PgListenerHandlers,
  ) {
    if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`invalid LISTEN channel ${channel}`);
  }

  get listening(): boolean {
    return this.client !== null;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    void this.connect();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.retry) clearTimeout(this.retry);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    this.retry = null;
    if (!this.running) return;
    // TCP keepalive: a connection that died silently (a partition) is noticed by the OS's keepalive
    // probes and reported as 'end' (then we reconnect), instead of listening to nothing forever.
    const client = new Client({
      connectionString: this.databaseUrl,
      connectionTimeoutMillis: 3000,
      keepAlive: true,
      keepAliveInitialDelayMillis: 5000,
    });
    client.on('error', () => undefined);
    client.on('end', () => {
      if (this.client !== client) return;
      this.client = null;
      this.handlers.onLost?.();
      this.scheduleReconnect();
    });
    client.on('notification', (message) => this.handlers.onNotification(message.payload ?? ''));
    try {
      await client.connect();
      await client.query(`LISTEN ${this.channel}`);
      if (!this.running) return void (await client.end().catch(() => undefined));
      this.client = client;
      this.handlers.onListening?.();
    } catch {
      await client.end().catch(() => undefined);
      this.scheduleReconnect();
    }
  }

  private scheduleReconnect(): void {
    if (this.running && !this.retry) this.retry = setTimeout(() => void this.connect(), RECONNECT_MS).unref();
  }
}
