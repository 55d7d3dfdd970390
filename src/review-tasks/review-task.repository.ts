import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../database/transaction-host';
import { NewReviewTask, ReviewTaskRow } from './review-task.entity';

export const TASK_COLUMNS = `id, claim_id, status, priority, language, assignee_id, lease_token, lease_expires_at,
  suggestions, created_at, updated_at`;

@Injectable()
export class ReviewTaskRepository {
  constructor(private readonly tx: TransactionHost) {}

  /** Opens the claim's task (one per claim); re-opening keeps its id. */
  async open(task: NewReviewTask): Promise<ReviewTaskRow> {
    const [row] = await this.tx.query<ReviewTaskRow>(
      `INSERT INTO review_tasks (id, claim_id, status, priority, language, suggestions)
       VALUES ($1, $2, 'open', $3, $4, $5::jsonb)
       ON CONFLICT (claim_id) DO UPDATE SET status = 'open', priority = EXCLUDED.priority, suggestions = EXCLUDED.suggestions,
         assignee_id = NULL, lease_token = NULL, lease_expires_at = NULL, updated_at = now()
       RETURNING ${TASK_COLUMNS}`,
      [randomUUID(), task.claimId, task.priority, task.language, JSON.stringify(task.suggestions)],
    );
    return row;
  }
}
