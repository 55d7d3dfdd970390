import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsIn, IsInt, IsISO8601, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { IsHttpUrl } from '../common/validators';
import { WEBHOOK_EVENT_TYPES } from './webhook-event-types';
import type { WebhookEventType } from './webhook-event-types';
import { DELIVERY_STATUSES } from './webhook.entity';

export const MAX_DESCRIPTION_LENGTH = 500;
export const DEFAULT_ROTATION_GRACE_SECONDS = 24 * 3600;
export const MAX_ROTATION_GRACE_SECONDS = 7 * 24 * 3600;

@ApiSchema({ name: 'WebhookInput' })
export class CreateWebhookDto {
  @ApiProperty({
    description: 'Absolute http(s) URL whose host is and resolves to public addresses only',
    example: 'https://cms.example.org/hooks/claimflow',
  })
  @IsHttpUrl()
  url!: string;

  @ApiPropertyOptional({ enum: WEBHOOK_EVENT_TYPES, isArray: true, description: 'Event types to receive; omitted = all of them' })
  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(WEBHOOK_EVENT_TYPES.length * 4)
  @IsIn(WEBHOOK_EVENT_TYPES, { each: true, message: `events must contain only ${WEBHOOK_EVENT_TYPES.join(', ')}` })
  events?: WebhookEventType[];

  @ApiPropertyOptional({ maxLength: MAX_DESCRIPTION_LENGTH })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_DESCRIPTION_LENGTH)
  description?: string;
}

@ApiSchema({ name: 'RotateSecretInput' })
export class RotateSecretDto {
  @ApiPropertyOptional({
    description: 'How long the previous secret keeps signing alongside the new one (0 = stop at once)',
    minimum: 0,
    maximum: MAX_ROTATION_GRACE_SECONDS,
    default: DEFAULT_ROTATION_GRACE_SECONDS,
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_ROTATION_GRACE_SECONDS)
  expiresInSeconds?: number;
}

@ApiSchema({ name: 'RecoverInput' })
export class RecoverDeliveriesDto {
  @ApiProperty({
    description: 'ISO 8601 time: every failed delivery created at or after it is sent again',
    example: '2026-01-01T00:00:00Z',
  })
  @IsISO8601({ strict: true })
  since!: string;
}

@ApiSchema({ name: 'Webhook' })
export class WebhookEndpointDto {
  @ApiProperty() id!: string;
  @ApiProperty() url!: string;
  @ApiProperty({ nullable: true, type: String }) description!: string | null;
  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES, isArray: true }) events!: WebhookEventType[];
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Set when the system disabled the endpoint (410 Gone, or failing for too long)',
  })
  disabledAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) disabledReason!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Since when every attempt has failed (null after any success)' })
  failingSince!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Until when the previous secret also signs (after a rotation)' })
  previousSecretExpiresAt!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

@ApiSchema({ name: 'WebhookWithSecret' })
export class WebhookEndpointWithSecretDto extends WebhookEndpointDto {
  @ApiProperty({ description: 'Standard Webhooks secret (whsec_ + base64); shown only in this answer' })
  secret!: string;
}

@ApiSchema({ name: 'Delivery' })
export class WebhookDeliveryDto {
  @ApiProperty() id!: string;
  @ApiProperty({ description: 'The event id, sent as the webhook-id header' }) eventId!: string;
  @ApiProperty() endpointId!: string;
  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES }) type!: WebhookEventType;
  @ApiProperty({ enum: DELIVERY_STATUSES }) status!: string;
  @ApiProperty({ description: 'Every attempt made, over every round' }) attempts!: number;
  @ApiProperty({ nullable: true, type: Number }) lastStatusCode!: number | null;
  @ApiProperty({ nullable: true, type: String, description: 'Error or the first 4 KiB of the last non-2xx answer' }) lastError!:
    string | null;
  @ApiProperty({ nullable: true, type: String }) nextAttemptAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) deliveredAt!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

@ApiSchema({ name: 'RecoverResult' })
export class RecoverResultDto {
  @ApiProperty({ description: 'How many failed deliveries were queued again' }) count!: number;
}
