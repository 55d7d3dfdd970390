import { Injectable, NotFoundException } from '@nestjs/common';
import type { Principal } from '../common/principal';
import { parseFactCheckImport } from './fact-check-input';
import { type FactCheckImporterRole } from './fact-check.entity';
import { FactCheckLibrary } from './fact-check-library.service';
import { FactCheckRepository } from './fact-check.repository';
import { libraryClaimReview } from './claim-review';
import { toFactCheckDto, toFactCheckMatchDto } from './fact-check.presenter';
import type { FactCheckSearchQuery } from './fact-check-search.query';

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
    const matches = await this.library.search(query.q, { language: query.language ?? null, limit: query.limit });
    return { items: matches.map((match) => toFactCheckMatchDto(match.row, match.score)), nextCursor: null };
  }
}

function importerRole(principal: Principal): FactCheckImporterRole | null {
  return principal.role === 'newsroom' || principal.role === 'reviewer' ? principal.role : null;
}
