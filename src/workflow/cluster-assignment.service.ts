import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../database/transaction-host';
import { ClusterKeyInput } from './cluster.entity';
import { ClusterRepository } from './cluster.repository';
import { clusterLookup, nearDuplicateLengths, type ClusterLookup } from './near-duplicate';
import { NearDuplicateMatcher } from './near-duplicate-matcher';

export interface ClaimToCluster {
  text: string;
  language: string;
  /** clusterLookup(text), when already computed (by the extraction thread that found the claim). */
  lookup?: ClusterLookup;
}

/**
 * Finds the cluster of each claim that enters the workflow, in the caller's transaction:
 * 1. its normalised text's key, if stored, names the cluster (identical claims always meet here);
 * 2. else stored texts with the same near-duplicate guard (numbers, entities, negations) and a
 *    length in range (btree index) are checked with the near-duplicate rule (the shared matcher's
 *    similarity under the guards, near-duplicate.ts), the closest (character n-grams) joined;
 * 3. else a new cluster. The key is then claimed with INSERT ... ON CONFLICT DO NOTHING: of two
 *    transactions adding the same new text at once, the second waits for the first and takes its
 *    cluster, so racing copies end in one cluster.
 */
@Injectable()
export class ClusterAssignment {
  constructor(
    private readonly tx: TransactionHost,
    private readonly clusters: ClusterRepository,
    private readonly matcher: NearDuplicateMatcher,
  ) {}

  async assign(claims: ClaimToCluster[]): Promise<string[]> {
    if (claims.length === 0) return [];
    if (!this.tx.inTransaction) throw new Error('cluster assignment must run inside the transaction that stores the claims');
    const prepared = claims.map((claim) => claim.lookup ?? clusterLookup(claim.text));
    const keys = prepared.map((lookup) => lookup.key);
    const known = await this.clusters.clustersOfKeys([...new Set(keys)]);

    const missing = [...new Set(keys.filter((key) => !known.has(key)))];
    if (missing.length > 0) {
      const firstOf = new Map<string, number>();
      keys.forEach((key, index) => firstOf.has(key) || firstOf.set(key, index));
      const prints = missing.map((key) => prepared[firstOf.get(key)!]);
      const lookups = prints.flatMap((print, position) =>
        print.guard ? [{ position, guard: print.guard, ...nearDuplicateLengths(print) }] : [],
      );
      const candidates = await this.clusters.nearCandidates(lookups);
      const candidatesOf = missing.map(() => [] as typeof candidates);
      for (const candidate of candidates) candidatesOf[lookups[candidate.position - 1].position].push(candidate);
      const closest = await this.matcher.closest(
        missing.map((key, position) => {
          const index = firstOf.get(key)!;
          return {
            text: claims[index].text,
            language: claims[index].language,
            normalized: prepared[index].normalized,
            candidates: candidatesOf[position].map((candidate) => ({ text: candidate.sample_text, normalized: candidate.normalized_text })),
          };
        }),
      );
      const proposed: ClusterKeyInput[] = missing.map((key, position) => {
        const index = firstOf.get(key)!;
        const own = prints[position];
        const match = candidatesOf[position][closest[position]];
        return {
          key,
          clusterId: match?.cluster_id ?? randomUUID(),
          normalized: own.normalized,
          sample: claims[index].text,
          language: claims[index].language,
          guard: own.guard,
          length: own.length,
        };
      });
      // Clusters no candidate named are new: created with their keys, for the keys this transaction wins.
      const matched = new Set(candidates.map((candidate) => candidate.cluster_id));
      const inserted = await this.clusters.insertKeys(
        proposed,
        proposed.filter((row) => !matched.has(row.clusterId)).map((row) => row.clusterId),
      );
      for (const row of proposed) if (inserted.has(row.key)) known.set(row.key, row.clusterId);
      const lost = proposed.filter((row) => !inserted.has(row.key)).map((row) => row.key);
      for (const [key, clusterId] of await this.clusters.clustersOfKeys(lost)) known.set(key, clusterId);
    }
    return keys.map((key) => {
      const clusterId = known.get(key);
      if (!clusterId) throw new Error(`cluster key ${key} vanished while assigning`);
      return clusterId;
    });
  }
}
