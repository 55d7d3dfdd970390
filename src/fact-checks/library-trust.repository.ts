import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../database/transaction-host';

export interface LibraryTrustRows {
  newsrooms: { id: string; name: string }[];
  publishers: { name: string; created_at: Date }[];
}

/** Which importers' items may become automatic evidence on other newsrooms' claims (docs/matching.md). */
@Injectable()
export class LibraryTrustRepository {
  constructor(private readonly tx: TransactionHost) {}

  /** Sets a newsroom's flag; null when there is no such newsroom. */
  async setNewsroomTrusted(newsroomId: string, trusted: boolean): Promise<{ id: string; name: string } | null> {
    const [row] = await this.tx.query<{ id: string; name: string }>(
      `UPDATE newsrooms SET library_trusted = $2 WHERE id = $1 RETURNING id, name`,
      [newsroomId, trusted],
    );
    return row ?? null;
  }

  /** Publishers are matched case-insensitively on the trimmed name an item carries. */
  async setPublisherTrusted(publisher: string, trusted: boolean): Promise<void> {
    if (trusted) {
      await this.tx.query(`INSERT INTO trusted_publishers (name_key, name) VALUES (lower(btrim($1)), btrim($1)) ON CONFLICT DO NOTHING`, [
        publisher,
      ]);
    } else {
      await this.tx.query(`DELETE FROM trusted_publishers WHERE name_key = lower(btrim($1))`, [publisher]);
    }
  }

  async list(): Promise<LibraryTrustRows> {
    const newsrooms = await this.tx.query<{ id: string; name: string }>(
      `SELECT id, name FROM newsrooms WHERE library_trusted ORDER BY name, id`,
    );
    const publishers = await this.tx.query<{ name: string; created_at: Date }>(
      `SELECT name, created_at FROM trusted_publishers ORDER BY name_key`,
    );
    return { newsrooms, publishers };
  }
}
