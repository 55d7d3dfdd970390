import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../database/transaction-host';
import type { ClaimStatus } from './claim-status';
import { ClaimRow, EvidenceRow } from './claim.entity';
import {
  CLAIM_COLUMN_NAMES,
  claimRowsFromJson,
  EVIDENCE_COLUMN_NAMES,
  evidenceRowsFromJson,
  LockedClaimsJson,
  lockTaskClaimsCall,
} from './claim.repository';
import { SubscribedEndpoint, subscribersOfSql, WebhookEndpointRepository } from '../webhooks/webhook-endpoint.repository';
import type { WebhookEventType } from '../webhooks/webhook-event-types';
import { ClusterMemberRow } from './cluster.entity';
import { AGING_PER_HOUR, FAIR_SHARE_HALF_LIFE_SECONDS, FAIR_SHARE_PENALTY_PER_LEASE } from './review-priority';
import { NewReviewTask, ReviewTaskAnswerRow, ReviewTaskRow, ReviewTaskStatus, ReviewTaskViewRow } from './review-task.entity';

export const TASK_COLUMNS = `id, claim_id, cluster_id, newsroom_id, status, priority, rank_key, language, assignee_id, lease_token, lease_expires_at,
  suggestions, created_at, updated_at`;
const VIEW_COLUMNS = `${TASK_COLUMNS.split(',')
  .map((column) => `t.${column.trim()}`)
  .join(', ')},
  c.article_id, a.title AS article_title, a.url AS article_url`;

const jsonObject = (alias: string, columns: readonly string[]) =>
  `jsonb_build_object(${columns.map((column) => `'${column}', ${alias}.${column}`).join(', ')})`;

/**
 * What a task answer shows besides the task and its article, read with it in the same statement: its
 * claim, the claim's evidence (best first) and every member of the task's cluster with its article
 * (the cluster's size is their count). One read per answer however many parts. For ANSWER_COLUMNS `c`
 * is the task's claim; `members` is a FROM item of claim rows named `m`.
 */
const answerParts = (claimJson: string, claimId: string, clusterId: string, members: string) => `${claimJson} AS claim_json,
  (SELECT COALESCE(jsonb_agg(${jsonObject('e', EVIDENCE_COLUMN_NAMES)} ORDER BY e.score DESC NULLS LAST, e.created_at, e.id), '[]'::jsonb)
     FROM evidence e WHERE e.claim_id = ${claimId}) AS evidence_json,
  (SELECT COALESCE(jsonb_agg(jsonb_build_object('cluster_id', m.cluster_id, 'id', m.id, 'article_id', m.article_id,
            'newsroom_id', m.newsroom_id, 'text', m.text, 'status', m.status, 'article_title', ma.title, 'article_url', ma.url)
            ORDER BY m.created_at, m.id), '[]'::jsonb)
     FROM ${members} JOIN articles ma ON ma.id = m.article_id WHERE m.cluster_id = ${clusterId}) AS members_json`;
const ANSWER_COLUMNS = `${VIEW_COLUMNS}, ${answerParts(jsonObject('c', CLAIM_COLUMN_NAMES), 'c.id', 't.cluster_id', 'claims m')}`;

/**
 * The same answer for the task the lease statement leased (`moved`: its row and the claims it moved).
 * That statement's reads see the database as it was when it began, so the moved claims are taken
 * from what the move returned (the task's own claim, and the members in place of their earlier rows).
 */
const MEMBER_COLUMNS = 'id, cluster_id, article_id, newsroom_id, text, status, created_at';
const LEASED_ANSWER_PARTS = answerParts(
  `COALESCE((SELECT e FROM jsonb_array_elements(moved.moved_claims) e WHERE (e ->> 'id')::uuid = moved.claim_id), ${jsonObject('c', CLAIM_COLUMN_NAMES)})`,
  'moved.claim_id',
  'moved.cluster_id',
  `(SELECT ${MEMBER_COLUMNS} FROM claims
     WHERE cluster_id = moved.cluster_id AND id NOT IN (SELECT (e ->> 'id')::uuid FROM jsonb_array_elements(moved.moved_claims) e)
    UNION ALL
    SELECT ${MEMBER_COLUMNS} FROM jsonb_to_recordset(moved.moved_claims)
      AS r(id uuid, cluster_id uuid, article_id uuid, newsroom_id uuid, text text, status text, created_at timestamptz)) m`,
);

/** What claimflow_move_task_claims returns: the moved claim rows as jsonb, each with its status before. */
type MovedClaimsJson = Array<Record<keyof ClaimRow, unknown> & { from_status: ClaimStatus }>;

/** SQLSTATE of claimflow_move_task_claims refusing a move whose events nobody could record (see leaseNextOpen). */
const SUBSCRIBED_REFUSAL = 'CF409';

export function isSubscribedRefusal(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === SUBSCRIBED_REFUSAL;
}

type AnswerJsonRow = ReviewTaskViewRow & {
  claim_json: LockedClaimsJson[number];
  evidence_json: Array<Record<keyof EvidenceRow, unknown>>;
  members_json: ClusterMemberRow[];
};

function answerRow({ claim_json, evidence_json, members_json, ...view }: AnswerJsonRow): ReviewTaskAnswerRow {
  return { ...view, claim: claimRowsFromJson([claim_json])[0], evidence: evidenceRowsFromJson(evidence_json), members: members_json };
}

/**
 * The fence of every holder-only write: the caller holds the live lease (the token of its lease, when
 * it sent one). It sits in the same UPDATE as the write, so it is checked under the row lock at the
 * instant of the write; clock_timestamp() (not the transaction's start time) decides expiry.
 */
const HOLDER = `status = 'claimed' AND assignee_id = $2 AND lease_token = COALESCE($3::uuid, lease_token)
  AND lease_expires_at > clock_timestamp()`;

/**
 * Whether any lease has expired without being lapsed yet, read off the first entry of
 * review_tasks_lease_idx (the earliest expiry of a claimed task). `EXISTS (... lease_expires_at <=
 * clock_timestamp())` read every claimed task instead: clock_timestamp() is volatile, so it cannot
 * bound an index scan, and the planner filtered all of a busy desk's leases on every claim-next.
 */
const ANY_LEASE_LAPSED = `COALESCE((SELECT lease_expires_at FROM review_tasks WHERE status = 'claimed' ORDER BY lease_expires_at LIMIT 1)
  <= clock_timestamp(), false)`;

/** Leases counted toward their newsrooms' decaying shares (review-priority.ts): `rows` are (newsroom_id, 1, now()). */
const countLeases = (rows: string, halfLife: string) => `INSERT INTO newsroom_review_share AS s (newsroom_id, leases, updated_at) ${rows}
  ON CONFLICT (newsroom_id) DO UPDATE
    SET leases = s.leases * power(0.5, extract(epoch FROM now() - s.updated_at) / ${halfLife}::float8) + 1, updated_at = now()`;

export type HolderWrite = 'touch' | 'extend' | 'release' | 'finish';
const HOLDER_WRITES: Record<HolderWrite, string> = {
  touch: `updated_at = now()`,
  extend: `lease_expires_at = clock_timestamp() + $4 * interval '1 second', updated_at = now()`,
  release: `status = 'open', assignee_id = NULL, lease_token = NULL, lease_expires_at = NULL, updated_at = now()`,
  finish: `status = 'done', lease_token = NULL, lease_expires_at = NULL, updated_at = now()`,
};

@Injectable()
export class ReviewTaskRepository {
  constructor(
    private readonly tx: TransactionHost,
    private readonly endpoints: WebhookEndpointRepository,
  ) {}

  /** Opens the claim's task (one per claim); re-opening keeps its id and its age. */
  async open(task: NewReviewTask): Promise<ReviewTaskRow> {
    const [row] = await this.openMany([task]);
    return row;
  }

  /**
   * Opens tasks for clusters, each presented with one claim of its cluster (one task per claim ever:
   * re-opening a claim's earlier task keeps its id and age and moves it to the given cluster). The
   * caller holds the clusters' locks and has checked that none has an open or claimed task (the partial
   * unique index review_tasks_cluster_active_idx enforces it).
   */
  openMany(tasks: NewReviewTask[]): Promise<ReviewTaskRow[]> {
    if (tasks.length === 0) return Promise.resolve([]);
    return this.tx.query<ReviewTaskRow>(
      `INSERT INTO review_tasks (id, claim_id, cluster_id, status, priority, rank_key, language, suggestions)
       SELECT id, claim_id, cluster_id, 'open', priority, priority - $6::float8 * extract(epoch FROM now()) / 3600, language, suggestions::jsonb
         FROM unnest($1::uuid[], $2::uuid[], $3::float8[], $4::text[], $5::text[], $7::uuid[])
           AS t(id, claim_id, priority, language, suggestions, cluster_id)
       ON CONFLICT (claim_id) DO UPDATE SET status = 'open', priority = EXCLUDED.priority, suggestions = EXCLUDED.suggestions,
         rank_key = EXCLUDED.priority - $6::float8 * extract(epoch FROM review_tasks.created_at) / 3600,
         cluster_id = EXCLUDED.cluster_id, assignee_id = NULL, lease_token = NULL, lease_expires_at = NULL, updated_at = now()
       RETURNING ${TASK_COLUMNS}`,
      [
        tasks.map(() => randomUUID()),
        tasks.map((task) => task.claimId),
        tasks.map((task) => task.priority),
        tasks.map((task) => task.language),
        tasks.map((task) => JSON.stringify(task.suggestions)),
        AGING_PER_HOUR,
        tasks.map((task) => task.clusterId),
      ],
    );
  }

  /** The open or claimed task of each cluster (at most one each); locked when `lock`, in id order. */
  activeOfClusters(clusterIds: string[], lock: boolean): Promise<ReviewTaskRow[]> {
    if (clusterIds.length === 0) return Promise.resolve([]);
    return this.tx.query<ReviewTaskRow>(
      `SELECT ${TASK_COLUMNS} FROM review_tasks WHERE cluster_id = ANY($1::uuid[]) AND status IN ('open', 'claimed')
        ORDER BY id ${lock ? 'FOR UPDATE' : ''}`,
      [[...new Set(clusterIds)]],
    );
  }

  /** New base priorities (their clusters grew), in one statement; each rank key keeps its task's age. */
  async setPriorities(priorities: Map<string, number>): Promise<void> {
    if (priorities.size === 0) return;
    await this.tx.query(
      `UPDATE review_tasks t SET priority = v.priority, rank_key = v.priority - $3::float8 * extract(epoch FROM t.created_at) / 3600,
              updated_at = now()
         FROM unnest($1::uuid[], $2::float8[]) AS v(id, priority) WHERE t.id = v.id`,
      [[...priorities.keys()], [...priorities.values()], AGING_PER_HOUR],
    );
  }

  async moveToCluster(id: string, clusterId: string): Promise<void> {
    await this.tx.query(`UPDATE review_tasks SET cluster_id = $2, updated_at = now() WHERE id = $1`, [id, clusterId]);
  }

  /** Cancels an open or claimed task (a merge keeps one task per cluster); a holder's later writes get 409. */
  async cancel(id: string): Promise<void> {
    await this.tx.query(
      `UPDATE review_tasks SET status = 'cancelled', assignee_id = NULL, lease_token = NULL, lease_expires_at = NULL, updated_at = now()
        WHERE id = $1 AND status IN ('open', 'claimed')`,
      [id],
    );
  }

  /**
   * Leases an open task in one of the languages (null: any) to the reviewer with a fresh token, in one
   * statement that also returns it with its article's title and url. The pick is fair across
   * newsrooms: the best open task of each newsroom (a skip scan over the per-newsroom index, so only
   * newsrooms with open tasks are visited) competes with its rank key lowered by the newsroom's recent
   * leases (see review-priority.ts); within the chosen newsroom the best task not locked by another
   * reviewer is taken (SKIP LOCKED). When every task of that newsroom is being taken, the plain
   * highest-ranked open task is, so a reviewer never gets 204 while something is open. The same
   * statement says whether any lease has expired without being lapsed yet (`lapsedLeases`), so the
   * common case needs no separate check, and moves the claims the leased task stands for (its cluster's
   * members in `move.from`, locked in the lock order) to `move.to` with their history rows
   * (claimflow_move_task_claims, migration 1764970000000), and returns the task's answer (as
   * findAnswer, see LEASED_ANSWER_PARTS). `moved` are those claims as they now are,
   * `previous` their statuses before. The caller checks the move against the state machine and
   * records its events; their newsrooms' subscribers are read along (WebhookEndpointRepository.remember).
   * Outside a transaction the statement is one by itself: `move.refusedEvent` then makes it fail as a
   * whole (isSubscribedRefusal) when a newsroom of the claims subscribes to that event. `countLease`
   * counts the lease toward its newsroom's share in the same statement (see recordLease): only where
   * the statement is its own transaction, so the hot share row is held just while it commits.
   */
  async leaseNextOpen(
    languages: string[] | null,
    assigneeId: string,
    leaseSeconds: number,
    move: { from: readonly ClaimStatus[]; to: ClaimStatus; reason: string; refusedEvent: WebhookEventType | null },
    countLease: boolean,
  ): Promise<{
    task: ReviewTaskAnswerRow | null;
    lapsedLeases: boolean;
    moved: ClaimRow[];
    previous: Map<string, ClaimStatus>;
    subscribers: SubscribedEndpoint[];
  }> {
    const [row] = await this.tx.query<
      AnswerJsonRow & { lapsed_leases: boolean; moved_claims: MovedClaimsJson | null; subscribers: SubscribedEndpoint[] | null }
    >(
      `WITH RECURSIVE heads AS (
         (SELECT newsroom_id, rank_key FROM review_tasks
           WHERE status = 'open' AND newsroom_id IS NOT NULL AND ($1::text[] IS NULL OR language_primary = ANY($1::text[]))
           ORDER BY newsroom_id, rank_key DESC, id DESC LIMIT 1)
         UNION ALL
         SELECT next.newsroom_id, next.rank_key FROM heads h CROSS JOIN LATERAL (
           SELECT newsroom_id, rank_key FROM review_tasks
            WHERE status = 'open' AND newsroom_id > h.newsroom_id AND ($1::text[] IS NULL OR language_primary = ANY($1::text[]))
            ORDER BY newsroom_id, rank_key DESC, id DESC LIMIT 1) next
       ), chosen AS (
         SELECT h.newsroom_id FROM heads h LEFT JOIN newsroom_review_share s ON s.newsroom_id = h.newsroom_id
          ORDER BY h.rank_key - $5::float8 * COALESCE(s.leases * power(0.5, extract(epoch FROM now() - s.updated_at) / $6::float8), 0) DESC,
                   h.newsroom_id
          LIMIT 1
       ), leased AS (
         UPDATE review_tasks t SET status = 'claimed', assignee_id = $2, lease_token = $3,
                lease_expires_at = clock_timestamp() + $4 * interval '1 second', updated_at = now()
           FROM claims c JOIN articles a ON a.id = c.article_id
          WHERE t.id = COALESCE(
                  (SELECT id FROM review_tasks
                    WHERE status = 'open' AND newsroom_id = (SELECT newsroom_id FROM chosen)
                      AND ($1::text[] IS NULL OR language_primary = ANY($1::text[]))
                    ORDER BY newsroom_id, rank_key DESC, id DESC LIMIT 1 FOR UPDATE SKIP LOCKED),
                  (SELECT id FROM review_tasks
                    WHERE status = 'open' AND ($1::text[] IS NULL OR language_primary = ANY($1::text[]))
                    ORDER BY rank_key DESC, id DESC LIMIT 1 FOR UPDATE SKIP LOCKED))
            AND c.id = t.claim_id
          RETURNING ${VIEW_COLUMNS}
       ), moved AS (
         SELECT leased.*, claimflow_move_task_claims(leased.cluster_id, leased.claim_id, $7::text[], $8::text, $2::uuid, $9::text, $10::text)
                AS moved_claims
           FROM leased
       ), counted AS (
         ${countLeases('SELECT newsroom_id, 1, now() FROM leased WHERE $11::boolean AND newsroom_id IS NOT NULL', '$6')}
       )
       SELECT moved.*, ${ANY_LEASE_LAPSED} AS lapsed_leases, ${LEASED_ANSWER_PARTS},
              CASE WHEN moved.id IS NOT NULL AND $10::text IS NULL
                   THEN ${subscribersOfSql(`SELECT (e ->> 'newsroom_id')::uuid FROM jsonb_array_elements(moved.moved_claims) e`)} END
                AS subscribers
         FROM (SELECT 1) one LEFT JOIN moved ON true LEFT JOIN claims c ON c.id = moved.claim_id`,
      [
        languages,
        assigneeId,
        randomUUID(),
        leaseSeconds,
        FAIR_SHARE_PENALTY_PER_LEASE,
        FAIR_SHARE_HALF_LIFE_SECONDS,
        move.from,
        move.to,
        move.reason,
        move.refusedEvent,
        countLease,
      ],
    );
    const { lapsed_leases: lapsedLeases, moved_claims: movedClaims, subscribers, ...task } = row;
    if (subscribers) this.endpoints.remember([...new Set((movedClaims ?? []).map((claim) => claim.newsroom_id as string))], subscribers);
    return {
      task: task.id ? answerRow(task) : null,
      lapsedLeases,
      moved: claimRowsFromJson(movedClaims),
      previous: new Map((movedClaims ?? []).map((claim) => [claim.id as string, claim.from_status])),
      subscribers: subscribers ?? [],
    };
  }

  /**
   * Counts a lease toward its newsroom's recent share (decaying, see review-priority.ts), for a lease
   * that ran in a transaction: on its own after it commits, one short single-row upsert, so reviewers
   * leasing the same newsroom's tasks never queue behind each other's transactions.
   */
  async recordLease(newsroomId: string): Promise<void> {
    await this.tx.query(countLeases('VALUES ($1, 1, now())', '$2'), [newsroomId, FAIR_SHARE_HALF_LIFE_SECONDS]);
  }

  /**
   * Claimed tasks whose lease has lapsed, locked; a sweep skips rows being changed elsewhere. One task
   * (a read's check) waits for its row instead: skipped, the read would show a lapsed lease as held
   * while the sweep's transaction lapses it. After the wait the row is checked again as committed.
   * "Now" is an uncorrelated subquery, evaluated once: unlike clock_timestamp() itself it can bound the
   * scan of review_tasks_lease_idx, so live leases are not read.
   */
  lockExpired(limit: number, taskId: string | null = null): Promise<ReviewTaskRow[]> {
    return this.tx.query<ReviewTaskRow>(
      `SELECT ${TASK_COLUMNS} FROM review_tasks
        WHERE status = 'claimed' AND lease_expires_at <= (SELECT clock_timestamp()) AND ($2::uuid IS NULL OR id = $2)
        ORDER BY lease_expires_at LIMIT $1 FOR UPDATE${taskId ? '' : ' SKIP LOCKED'}`,
      [limit, taskId],
    );
  }

  async anyExpired(taskId: string | null): Promise<boolean> {
    const [row] = taskId
      ? await this.tx.query<{ expired: boolean }>(
          `SELECT status = 'claimed' AND lease_expires_at <= clock_timestamp() AS expired FROM review_tasks WHERE id = $1`,
          [taskId],
        )
      : await this.tx.query<{ expired: boolean }>(`SELECT ${ANY_LEASE_LAPSED} AS expired`);
    return row?.expired === true;
  }

  /** Leases an open task to a reviewer with a fresh token; null when the task is not open. */
  async lease(id: string, assigneeId: string, leaseSeconds: number): Promise<ReviewTaskRow | null> {
    const [row] = await this.tx.query<ReviewTaskRow>(
      `UPDATE review_tasks SET status = 'claimed', assignee_id = $2, lease_token = $3,
              lease_expires_at = clock_timestamp() + $4 * interval '1 second', updated_at = now()
        WHERE id = $1 AND status = 'open' RETURNING ${TASK_COLUMNS}`,
      [id, assigneeId, randomUUID(), leaseSeconds],
    );
    return row ?? null;
  }

  /** A holder-only write, fenced (see HOLDER); null when the caller does not hold a live lease. */
  async writeAsHolder(
    write: HolderWrite,
    id: string,
    assigneeId: string,
    leaseToken: string | null,
    leaseSeconds = 0,
  ): Promise<ReviewTaskRow | null> {
    const params: unknown[] = [id, assigneeId, leaseToken];
    if (write === 'extend') params.push(leaseSeconds);
    const [row] = await this.tx.query<ReviewTaskRow>(
      `UPDATE review_tasks SET ${HOLDER_WRITES[write]} WHERE id = $1 AND ${HOLDER} RETURNING ${TASK_COLUMNS}`,
      params,
    );
    return row ?? null;
  }

  /**
   * The fenced 'finish' write that also locks the claims the task stands for (in `claimStatuses`, as
   * ClaimRepository.lockTaskClaims does: cluster row, then members), in one statement: the task row is
   * locked by the write first, so the lock order holds. Null when the caller does not hold a live lease.
   */
  async finishAsHolder(
    id: string,
    assigneeId: string,
    leaseToken: string | null,
    claimStatuses: readonly ClaimStatus[],
  ): Promise<{ task: ReviewTaskRow; claims: ClaimRow[] } | null> {
    const [row] = await this.tx.query<ReviewTaskRow & { locked_claims: LockedClaimsJson | null }>(
      `WITH finished AS (
         UPDATE review_tasks SET ${HOLDER_WRITES.finish} WHERE id = $1 AND ${HOLDER} RETURNING ${TASK_COLUMNS}
       )
       SELECT finished.*, ${lockTaskClaimsCall('finished.cluster_id', 'finished.claim_id', '$4')} AS locked_claims FROM finished`,
      [id, assigneeId, leaseToken, claimStatuses],
    );
    if (!row) return null;
    const { locked_claims: lockedClaims, ...task } = row;
    return { task, claims: claimRowsFromJson(lockedClaims) };
  }

  /** Returns a lapsed lease's task to open; only that lease (its token) is undone. */
  async reopenLapsed(id: string, leaseToken: string): Promise<boolean> {
    const result = await this.tx.execute(
      `UPDATE review_tasks SET status = 'open', assignee_id = NULL, lease_token = NULL, lease_expires_at = NULL, updated_at = now()
        WHERE id = $1 AND status = 'claimed' AND lease_token = $2`,
      [id, leaseToken],
    );
    return result.affected === 1;
  }

  /**
   * Locks the task row, waiting for any other transaction holding it; `lapsed` says its lease has
   * expired (by the database clock) without being lapsed yet. Null when there is no such task.
   */
  async lock(id: string): Promise<(ReviewTaskRow & { lapsed: boolean }) | null> {
    const [row] = await this.tx.query<ReviewTaskRow & { lapsed: boolean }>(
      `SELECT ${TASK_COLUMNS}, (status = 'claimed' AND lease_expires_at <= clock_timestamp()) AS lapsed
         FROM review_tasks WHERE id = $1 FOR UPDATE`,
      [id],
    );
    return row ?? null;
  }

  async find(id: string): Promise<ReviewTaskRow | null> {
    const [row] = await this.tx.query<ReviewTaskRow>(`SELECT ${TASK_COLUMNS} FROM review_tasks WHERE id = $1`, [id]);
    return row ?? null;
  }

  /**
   * A task with everything its answer shows (see ANSWER_COLUMNS), in one statement. By `t.id = $1`:
   * with `t.id = ANY($1)` the generic plan is costed for ten ids, so Postgres planned this statement
   * afresh on every call, which cost several times what running it did (0.60 vs 0.13 ms backend CPU).
   */
  async findAnswer(id: string): Promise<ReviewTaskAnswerRow | null> {
    const [row] = await this.tx.query<AnswerJsonRow>(
      `SELECT ${ANSWER_COLUMNS} FROM review_tasks t JOIN claims c ON c.id = t.claim_id JOIN articles a ON a.id = c.article_id
        WHERE t.id = $1`,
      [id],
    );
    return row ? answerRow(row) : null;
  }

  /** A page of tasks, each with everything its answer shows, in one statement. */
  async list(
    status: ReviewTaskStatus,
    languages: string[] | null,
    after: { rankKey: number; id: string } | null,
    limit: number,
  ): Promise<ReviewTaskAnswerRow[]> {
    const rows = await this.tx.query<AnswerJsonRow>(
      `SELECT ${ANSWER_COLUMNS} FROM review_tasks t JOIN claims c ON c.id = t.claim_id JOIN articles a ON a.id = c.article_id
        WHERE t.status = $1 AND ($2::text[] IS NULL OR t.language_primary = ANY($2::text[]))
          AND ($3::float8 IS NULL OR (t.rank_key, t.id) < ($3::float8, $4::uuid))
        ORDER BY t.rank_key DESC, t.id DESC LIMIT $5`,
      [status, languages, after?.rankKey ?? null, after?.id ?? null, limit],
    );
    return rows.map(answerRow);
  }

  /** Milliseconds until the next live lease lapses (negative when one already has); null when none is held. */
  async msUntilNextExpiry(): Promise<number | null> {
    const [row] = await this.tx.query<{ ms: number | null }>(
      `SELECT (extract(epoch FROM min(lease_expires_at) - clock_timestamp()) * 1000)::float8 AS ms
         FROM review_tasks WHERE status = 'claimed'`,
    );
    return row?.ms ?? null;
  }
}
