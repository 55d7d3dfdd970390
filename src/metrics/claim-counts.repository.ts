import { Injectable } from '@nestjs/common';
import { CLAIM_STATUSES, type ClaimStatus, TERMINAL_CLAIM_STATUSES } from '../workflow/claim-status';
import { TransactionHost } from '../database/transaction-host';

export type ClaimCounts = Partial<Record<ClaimStatus, number>>;

/** Claims per status, for the metrics; both counts read the claims_status_idx index. */
@Injectable()
export class ClaimCountsRepository {
  constructor(private readonly tx: TransactionHost) {}

  /** The statuses claims pass through (small sets on any desk: an index range each). */
  inWorkflow(): Promise<ClaimCounts> {
    return this.count(CLAIM_STATUSES.filter((status) => !TERMINAL_CLAIM_STATUSES.includes(status)));
  }

  /** The statuses claims end in (they only grow: costly to count on a big table, so read less often). */
  terminal(): Promise<ClaimCounts> {
    return this.count([...TERMINAL_CLAIM_STATUSES]);
  }

  private async count(statuses: ClaimStatus[]): Promise<ClaimCounts> {
    const rows = await this.tx.query<{ status: ClaimStatus; count: number }>(
      `SELECT status, count(*)::int AS count FROM claims WHERE status = ANY($1::text[]) GROUP BY status`,
      [statuses],
    );
    return Object.fromEntries(statuses.map((status) => [status, rows.find((row) => row.status === status)?.count ?? 0]));
  }
}
