import {
  ArgumentMetadata,
  BadRequestException,
  Injectable,
  PipeTransform,
  ValidationPipe,
  type ValidationPipeOptions,
} from '@nestjs/common';

/**
 * A plain check of a body that, when it says yes, the DTO's class-validator rules would pass too; when
 * it says no (or is not sure), the full validation runs and reports the errors.
 */
export type AcceptanceCheck = (body: Record<string, unknown>) => boolean;

const acceptanceChecks = new WeakMap<object, AcceptanceCheck>();

/**
 * Lets StrictValidationPipe accept a body of this DTO that passes `check` without class-transformer and
 * class-validator (on the ingest path they cost more per request than the rest of the route's own
 * code). Bodies that fail the check go through the full validation, so every error message stays
 * class-validator's. The check must never accept what the rules refuse (its unit test compares them).
 */
export function AcceptedWhen(check: AcceptanceCheck): ClassDecorator {
  return (target) => void acceptanceChecks.set(target, check);
}

export const STRICT_VALIDATION_OPTIONS: ValidationPipeOptions = {
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  forbidUnknownValues: true,
  stopAtFirstError: false,
};

/** Validation for every DTO body: unknown fields refused, every failing field listed (queries: QueryPipe). */
@Injectable()
export class StrictValidationPipe implements PipeTransform {
  private readonly inner = new ValidationPipe(STRICT_VALIDATION_OPTIONS);

  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    // A whole query string is a lenient DTO checked by its own QueryPipe (unknown parameters dropped, not refused).
    if (metadata.type === 'query' && metadata.data === undefined) return value;
    const isDto = metadata.type === 'body' && typeof metadata.metatype === 'function' && metadata.metatype !== Object;
    if (isDto && ![String, Number, Boolean, Array].includes(metadata.metatype as never)) {
      if (value === undefined) value = {};
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        throw new BadRequestException(['request body must be a JSON object']);
      }
      const check = acceptanceChecks.get(metadata.metatype);
      // What plainToInstance builds from a JSON object that has no prototype keys (the check refuses those).
      if (check?.(value as Record<string, unknown>)) return Object.assign(new (metadata.metatype as new () => object)(), value);
    }
    return this.inner.transform(value, metadata);
  }
}
