import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../database/transaction-host';
import { combineMatchScore, diceCoefficient } from './match-score';
import { FactCheckRow, NewFactCheck } from './fact-check.entity';
import { FactCheckRepository } from './fact-check.repository';

export interface ScoredFactCheck {
  row: FactCheckRow;
  score: number;
}

/** The shared library of published fact-checks: import, and matching by meaning-ish similarity. */
@Injectable()
export class FactCheckLibrary {
  constructor(
    private readonly tx: TransactionHost,
    private readonly factChecks: FactCheckRepository,
  ) {}

  add(items: NewFactCheck[]): Promise<FactCheckRow[]> {
    return this.tx.run(() => this.factChecks.insertMany(items));
  }

  /** Best matches first (score 0..1, see match-score.ts); only items some index relates to the text. */
  async search(text: string, options: { language: string | null; limit: number; minScore?: number; excludeSourceClaimId?: string }): Promise<ScoredFactCheck[]> {
    const { queryLexemes, rows } = await this.factChecks.match({
      text,
      language: options.language,
      candidates: Math.max(50, options.limit * 2),
      excludeSourceClaimId: options.excludeSourceClaimId ?? null,
    });
    return rows
      .map((row) => ({ row, score: combineMatchScore({ lexical: diceCoefficient(queryLexemes, row.lexemes), trigram: row.trigram }) }))
      .filter((match) => match.score >= (options.minScore ?? 0))
      .sort((a, b) => b.score - a.score || b.row.created_at.getTime() - a.row.created_at.getTime() || a.row.id.localeCompare(b.row.id))
      .slice(0, options.limit);
  }
}
