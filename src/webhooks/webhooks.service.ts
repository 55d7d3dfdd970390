import type { DeliveryListQuery } from './webhook-list.query';
import { BadRequestException, ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { CursorCodec, Page } from '../common/pagination';
import { TransactionHost } from '../database/transaction-host';
import { OutboxRepository } from '../queue/outbox.repository';
import { checkWebhookUrl } from './ssrf/webhook-url-check';
import { WebhookDeliveryRepository } from './webhook-delivery.repository';
import { WebhookEndpointRepository } from './webhook-endpoint.repository';
import { freshWakeUps, wakeEndpoints } from './webhook-event-recorder';
import { WEBHOOK_EVENT_TYPES } from './webhook-event-types';
import { uuidv7 } from './webhook-ids';
import { sealEndpointSecret } from './webhook-secrets';
import { generateSecret } from './webhook-signature';
import {
  CreateWebhookDto,
  DEFAULT_ROTATION_GRACE_SECONDS,
  RecoverResultDto,
  WebhookDeliveryDto,
  WebhookEndpointDto,
  WebhookEndpointWithSecretDto,
} from './webhook.dto';
import { WebhookEndpointRow } from './webhook.entity';
import { toWebhookDelivery, toWebhookEndpoint } from './webhook.presenter';

/** Endpoints per newsroom: every event fans out to each, so the recording hot path stays small. */
export const MAX_ENDPOINTS_PER_NEWSROOM = 20;

@Injectable()
export class WebhooksService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tx: TransactionHost,
    private readonly endpoints: WebhookEndpointRepository,
    private readonly deliveries: WebhookDeliveryRepository,
    private readonly outbox: OutboxRepository,
    private readonly cursors: CursorCodec,
  ) {}

  async create(newsroomId: string, body: CreateWebhookDto): Promise<WebhookEndpointWithSecretDto> {
    const check = await checkWebhookUrl(body.url, { allowPrivateNetworks: this.config.webhookAllowPrivateNetworks });
    if (!check.ok) throw new BadRequestException([check.reason]);
    const events = WEBHOOK_EVENT_TYPES.filter((type) => body.events === undefined || body.events.includes(type));
    const secret = generateSecret();
    const id = uuidv7();
    const sealed = sealEndpointSecret(this.config.webhookSecretKeys, id, secret);
    const row = await this.tx.run(async () => {
      if ((await this.endpoints.countLive(newsroomId)) >= MAX_ENDPOINTS_PER_NEWSROOM) {
        throw new ConflictException(`a newsroom can have at most ${MAX_ENDPOINTS_PER_NEWSROOM} webhook endpoints; delete one first`);
      }
      return this.endpoints.insert({ id, newsroomId, url: check.url, description: body.description ?? null, events, secret: sealed });
    });
    return { ...toWebhookEndpoint(row), secret };
  }

  async list(newsroomId: string, limit: number, cursor: unknown): Promise<Page<WebhookEndpointDto>> {
    const position = this.cursors.decode(cursor);
    const rows = await this.endpoints.list(newsroomId, position?.id ?? null, limit + 1);
    const page = this.cursors.page(rows, limit, (row) => ({ k: 'endpoint', id: row.id }));
    return { items: page.items.map((row) => toWebhookEndpoint(row)), nextCursor: page.nextCursor };
  }

  async get(newsroomId: string, id: string): Promise<WebhookEndpointDto> {
    return toWebhookEndpoint(await this.owned(newsroomId, id));
  }

  /** Soft delete: the endpoint stops receiving events and its pending deliveries stop. */
  async remove(newsroomId: string, id: string): Promise<void> {
    await this.tx.run(async () => {
      await this.owned(newsroomId, id, true);
      await this.endpoints.softDelete(id);
      await this.deliveries.failPending(id, 'endpoint deleted');
    });
  }

  async rotateSecret(newsroomId: string, id: string, graceSeconds = DEFAULT_ROTATION_GRACE_SECONDS): Promise<WebhookEndpointWithSecretDto> {
    const secret = generateSecret();
    const row = await this.tx.run(async () => {
      await this.owned(newsroomId, id, true);
      return this.endpoints.rotateSecret(id, sealEndpointSecret(this.config.webhookSecretKeys, id, secret), graceSeconds);
    });
    return { ...toWebhookEndpoint(row), secret };
  }

  async enable(newsroomId: string, id: string): Promise<WebhookEndpointDto> {
    const row = await this.tx.run(async () => {
      await this.owned(newsroomId, id, true);
      return this.endpoints.enable(id);
    });
    return toWebhookEndpoint(row);
  }

  async deliveriesOf(
    newsroomId: string,
    endpointId: string,
    { status, limit, cursor }: DeliveryListQuery,
  ): Promise<Page<WebhookDeliveryDto>> {
    const position = this.cursors.decode(cursor);
    await this.owned(newsroomId, endpointId);
    const rows = await this.deliveries.list(endpointId, status || null, position?.id ?? null, limit + 1);
    const page = this.cursors.page(rows, limit, (row) => ({ k: 'delivery', id: row.id }));
    return { items: page.items.map(toWebhookDelivery), nextCursor: page.nextCursor };
  }

  async delivery(newsroomId: string, endpointId: string, deliveryId: string): Promise<WebhookDeliveryDto & { payload: unknown }> {
    await this.owned(newsroomId, endpointId);
    const row = await this.deliveries.find(endpointId, deliveryId);
    if (!row) throw new NotFoundException(`delivery ${deliveryId} not found`);
    return { ...toWebhookDelivery(row), payload: JSON.parse(row.body) };
  }

  /** The same event again (same webhook-id and body) on a fresh round of the retry schedule. */
  async redeliver(newsroomId: string, endpointId: string, deliveryId: string): Promise<WebhookDeliveryDto> {
    return this.tx.run(async () => {
      this.assertEnabled(await this.owned(newsroomId, endpointId, true));
      const row = await this.deliveries.startRound(endpointId, deliveryId);
      if (!row) throw new NotFoundException(`delivery ${deliveryId} not found`);
      await this.outbox.add([{ name: 'deliver-webhook', payload: { deliveryId: row.id, round: row.round } }]);
      return toWebhookDelivery(row);
    });
  }

  async recover(newsroomId: string, endpointId: string, since: Date): Promise<RecoverResultDto> {
    return this.tx.run(async () => {
      this.assertEnabled(await this.owned(newsroomId, endpointId, true));
      const rows = await this.deliveries.recoverFailedSince(endpointId, since);
      // A fresh wake-up id: one named by a recovered delivery is often the id of the wake-up that first
      // sent it, a finished job BullMQ still keeps, which swallows the add (then only the 15 s sweep woke it).
      if (rows.length > 0) await wakeEndpoints(this.outbox, freshWakeUps([endpointId]));
      return { count: rows.length };
    });
  }

  private async owned(newsroomId: string, id: string, lock = false): Promise<WebhookEndpointRow> {
    const row = await this.endpoints.findOwned(newsroomId, id, lock);
    if (!row) throw new NotFoundException(`webhook endpoint ${id} not found`);
    return row;
  }

  private assertEnabled(endpoint: WebhookEndpointRow): void {
    if (endpoint.disabled_at) {
      throw new ConflictException(`webhook endpoint ${endpoint.id} is disabled (${endpoint.disabled_reason}); enable it first`);
    }
  }
}
