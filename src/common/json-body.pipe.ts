import { ArgumentMetadata, BadRequestException, Injectable, PipeTransform, ValidationPipe } from '@nestjs/common';

/** Validation for every DTO body: unknown fields refused, every failing field listed (queries: QueryPipe). */
@Injectable()
export class StrictValidationPipe implements PipeTransform {
  private readonly inner = new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    stopAtFirstError: false,
  });

  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    // A whole query string is a lenient DTO checked by its own QueryPipe (unknown parameters dropped, not refused).
    if (metadata.type === 'query' && metadata.data === undefined) return value;
    const isDto = metadata.type === 'body' && typeof metadata.metatype === 'function' && metadata.metatype !== Object;
    if (isDto && ![String, Number, Boolean, Array].includes(metadata.metatype as never)) {
      if (value === undefined) value = {};
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        throw new BadRequestException(['request body must be a JSON object']);
      }
    }
    return this.inner.transform(value, metadata);
  }
}
