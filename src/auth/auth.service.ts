import { randomUUID, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { TransactionHost } from '../database/transaction-host';
import { CursorCodec, Page } from '../common/pagination';
import type { Principal, Role } from '../common/principal';
import { generateApiKey, hashApiKey } from './api-key';
import { ApiKeyRow, AuthRepository } from './auth.repository';
import { ApiKeyDto, CreatedApiKeyDto, CreatedPrincipalDto } from './auth.dto';

@Injectable()
export class AuthService {
  private readonly adminKeyHash: Buffer;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly tx: TransactionHost,
    private readonly repository: AuthRepository,
    private readonly cursors: CursorCodec,
  ) {
    this.adminKeyHash = Buffer.from(hashApiKey(config.adminApiKey));
  }

  async authenticate(key: string): Promise<Principal | null> {
    const hash = hashApiKey(key);
    if (timingSafeEqual(Buffer.from(hash), this.adminKeyHash)) return { role: 'admin', ownerId: null, keyId: null };
    const row = await this.repository.findActiveKeyByHash(hash);
    return row ? { role: row.role, ownerId: row.owner_id, keyId: row.id } : null;
  }

  createNewsroom(name: string): Promise<CreatedPrincipalDto> {
    return this.tx.run(async () => {
      const id = randomUUID();
      await this.repository.insertNewsroom(id, name);
      return { id, name, ...(await this.issueKey('newsroom', id)) };
    });
  }

  createReviewer(name: string, languages: string[]): Promise<CreatedPrincipalDto> {
    return this.tx.run(async () => {
      const id = randomUUID();
      await this.repository.insertReviewer(id, name, [...new Set(languages.map((tag) => tag.toLowerCase()))]);
      return { id, name, ...(await this.issueKey('reviewer', id)) };
    });
  }

  async addKey(role: Role, ownerId: string): Promise<CreatedApiKeyDto> {
    if (!(await this.repository.ownerExists(role, ownerId))) throw new NotFoundException(`${role} ${ownerId} not found`);
    return this.issueKey(role, ownerId);
  }

  async listKeys(ownerId: string | null, limit: number, cursor: unknown): Promise<Page<ApiKeyDto>> {
    const position = this.cursors.decode(cursor);
    const rows = await this.repository.listKeys(ownerId, position && { createdAt: String(position.k), id: position.id }, limit + 1);
    const page = this.cursors.page(rows, limit, (row) => ({ k: row.sort_key, id: row.id }));
    return { items: page.items.map(toApiKeyDto), nextCursor: page.nextCursor };
  }

  async revokeKey(id: string): Promise<ApiKeyDto> {
    const row = await this.repository.revokeKey(id);
    if (!row) throw new NotFoundException(`API key ${id} not found`);
    return toApiKeyDto(row);
  }

  private async issueKey(role: Role, ownerId: string): Promise<CreatedApiKeyDto> {
    const generated = generateApiKey(role);
    const apiKeyId = randomUUID();
    await this.repository.insertKey({ id: apiKeyId, role, ownerId, prefix: generated.prefix, hash: generated.hash });
    return { apiKey: generated.key, apiKeyId };
  }
}

function toApiKeyDto(row: ApiKeyRow): ApiKeyDto {
  return {
    id: row.id,
    role: row.role,
    ownerId: row.owner_id,
    prefix: row.prefix,
    createdAt: row.created_at.toISOString(),
    revokedAt: row.revoked_at?.toISOString() ?? null,
  };
}
