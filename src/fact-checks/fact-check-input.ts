import { BadRequestException } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { fromClaimReview, isClaimReview } from './claim-review';
import { FactCheckInputDto } from './fact-check.dto';
import { MAX_IMPORT_BATCH, type NewFactCheck } from './fact-check.entity';

export interface ParsedImport {
  batch: boolean;
  items: NewFactCheck[];
}

/**
 * Reads a POST /v1/fact-checks body: one item or an array of 1..1000 items, each in claimflow's
 * shape or a schema.org ClaimReview object. Every problem of every item is reported at once (400).
 */
export function parseFactCheckImport(body: unknown): ParsedImport {
  const batch = Array.isArray(body);
  const values = batch ? (body as unknown[]) : [body];
  if (batch && (values.length === 0 || values.length > MAX_IMPORT_BATCH)) {
    throw new BadRequestException([`body must be an array of 1 to ${MAX_IMPORT_BATCH} fact-checks, got ${values.length}`]);
  }
  const errors: string[] = [];
  const items: NewFactCheck[] = [];
  values.forEach((value, index) => {
    const path = batch ? `items[${index}]` : 'body';
    const parsed = parseOne(value, path);
    if ('errors' in parsed) errors.push(...parsed.errors);
    else items.push(parsed.item);
  });
  if (errors.length > 0) throw new BadRequestException(errors.slice(0, 100));
  return { batch, items };
}

function parseOne(value: unknown, path: string): { item: NewFactCheck } | { errors: string[] } {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { errors: [`${path} must be a fact-check object or a schema.org ClaimReview object`] };
  }
  if (isClaimReview(value)) return fromClaimReview(value, path);
  const dto = plainToInstance(FactCheckInputDto, value);
  const problems = validateSync(dto, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
  if (problems.length > 0) return { errors: flatten(problems).map((message) => `${path}.${message}`) };
  return {
    item: {
      claimText: dto.claimText.trim(),
      title: dto.title?.trim() || null,
      rating: dto.rating.trim(),
      url: dto.url ?? null,
      publisher: dto.publisher ?? null,
      language: dto.language ?? null,
      reviewedAt: dto.reviewedAt ? new Date(dto.reviewedAt).toISOString() : null,
      claimReview: null,
    },
  };
}

function flatten(errors: ValidationError[]): string[] {
  return errors.flatMap((error) => Object.values(error.constraints ?? {}).concat(flatten(error.children ?? [])));
}
