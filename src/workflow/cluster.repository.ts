import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../database/transaction-host';
import { asParameter } from '../database/array-parameter';
import { ClusterDecision, ClusterKeyInput, ClusterMemberRow, ClusterRow } from './cluster.entity';

const CLUSTER_COLUMNS = `id, status, verdict_rating, verdict_summary, verdict_reviewer_id, decided_at, decided_task_id, dismiss_reason,
  merged_into_id, created_at, updated_at`;

/** Near-duplicate candidates read per claim (same guard, length within the rule's ratio), oldest first. */
const CANDIDATES_PER_TEXT = 50;

@Injectable()
export class ClusterRepository {
  constructor(private readonly tx: TransactionHost) {}

  async clustersOfKeys(keys: string[]): Promise<Map<string, string>> {
    if (keys.length === 0) return new Map();
    const rows = await this.tx.query<{ key: string; cluster_id: string }>(
      `SELECT key, cluster_id FROM cluster_keys WHERE key = ANY(${asParameter('$1', 'text[]')})`,
      [keys],
    );
    return new Map(rows.map((row) => [row.key, row.cluster_id]));
  }

  /**
   * For each lookup (by position), stored texts with the same near-duplicate guard and a length in
   * range: one btree range scan each (cluster_keys_guard_idx), in one statement.
   */
  async nearCandidates(
    lookups: { guard: string; min: number; max: number }[],
  ): Promise<{ position: number; cluster_id: string; normalized_text: string; sample_text: string }[]> {
    if (lookups.length === 0) return [];
    return this.tx.query(
      `SELECT q.position::int AS position, k.cluster_id, k.normalized_text, k.sample_text
         FROM unnest($1::text[], $2::int[], $3::int[]) WITH ORDINALITY AS q(guard, min_length, max_length, position)
         CROSS JOIN LATERAL (
           SELECT cluster_id, normalized_text, sample_text FROM cluster_keys
            WHERE guard = q.guard AND length BETWEEN q.min_length AND q.max_length
            ORDER BY length, key LIMIT $4) k
        ORDER BY q.position`,
      [
        lookups.map((lookup) => lookup.guard),
        lookups.map((lookup) => lookup.min),
        lookups.map((lookup) => lookup.max),
        CANDIDATES_PER_TEXT,
      ],
    );
  }

  /**
   * Claims the keys for the given clusters; a key another transaction claimed first is left to it
   * (ON CONFLICT waits for that transaction, then does nothing). Sorted, so two articles sharing
   * several keys never wait on each other in a cycle. The clusters named in `newClusterIds` are
   * created in the same statement for the keys this call inserted. Returns the keys this call inserted.
   */
  async insertKeys(keys: ClusterKeyInput[], newClusterIds: string[] = []): Promise<Set<string>> {
    if (keys.length === 0) return new Set();
    const sorted = [...keys].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const rows = await this.tx.query<{ key: string }>(
      `WITH inserted AS (
         INSERT INTO cluster_keys (key, cluster_id, normalized_text, sample_text, language, guard, length)
         SELECT * FROM unnest($1::text[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[]) ORDER BY 1
         ON CONFLICT (key) DO NOTHING RETURNING key, cluster_id
       ), created AS (
         INSERT INTO claim_clusters (id) SELECT DISTINCT cluster_id FROM inserted WHERE cluster_id = ANY($8::uuid[])
         ON CONFLICT (id) DO NOTHING
       )
       SELECT key FROM inserted`,
      [
        sorted.map((row) => row.key),
        sorted.map((row) => row.clusterId),
        sorted.map((row) => row.normalized),
        sorted.map((row) => row.sample),
        sorted.map((row) => row.language),
        sorted.map((row) => row.guard),
        sorted.map((row) => row.length),
        newClusterIds,
      ],
    );
    return new Set(rows.map((row) => row.key));
  }

  async create(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.tx.query(`INSERT INTO claim_clusters (id) SELECT unnest($1::uuid[]) ON CONFLICT (id) DO NOTHING`, [ids]);
  }

  /** Locks clusters in id order (the lock order: task, cluster, claims, articles). */
  lock(ids: string[]): Promise<ClusterRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.tx.query<ClusterRow>(
      `SELECT ${CLUSTER_COLUMNS} FROM claim_clusters WHERE id = ANY(${asParameter('$1', 'uuid[]')}) ORDER BY id FOR UPDATE`,
      [[...new Set(ids)]],
    );
  }

  async find(id: string): Promise<ClusterRow | null> {
    const [row] = await this.tx.query<ClusterRow>(`SELECT ${CLUSTER_COLUMNS} FROM claim_clusters WHERE id = $1`, [id]);
    return row ?? null;
  }

  findMany(ids: string[]): Promise<ClusterRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.tx.query<ClusterRow>(`SELECT ${CLUSTER_COLUMNS} FROM claim_clusters WHERE id = ANY(${asParameter('$1', 'uuid[]')})`, [ids]);
  }

  /** The clusters, each with whether it has an open or claimed review task, in one read (no locks). */
  findManyWithTaskFlag(ids: string[]): Promise<Array<ClusterRow & { has_active_task: boolean }>> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.tx.query<ClusterRow & { has_active_task: boolean }>(
      `SELECT ${CLUSTER_COLUMNS}, EXISTS (SELECT 1 FROM review_tasks t WHERE t.cluster_id = c.id AND t.status IN ('open', 'claimed')) AS has_active_task
         FROM claim_clusters c WHERE c.id = ANY(${asParameter('$1', 'uuid[]')})`,
      [ids],
    );
  }

  async decide(clusterId: string, decision: ClusterDecision): Promise<void> {
    await this.tx.query(
      `UPDATE claim_clusters SET status = $2, verdict_rating = $3, verdict_summary = $4, verdict_reviewer_id = $5,
              decided_at = COALESCE($8::timestamptz, now()), decided_task_id = $6, dismiss_reason = $7, updated_at = now() WHERE id = $1`,
      [
        clusterId,
        decision.status,
        decision.rating,
        decision.summary,
        decision.reviewerId,
        decision.taskId,
        decision.dismissReason,
        decision.decidedAt ?? null,
      ],
    );
  }

  /** A new cluster that starts with another's decision (a detached claim that a reviewer decided directly). */
  async copyDecision(fromId: string, toId: string): Promise<void> {
    await this.tx.query(
      `UPDATE claim_clusters t SET status = f.status, verdict_rating = f.verdict_rating, verdict_summary = f.verdict_summary,
              verdict_reviewer_id = f.verdict_reviewer_id, decided_at = f.decided_at, decided_task_id = f.decided_task_id,
              dismiss_reason = f.dismiss_reason, updated_at = now()
         FROM claim_clusters f WHERE f.id = $1 AND t.id = $2`,
      [fromId, toId],
    );
  }

  /** Members of clusters (all of them, or only those of one newsroom), oldest first, with their articles. */
  members(clusterIds: string[], newsroomId: string | null = null): Promise<ClusterMemberRow[]> {
    if (clusterIds.length === 0) return Promise.resolve([]);
    return this.tx.query<ClusterMemberRow>(
      `SELECT c.cluster_id, c.id, c.article_id, c.newsroom_id, c.text, c.status, a.title AS article_title, a.url AS article_url
         FROM claims c JOIN articles a ON a.id = c.article_id
        WHERE c.cluster_id = ANY(${asParameter('$1', 'uuid[]')}) AND ($2::uuid IS NULL OR c.newsroom_id = $2)
        ORDER BY c.cluster_id, c.created_at, c.id`,
      [clusterIds, newsroomId],
    );
  }

  async sizes(clusterIds: string[]): Promise<Map<string, number>> {
    if (clusterIds.length === 0) return new Map();
    const rows = await this.tx.query<{ cluster_id: string; size: number }>(
      `SELECT cluster_id, count(*)::int AS size FROM claims WHERE cluster_id = ANY(${asParameter('$1', 'uuid[]')}) GROUP BY cluster_id`,
      [clusterIds],
    );
    return new Map(rows.map((row) => [row.cluster_id, row.size]));
  }

  async hasMemberOf(clusterId: string, newsroomId: string): Promise<boolean> {
    const rows = await this.tx.query(`SELECT 1 FROM claims WHERE cluster_id = $1 AND newsroom_id = $2 LIMIT 1`, [clusterId, newsroomId]);
    return rows.length > 0;
  }

  /**
   * What each cluster's priority is made of: the distinct articles of all its members, and the best
   * base priority (weights from review-priority.ts) among members still undecided. One statement.
   */
  async priorityInputs(
    clusterIds: string[],
    weights: { checkworthiness: number; urgency: number },
  ): Promise<Map<string, { articles: number; base: number }>> {
    if (clusterIds.length === 0) return new Map();
    const rows = await this.tx.query<{ cluster_id: string; articles: number; base: number | null }>(
      `SELECT c.cluster_id, count(DISTINCT c.article_id)::int AS articles,
              max($2::float8 * c.checkworthiness + $3::float8 * a.urgency)
                FILTER (WHERE c.status IN ('pending', 'verifying', 'needs_review', 'in_review'))::float8 AS base
         FROM claims c JOIN articles a ON a.id = c.article_id WHERE c.cluster_id = ANY(${asParameter('$1', 'uuid[]')}) GROUP BY c.cluster_id`,
      [[...new Set(clusterIds)], weights.checkworthiness, weights.urgency],
    );
    return new Map(rows.map((row) => [row.cluster_id, { articles: row.articles, base: row.base ?? 0 }]));
  }

  /** Every key of `fromId` now leads to `toId` (a merge). */
  async moveKeys(fromId: string, toId: string): Promise<void> {
    await this.tx.query(`UPDATE cluster_keys SET cluster_id = $2 WHERE cluster_id = $1`, [fromId, toId]);
  }

  /** One key now leads to `toId`, if it led to `fromId` (a detached claim takes its text with it). */
  async moveKey(key: string, fromId: string, toId: string): Promise<void> {
    await this.tx.query(`UPDATE cluster_keys SET cluster_id = $3 WHERE key = $1 AND cluster_id = $2`, [key, fromId, toId]);
  }

  async moveMembers(fromId: string, toId: string): Promise<void> {
    await this.tx.query(`UPDATE claims SET cluster_id = $2 WHERE cluster_id = $1`, [fromId, toId]);
  }

  async otherMemberWithText(clusterId: string, claimId: string, text: string): Promise<boolean> {
    const rows = await this.tx.query(`SELECT 1 FROM claims WHERE cluster_id = $1 AND id <> $2 AND text = $3 LIMIT 1`, [
      clusterId,
      claimId,
      text,
    ]);
    return rows.length > 0;
  }

  async markMerged(fromId: string, intoId: string): Promise<void> {
    await this.tx.query(`UPDATE claim_clusters SET merged_into_id = $2, updated_at = now() WHERE id = $1`, [fromId, intoId]);
  }

  async addEvent(event: {
    clusterId: string;
    claimId: string | null;
    kind: 'detached' | 'merged';
    otherClusterId: string;
    actorId: string;
  }) {
    await this.tx.query(`INSERT INTO cluster_events (cluster_id, claim_id, kind, other_cluster_id, actor_id) VALUES ($1, $2, $3, $4, $5)`, [
      event.clusterId,
      event.claimId,
      event.kind,
      event.otherClusterId,
      event.actorId,
    ]);
  }
}
