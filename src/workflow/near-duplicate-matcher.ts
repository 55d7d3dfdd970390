import { Injectable } from '@nestjs/common';
import { closestNearDuplicate, type NearDuplicateQuery } from './near-duplicate';

/** Runs closestNearDuplicate on each query somewhere else (another thread), answers in the queries' order. */
export type NearDuplicateRunner = (queries: NearDuplicateQuery[]) => Promise<number[]>;

/**
 * Where cluster assignment's near-duplicate scoring runs: fingerprinting a claim and every candidate
 * text is the heaviest CPU work of storing an article's claims, so a process with extraction threads
 * registers them here (the extraction worker module does) and this event loop only waits. Without a
 * runner, the same pure function runs here (the api's single claims, unit tests).
 */
@Injectable()
export class NearDuplicateMatcher {
  private runner: NearDuplicateRunner | null = null;

  runOn(runner: NearDuplicateRunner): void {
    this.runner = runner;
  }

  /** For each query, the index of the candidate its claim joins, or -1. */
  async closest(queries: NearDuplicateQuery[]): Promise<number[]> {
    const asked = queries.flatMap((query, index) => (query.candidates.length > 0 ? [index] : []));
    const answers = new Array<number>(queries.length).fill(-1);
    if (asked.length === 0) return answers;
    const found = this.runner
      ? await this.runner(asked.map((index) => queries[index]))
      : asked.map((index) => closestNearDuplicate(queries[index]));
    asked.forEach((index, position) => (answers[index] = found[position]));
    return answers;
  }
}
