import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../database/transaction-host';
import { combineMatchScore, diceCoefficient } from './match-score';
import { FactCheckRow, NewFactCheck } from './fact-check.entity';
import { FactCheckRepository } from './fact-check.repository';

export interface ScoredFactCheck {
  row: FactCheckRow;
  score: number;
}

export interface LibrarySearch {
  text: string;
  language: string | null;
  limit: number;
  minScore?: number;
  excludeSourceClaimId?: string;
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
  async search(text: string, options: Omit<LibrarySearch, 'text'>): Promise<ScoredFactCheck[]> {
    return (await this.searchMany([{ text, ...options }]))[0];
  }

  /** `search` for many texts at once (two statements in all), results in the searches' order. */
  async searchMany(searches: LibrarySearch[]): Promise<ScoredFactCheck[][]> {
    const matches = await this.factChecks.matchMany(
      searches.map((search) => ({
        text: search.text,
        language: search.language,
        candidates: Math.max(50, search.limit * 2),
        excludeSourceClaimId: search.excludeSourceClaimId ?? null,
      })),
    );
    return matches.map(({ queryLexemes, rows }, index) =>
      rows
        .map((row) => ({ row, score: combineMatchScore({ lexical: diceCoefficient(queryLexemes, row.lexemes), trigram: row.trigram }) }))
        .filter((match) => match.score >= (searches[index].minScore ?? 0))
        .sort((a, b) => b.score - a.score || b.row.created_at.getTime() - a.row.created_at.getTime() || a.row.id.localeCompare(b.row.id))
        .slice(0, searches[index].limit),
    );
  }
}
