import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentNewsroom, Roles } from '../common/principal';
import { ApiQueryParams, QueryPipe, ValidQuery } from '../common/query.pipe';
import {
  CreateWebhookDto,
  RecoverDeliveriesDto,
  RecoverResultDto,
  RotateSecretDto,
  WebhookDeliveryDto,
  WebhookEndpointDto,
  WebhookEndpointWithSecretDto,
} from './webhook.dto';
import { DELIVERY_STATUSES } from './webhook.entity';
import { WebhooksService } from './webhooks.service';
import { DeliveryListQuery, WebhookListQuery } from './webhook-list.query';
import { DeliveryPage, DeliveryWithPayloadSchema, WebhookPage } from './webhook.schemas';

const deliveryListQuery = new QueryPipe(DeliveryListQuery);

@ApiTags('webhooks')
@ApiBearerAuth()
@Roles('newsroom')
@Controller('v1/webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  @ApiOperation({ summary: 'Register an endpoint; the answer carries its signing secret, shown only once' })
  @ApiResponse({ status: 201, type: WebhookEndpointWithSecretDto })
  create(@CurrentNewsroom() newsroomId: string, @Body() body: CreateWebhookDto) {
    return this.webhooks.create(newsroomId, body);
  }

  @Get()
  @ApiQueryParams({ name: 'limit', required: false }, { name: 'cursor', required: false })
  @ApiOkResponse({ type: WebhookPage })
  list(@CurrentNewsroom() newsroomId: string, @ValidQuery(WebhookListQuery) query: WebhookListQuery) {
    return this.webhooks.list(newsroomId, query.limit, query.cursor);
  }

  @Get(':id')
  @ApiResponse({ status: 200, type: WebhookEndpointDto })
  get(@CurrentNewsroom() newsroomId: string, @Param('id', ParseUUIDPipe) id: string) {
    return this.webhooks.get(newsroomId, id);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete the endpoint; its pending deliveries stop' })
  @ApiNoContentResponse({ description: 'Deleted' })
  async remove(@CurrentNewsroom() newsroomId: string, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.webhooks.remove(newsroomId, id);
  }

  @Post(':id/rotate-secret')
  @HttpCode(200)
  @ApiOperation({ summary: 'New secret (shown once); the previous one also signs until previousSecretExpiresAt (default 24 h)' })
  @ApiResponse({ status: 200, type: WebhookEndpointWithSecretDto })
  rotateSecret(@CurrentNewsroom() newsroomId: string, @Param('id', ParseUUIDPipe) id: string, @Body() body: RotateSecretDto) {
    return this.webhooks.rotateSecret(newsroomId, id, body.expiresInSeconds);
  }

  @Post(':id/enable')
  @HttpCode(200)
  @ApiOperation({ summary: 'Re-enable an endpoint the system disabled' })
  @ApiResponse({ status: 200, type: WebhookEndpointDto })
  enable(@CurrentNewsroom() newsroomId: string, @Param('id', ParseUUIDPipe) id: string) {
    return this.webhooks.enable(newsroomId, id);
  }

  @Get(':id/deliveries')
  @ApiQueryParams(
    { name: 'status', required: false, enum: DELIVERY_STATUSES },
    { name: 'limit', required: false },
    { name: 'cursor', required: false },
  )
  @ApiOkResponse({ type: DeliveryPage, description: 'One delivery per event, newest first' })
  deliveries(@CurrentNewsroom() newsroomId: string, @Param('id', ParseUUIDPipe) id: string, @Query() rawQuery: unknown) {
    // Checked here, after the path id, so a bad id answers before a bad query, as it always has.
    const query = deliveryListQuery.transform(rawQuery);
    return this.webhooks.deliveriesOf(newsroomId, id, query);
  }

  @Get(':id/deliveries/:deliveryId')
  @ApiOperation({ summary: 'One delivery, with the event payload it sends' })
  @ApiOkResponse({ type: DeliveryWithPayloadSchema })
  delivery(
    @CurrentNewsroom() newsroomId: string,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('deliveryId', ParseUUIDPipe) deliveryId: string,
  ) {
    return this.webhooks.delivery(newsroomId, id, deliveryId);
  }

  @Post(':id/deliveries/:deliveryId/redeliver')
  @HttpCode(202)
  @ApiOperation({ summary: 'Send the event again: same webhook-id and body, new timestamp and signature, new retry round' })
  @ApiResponse({ status: 202, type: WebhookDeliveryDto })
  redeliver(
    @CurrentNewsroom() newsroomId: string,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('deliveryId', ParseUUIDPipe) deliveryId: string,
  ) {
    return this.webhooks.redeliver(newsroomId, id, deliveryId);
  }

  @Post(':id/recover')
  @HttpCode(202)
  @ApiOperation({ summary: 'Send again every failed delivery created since a time' })
  @ApiResponse({ status: 202, type: RecoverResultDto })
  recover(@CurrentNewsroom() newsroomId: string, @Param('id', ParseUUIDPipe) id: string, @Body() body: RecoverDeliveriesDto) {
    return this.webhooks.recover(newsroomId, id, new Date(body.since));
  }
}
