import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../database/transaction-host';
import type { Role } from '../common/principal';

export interface ApiKeyRow {
  id: string;
  role: Role;
  owner_id: string;
  prefix: string;
  created_at: Date;
  revoked_at: Date | null;
}

export interface NewsroomRow {
  id: string;
  name: string;
  checkworthy_threshold: number | null;
}

export interface ReviewerRow {
  id: string;
  name: string;
  languages: string[];
}

@Injectable()
export class AuthRepository {
  constructor(private readonly tx: TransactionHost) {}

  async insertNewsroom(id: string, name: string): Promise<void> {
    await this.tx.query(`INSERT INTO newsrooms (id, name) VALUES ($1, $2)`, [id, name]);
  }

  async insertReviewer(id: string, name: string, languages: string[]): Promise<void> {
    await this.tx.query(`INSERT INTO reviewers (id, name, languages) VALUES ($1, $2, $3)`, [id, name, languages]);
  }

  async ownerExists(role: Role, id: string): Promise<boolean> {
    const table = role === 'newsroom' ? 'newsrooms' : 'reviewers';
    const rows = await this.tx.query(`SELECT 1 FROM ${table} WHERE id = $1`, [id]);
    return rows.length > 0;
  }

  async insertKey(key: { id: string; role: Role; ownerId: string; prefix: string; hash: string }): Promise<void> {
    await this.tx.query(`INSERT INTO api_keys (id, role, owner_id, prefix, key_hash) VALUES ($1, $2, $3, $4, $5)`, [
      key.id,
      key.role,
      key.ownerId,
      key.prefix,
      key.hash,
    ]);
  }

  /** The live key with this hash, and its owner's languages when the owner is a reviewer. */
  async findActiveKeyByHash(hash: string): Promise<(ApiKeyRow & { languages: string[] | null }) | null> {
    const [row] = await this.tx.query<ApiKeyRow & { languages: string[] | null }>(
      `SELECT k.id, k.role, k.owner_id, k.prefix, k.created_at, k.revoked_at, r.languages
         FROM api_keys k LEFT JOIN reviewers r ON k.role = 'reviewer' AND r.id = k.owner_id
        WHERE k.key_hash = $1 AND k.revoked_at IS NULL`,
      [hash],
    );
    return row ?? null;
  }

  listKeys(ownerId: string | null, after: { createdAt: string; id: string } | null, limit: number) {
    return this.tx.query<ApiKeyRow & { sort_key: string }>(
      `SELECT id, role, owner_id, prefix, created_at, revoked_at, created_at::text AS sort_key FROM api_keys
        WHERE ($1::uuid IS NULL OR owner_id = $1)
          AND ($2::timestamptz IS NULL OR (created_at, id) < ($2::timestamptz, $3::uuid))
        ORDER BY created_at DESC, id DESC LIMIT $4`,
      [ownerId, after?.createdAt ?? null, after?.id ?? null, limit],
    );
  }

  async revokeKey(id: string): Promise<ApiKeyRow | null> {
    const [row] = await this.tx.query<ApiKeyRow>(
      `UPDATE api_keys SET revoked_at = COALESCE(revoked_at, now()) WHERE id = $1
        RETURNING id, role, owner_id, prefix, created_at, revoked_at`,
      [id],
    );
    return row ?? null;
  }

  async findReviewer(id: string): Promise<ReviewerRow | null> {
    const [row] = await this.tx.query<ReviewerRow>(`SELECT id, name, languages FROM reviewers WHERE id = $1`, [id]);
    return row ?? null;
  }

  /** The newsroom with its own check-worthiness threshold set (or cleared: null), or null when absent. */
  async updateNewsroomThreshold(id: string, threshold: number | null): Promise<NewsroomRow | null> {
    const [row] = await this.tx.query<NewsroomRow>(
      `UPDATE newsrooms SET checkworthy_threshold = $2 WHERE id = $1 RETURNING id, name, checkworthy_threshold`,
      [id, threshold],
    );
    return row ?? null;
  }

  async findNewsroom(id: string): Promise<NewsroomRow | null> {
    const [row] = await this.tx.query<NewsroomRow>(`SELECT id, name, checkworthy_threshold FROM newsrooms WHERE id = $1`, [id]);
    return row ?? null;
  }

  async findNewsroomName(id: string): Promise<string | null> {
    const [row] = await this.tx.query<{ name: string }>(`SELECT name FROM newsrooms WHERE id = $1`, [id]);
    return row?.name ?? null;
  }
}
