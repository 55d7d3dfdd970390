import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { PageOf } from '../common/api-schemas';
import { WebhookDeliveryDto, WebhookEndpointDto } from './webhook.dto';

export const WebhookPage = PageOf(WebhookEndpointDto, 'WebhookPage');
export const DeliveryPage = PageOf(WebhookDeliveryDto, 'DeliveryPage');

@ApiSchema({ name: 'DeliveryWithPayload' })
export class DeliveryWithPayloadSchema extends WebhookDeliveryDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The event exactly as sent: { type, timestamp, data } (see docs/webhooks.md for each type)',
  })
  payload!: Record<string, unknown>;
}
