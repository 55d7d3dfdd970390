import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { createIndexConcurrently, dropIndexConcurrently } from '../big-table-migrations';

/**
 * review_tasks_status_rank_idx (status, rank_key DESC, id DESC) held every task, so every lease (open
 * to claimed) wrote an entry into it, and the planner answered "earliest lease expiry" (claim-next's
 * lapse check, ReviewTaskRepository) by reading every claimed task through it instead of the first
 * entry of review_tasks_lease_idx. Open tasks have review_tasks_open_rank_idx and claimed ones
 * review_tasks_lease_idx (a list of claimed tasks sorts the held leases), so it now holds only settled
 * tasks (done, cancelled: the lists that grow without bound). Built CONCURRENTLY before the old one is
 * dropped CONCURRENTLY, so lists keep an index throughout and writes never wait.
 */
export class ReviewTaskLeaseIndexes1764950000000 implements MigrationInterface {
  name = 'ReviewTaskLeaseIndexes1764950000000';
  transaction = false as const;

  async up(db: QueryRunner): Promise<void> {
    await createIndexConcurrently(
      db,
      'review_tasks_settled_rank_idx',
      `review_tasks (status, rank_key DESC, id DESC) WHERE status IN ('done', 'cancelled')`,
    );
    await dropIndexConcurrently(db, 'review_tasks_status_rank_idx');
  }

  async down(db: QueryRunner): Promise<void> {
    await createIndexConcurrently(db, 'review_tasks_status_rank_idx', `review_tasks (status, rank_key DESC, id DESC)`);
    await dropIndexConcurrently(db, 'review_tasks_settled_rank_idx');
  }
}
