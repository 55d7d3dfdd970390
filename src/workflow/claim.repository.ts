import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../database/transaction-host';
import { asParameter } from '../database/array-parameter';
import type { ClaimStatus } from './claim-status';
import { ClaimEventRow, ClaimRow, EvidenceRow, NewClaim, NewEvidence } from './claim.entity';
import { SubscribedEndpoint, subscribersOfSql, WebhookEndpointRepository } from '../webhooks/webhook-endpoint.repository';

export interface StoredVerdict {
  rating: string;
  summary: string;
  reviewerId: string;
  decidedAt?: Date | null;
}

const CLAIM_COLUMNS = `id, article_id, newsroom_id, seq, text, start_offset, end_offset, checkworthiness, language,
  context_before, context_after, status, version, verdict_rating, verdict_summary, verdict_reviewer_id,
  verdict_decided_at, verdict_inherited, cluster_id, created_at, updated_at`;
export const CLAIM_COLUMN_NAMES = CLAIM_COLUMNS.split(',').map((column) => column.trim()) as (keyof ClaimRow)[];

/** The SQL call of claimflow_lock_task_claims on the given SQL expressions, for other statements to embed (jsonb: LockedClaimsJson). */
export const lockTaskClaimsCall = (clusterId: string, claimId: string, statuses: string) =>
  `claimflow_lock_task_claims(${clusterId}::uuid, ${claimId}::uuid, ${statuses}::text[])`;

/** What claimflow_lock_task_claims returns: claim rows as jsonb (timestamps as ISO strings). */
export type LockedClaimsJson = Array<Record<keyof ClaimRow, unknown>>;

/** Claim rows from claimflow_lock_task_claims' jsonb, typed as the rows of a query are. */
export function claimRowsFromJson(rows: LockedClaimsJson | null): ClaimRow[] {
  const date = (value: unknown) => (value === null ? null : new Date(value as string));
  return (rows ?? []).map((row) => {
    const claim = Object.fromEntries(CLAIM_COLUMN_NAMES.map((column) => [column, row[column]])) as unknown as ClaimRow;
    return {
      ...claim,
      verdict_decided_at: date(row.verdict_decided_at),
      created_at: date(row.created_at)!,
      updated_at: date(row.updated_at)!,
    };
  });
}

export const EVIDENCE_COLUMN_NAMES = [
  'id',
  'claim_id',
  'url',
  'title',
  'excerpt',
  'stance',
  'source',
  'score',
  'created_by',
  'created_at',
] as const satisfies readonly (keyof EvidenceRow)[];

/** Evidence rows from jsonb (see EVIDENCE_COLUMN_NAMES), typed as the rows of a query are. */
export function evidenceRowsFromJson(rows: Array<Record<keyof EvidenceRow, unknown>> | null): EvidenceRow[] {
  return (rows ?? []).map((row) => ({ ...(row as unknown as EvidenceRow), created_at: new Date(row.created_at as string) }));
}

@Injectable()
export class ClaimRepository {
  constructor(
    private readonly tx: TransactionHost,
    private readonly endpoints: WebhookEndpointRepository,
  ) {}

  /** Inserts claims with their first history row; an (article, seq) already stored is skipped. */
  async insertWithInitialEvents(claims: NewClaim[]): Promise<ClaimRow[]> {
    if (claims.length === 0) return [];
    const column = <K extends keyof NewClaim>(key: K) => claims.map((claim) => claim[key]);
    return this.tx.query<ClaimRow>(
      `WITH inserted AS (
         INSERT INTO claims (id, article_id, newsroom_id, seq, text, start_offset, end_offset, checkworthiness, language,
                             context_before, context_after, status, cluster_id)
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::int[], $5::text[], $6::int[], $7::int[], $8::real[],
                              $9::text[], $10::text[], $11::text[], $12::text[], $13::uuid[])
         ON CONFLICT (article_id, seq) DO NOTHING
         RETURNING ${CLAIM_COLUMNS}
       ), history AS (
         INSERT INTO claim_events (claim_id, from_status, to_status, version) SELECT id, NULL, status, 1 FROM inserted
       )
       SELECT * FROM inserted ORDER BY seq`,
      [
        column('id'),
        column('articleId'),
        column('newsroomId'),
        column('seq'),
        column('text'),
        column('start'),
        column('end'),
        column('checkworthiness'),
        column('language'),
        column('contextBefore'),
        column('contextAfter'),
        column('status'),
        column('clusterId'),
      ],
    );
  }

  async lock(id: string): Promise<ClaimRow | null> {
    const [row] = await this.tx.query<ClaimRow>(`SELECT ${CLAIM_COLUMNS} FROM claims WHERE id = $1 FOR UPDATE`, [id]);
    return row ?? null;
  }

  /** Locks several claims, in id order so concurrent batches never deadlock. */
  lockMany(ids: string[]): Promise<ClaimRow[]> {
    return this.tx.query<ClaimRow>(
      `SELECT ${CLAIM_COLUMNS} FROM claims WHERE id = ANY(${asParameter('$1', 'uuid[]')}) ORDER BY id FOR UPDATE`,
      [ids],
    );
  }

  async find(id: string): Promise<ClaimRow | null> {
    const [row] = await this.tx.query<ClaimRow>(`SELECT ${CLAIM_COLUMNS} FROM claims WHERE id = $1`, [id]);
    return row ?? null;
  }

  /** Where claims stand, unlocked: only the columns a look before locking needs (a batch's rows are parsed for nothing else). */
  statesOf(ids: string[]): Promise<Array<Pick<ClaimRow, 'id' | 'status' | 'cluster_id'>>> {
    return this.tx.query(`SELECT id, status, cluster_id FROM claims WHERE id = ANY(${asParameter('$1', 'uuid[]')})`, [ids]);
  }

  listByArticle(articleId: string): Promise<ClaimRow[]> {
    return this.tx.query<ClaimRow>(`SELECT ${CLAIM_COLUMNS} FROM claims WHERE article_id = $1 ORDER BY seq`, [articleId]);
  }

  /**
   * Moves locked claims to a new status, bumping each version and appending each history row, in one
   * statement. A verdict, when given, is stored with the change (decided now unless `decidedAt` says
   * when: an inherited cluster verdict keeps its time); `withdrawVerdict` clears it. The same statement
   * reads the claims' newsrooms' webhook subscribers, which the status events need next (remembered for
   * this transaction: WebhookEndpointRepository.remember).
   */
  async changeStatusMany(
    claims: ClaimRow[],
    to: ClaimStatus,
    event: { actorId: string | null; reason: string | null },
    verdict?: StoredVerdict,
    decision: { inherited?: boolean; withdrawVerdict?: boolean } = {},
  ): Promise<ClaimRow[]> {
    if (claims.length === 0) return [];
    const rows = await this.tx.query<ClaimRow & { subscribers: SubscribedEndpoint[] }>(
      `WITH input AS (
         SELECT * FROM unnest(${asParameter('$1', 'uuid[]')}, ${asParameter('$2', 'text[]')}) AS t(id, from_status)
       ), updated AS (
         UPDATE claims c SET status = $3, version = c.version + 1, updated_at = now(),
                verdict_rating = CASE WHEN $10 THEN NULL ELSE COALESCE($4, c.verdict_rating) END,
                verdict_summary = CASE WHEN $10 THEN NULL ELSE COALESCE($5, c.verdict_summary) END,
                verdict_reviewer_id = CASE WHEN $10 THEN NULL ELSE COALESCE($6, c.verdict_reviewer_id) END,
                verdict_decided_at = CASE WHEN $10 THEN NULL WHEN $4::text IS NULL THEN c.verdict_decided_at
                                          ELSE COALESCE($11::timestamptz, now()) END,
                verdict_inherited = CASE WHEN $10 THEN false WHEN $9::boolean IS NULL THEN c.verdict_inherited ELSE $9 END
           FROM input WHERE c.id = input.id
         RETURNING ${CLAIM_COLUMNS.split(',')
           .map((column) => `c.${column.trim()}`)
           .join(', ')}, input.from_status
       ), history AS (
         INSERT INTO claim_events (claim_id, from_status, to_status, version, actor_id, reason, at)
         SELECT id, from_status, status, version, $7, $8, updated_at FROM updated
       )
       SELECT ${CLAIM_COLUMNS}, ${subscribersOfSql('SELECT newsroom_id FROM updated')} AS subscribers FROM updated`,
      [
        claims.map((claim) => claim.id),
        claims.map((claim) => claim.status),
        to,
        verdict?.rating ?? null,
        verdict?.summary ?? null,
        verdict?.reviewerId ?? null,
        event.actorId,
        event.reason,
        decision.inherited ?? null,
        decision.withdrawVerdict ?? false,
        verdict?.decidedAt ?? null,
      ],
    );
    this.endpoints.remember(
      rows.map((row) => row.newsroom_id),
      rows[0]?.subscribers ?? [],
    );
    return rows.map(({ subscribers: _subscribers, ...claim }) => claim);
  }

  /**
   * The claims a review task stands for, locked in the lock order in one round trip: its cluster row,
   * then the members in the given statuses (id order); without a cluster, its own claim if in one of
   * them. See migration 1764880000000 for why this is a function and not one statement.
   */
  async lockTaskClaims(task: { cluster_id: string | null; claim_id: string }, statuses: readonly ClaimStatus[]): Promise<ClaimRow[]> {
    const [row] = await this.tx.query<{ claims: LockedClaimsJson }>(`SELECT ${lockTaskClaimsCall('$1', '$2', '$3')} AS claims`, [
      task.cluster_id,
      task.claim_id,
      statuses,
    ]);
    return claimRowsFromJson(row.claims);
  }

  /** Members of a cluster in the given statuses, locked in id order. */
  lockClusterMembers(clusterId: string, statuses: readonly ClaimStatus[]): Promise<ClaimRow[]> {
    return this.tx.query<ClaimRow>(
      `SELECT ${CLAIM_COLUMNS} FROM claims WHERE cluster_id = $1 AND status = ANY($2::text[]) ORDER BY id FOR UPDATE`,
      [clusterId, statuses],
    );
  }

  /** Sets the cluster of claims (pending claims joining one, a detached claim, a merge). */
  async setCluster(claimIds: string[], clusterId: string): Promise<void> {
    if (claimIds.length === 0) return;
    await this.tx.query(`UPDATE claims SET cluster_id = $2 WHERE id = ANY(${asParameter('$1', 'uuid[]')})`, [claimIds, clusterId]);
  }

  events(claimId: string): Promise<ClaimEventRow[]> {
    return this.tx.query<ClaimEventRow>(
      `SELECT claim_id, from_status, to_status, version, actor_id, reason, at FROM claim_events
        WHERE claim_id = $1 ORDER BY version`,
      [claimId],
    );
  }

  evidenceOf(claimIds: string[]): Promise<EvidenceRow[]> {
    if (claimIds.length === 0) return Promise.resolve([]);
    return this.tx.query<EvidenceRow>(
      `SELECT id, claim_id, url, title, excerpt, stance, source, score, created_by, created_at FROM evidence
        WHERE claim_id = ANY(${asParameter('$1', 'uuid[]')}) ORDER BY claim_id, score DESC NULLS LAST, created_at, id`,
      [claimIds],
    );
  }

  async addEvidence(items: NewEvidence[]): Promise<EvidenceRow[]> {
    if (items.length === 0) return [];
    const column = <K extends keyof NewEvidence>(key: K) => items.map((item) => item[key] ?? null);
    return this.tx.query<EvidenceRow>(
      `INSERT INTO evidence (id, claim_id, url, title, excerpt, stance, source, score, created_by)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::real[], $9::uuid[])
       RETURNING id, claim_id, url, title, excerpt, stance, source, score, created_by, created_at`,
      [
        items.map(() => randomUUID()),
        column('claimId'),
        column('url'),
        column('title'),
        column('excerpt'),
        column('stance'),
        column('source'),
        column('score'),
        column('createdBy'),
      ],
    );
  }

  /** Copies a claim's reviewer evidence to other claims (members of its cluster decided with it), set-wise. */
  async copyReviewerEvidence(fromClaimId: string, toClaimIds: string[]): Promise<void> {
    if (toClaimIds.length === 0) return;
    await this.tx.query(
      `INSERT INTO evidence (id, claim_id, url, title, excerpt, stance, source, score, created_by, copied_from_claim_id)
       SELECT gen_random_uuid(), t.id, e.url, e.title, e.excerpt, e.stance, e.source, e.score, e.created_by, e.claim_id
         FROM evidence e CROSS JOIN unnest($2::uuid[]) AS t(id)
        WHERE e.claim_id = $1 AND e.source = 'reviewer'`,
      [fromClaimId, toClaimIds],
    );
  }

  /** Removes the evidence copied to a claim from another (a cluster's verdict); returns how many rows. */
  async removeCopiedEvidence(claimId: string): Promise<number> {
    const rows = await this.tx.query<{ id: string }>(
      `DELETE FROM evidence WHERE claim_id = $1 AND copied_from_claim_id IS NOT NULL RETURNING id`,
      [claimId],
    );
    return rows.length;
  }

  /** Removes what automated verification attached, so a re-run replaces rather than duplicates it. */
  async removeAutomatedEvidence(claimIds: string[]): Promise<void> {
    await this.tx.query(`DELETE FROM evidence WHERE claim_id = ANY(${asParameter('$1', 'uuid[]')}) AND source <> 'reviewer'`, [claimIds]);
  }
}
