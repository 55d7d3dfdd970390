import { ParseUUIDPipe } from '@nestjs/common';
import { ValidateBy } from 'class-validator';
import { PLAIN_MESSAGE } from './query.pipe';

const absent = (value: unknown) => value === undefined || value === '';

/** A query filter: absent or empty is no filter, else one of `values` (a repeated parameter is refused). */
export function FilterOneOf(values: readonly string[]): PropertyDecorator {
  return (target, property) =>
    ValidateBy(
      { name: 'filterOneOf', validator: { validate: (value: unknown) => absent(value) || values.includes(value as string) } },
      { message: `${String(property)} must be one of ${values.join(', ')}`, ...PLAIN_MESSAGE },
    )(target, property);
}

/** The UUID forms ParseUUIDPipe accepts, so a query filter answers exactly as a path parameter does. */
class UuidForms extends ParseUUIDPipe {
  static accepts(value: string): boolean {
    return ParseUUIDPipe.uuidRegExps.all.test(value);
  }
}

/** A query filter on an id: absent or empty is no filter, else a UUID (refused with ParseUUIDPipe's message). */
export function FilterUuid(): PropertyDecorator {
  return ValidateBy(
    {
      name: 'filterUuid',
      validator: { validate: (value: unknown) => absent(value) || (typeof value === 'string' && UuidForms.accepts(value)) },
    },
    { message: 'Validation failed (uuid is expected)', ...PLAIN_MESSAGE },
  );
}
