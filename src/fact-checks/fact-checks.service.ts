import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import type { Principal } from '../common/principal';
import { isLanguageTag } from '../common/validators';
import { parseLimit } from '../common/pagination';
import { parseFactCheckImport } from './fact-check-input';
import { type FactCheckImporterRole } from './fact-check.entity';
import { FactCheckLibrary } from './fact-check-library.service';
import { FactCheckRepository } from './fact-check.repository';
import { libraryClaimReview } from './claim-review';
import { toFactCheckDto, toFactCheckMatchDto } from './fact-check.presenter';
import type { FactCheckSearchQuery } from './fact-check.dto';

export const MAX_QUERY_LENGTH = 2000;

@Injectable()
export class FactChecksService {
  constructor(
    private readonly library: FactCheckLibrary,
    private readonly factChecks: FactCheckRepository,
  ) {}

  async import(principal: Principal, body: unknown) {
    const { batch, items } = parseFactCheckImport(body);
    const stored = await this.library.add(
      items.map((item) => ({ ...item, addedBy: principal.ownerId, addedByRole: importerRole(principal) })),
    );
    const dtos = stored.map(toFactCheckDto);
    return batch ? { items: dtos } : dtos[0];
  }

  /** A library item as schema.org ClaimReview (the library is public to every tenant). */
  async claimReview(id: string) {
    const row = await this.factChecks.findWithReview(id);
    if (!row) throw new NotFoundException(`fact-check ${id} not found`);
    return libraryClaimReview(row);
  }

  async search(query: FactCheckSearchQuery) {
    if (query.cursor !== undefined) throw new BadRequestException(['cursor is not accepted: search is not paged']);
    if (typeof query.q !== 'string' || query.q.trim().length === 0 || query.q.length > MAX_QUERY_LENGTH) {
      throw new BadRequestException([`q must be a string of 1 to ${MAX_QUERY_LENGTH} characters`]);
    }
    if (query.language !== undefined && !isLanguageTag(query.language)) {
      throw new BadRequestException(['language must be a BCP 47 language tag of at most 35 characters']);
    }
    const limit = parseLimit(Array.isArray(query.limit) ? 'not-a-number' : query.limit, 10);
    const matches = await this.library.search(query.q, { language: query.language ?? null, limit });
    return { items: matches.map((match) => toFactCheckMatchDto(match.row, match.score)), nextCursor: null };
  }
}

function importerRole(principal: Principal): FactCheckImporterRole | null {
  return principal.role === 'newsroom' || principal.role === 'reviewer' ? principal.role : null;
}
