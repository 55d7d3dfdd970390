import { applyDecorators, BadRequestException, type PipeTransform, Query } from '@nestjs/common';
import { ApiQuery, type ApiQueryOptions } from '@nestjs/swagger';
import { type ClassConstructor, plainToInstance } from 'class-transformer';
import { type ValidationError, validateSync } from 'class-validator';

/**
 * A rule option: its message leaves as a plain string instead of a one-item list. The limit and
 * cursor messages always have (they came from the shared pagination helpers); the contract keeps them.
 */
export const PLAIN_MESSAGE = { context: { plainMessage: true } } as const;

/**
 * Query parameters as a validated DTO. Unknown parameters are dropped, never refused (the global
 * body pipe refuses unknown fields; a query has always been lenient). Fields are checked in the
 * DTO's declaration order and the first one failing answers 400 with its rule's message alone.
 */
export class QueryPipe<T extends object> implements PipeTransform<unknown, T> {
  constructor(private readonly dto: ClassConstructor<T>) {}

  transform(value: unknown): T {
    const query = plainToInstance(this.dto, value ?? {});
    const [first] = validateSync(query, { whitelist: true, forbidNonWhitelisted: false, stopAtFirstError: true });
    if (first) throw refusal(first);
    return query;
  }
}

/** `@ValidQuery(Dto) query: Dto`: the whole query string as a validated `Dto`. */
export const ValidQuery = <T extends object>(dto: ClassConstructor<T>): ParameterDecorator => Query(new QueryPipe(dto));

function refusal(error: ValidationError): BadRequestException {
  const [rule, message] = Object.entries(error.constraints ?? {})[0] ?? ['', `${error.property} is not valid`];
  const plain = (error.contexts?.[rule] as { plainMessage?: boolean } | undefined)?.plainMessage === true;
  return new BadRequestException(plain ? message : [message]);
}

/** The query parameters' documentation, listed in this order (a string each unless said otherwise). */
export const ApiQueryParams = (...params: ApiQueryOptions[]): MethodDecorator =>
  applyDecorators(...params.map((param) => ApiQuery({ type: String, ...param })));
