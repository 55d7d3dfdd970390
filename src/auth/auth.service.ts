import { randomUUID, timingSafeEqual } from 'node:crypto';
import { BeforeApplicationShutdown, Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import type { NotifiedCache } from '../database/notified-cache';
import { TransactionHost } from '../database/transaction-host';
import { CursorCodec, Page } from '../common/pagination';
import type { Principal, Role } from '../common/principal';
import { API_KEY_CACHE } from './api-key-cache';
import { generateApiKey, hashApiKey } from './api-key';
import { ApiKeyRow, AuthRepository, type NewsroomRow } from './auth.repository';
import { ApiKeyDto, CreatedApiKeyDto, CreatedPrincipalDto, NewsroomDto } from './auth.dto';

@Injectable()
export class AuthService implements BeforeApplicationShutdown {
  private readonly adminKeyHash: Buffer;
  private readonly defaultThreshold: number;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly tx: TransactionHost,
    private readonly repository: AuthRepository,
    private readonly cursors: CursorCodec,
    /**
     * Keys this process has checked, so most requests skip the key lookup; a revoked key is dropped by
     * every process at its commit (see NotifiedCache). Unknown keys are never cached (a new key works at once).
     */
    @Inject(API_KEY_CACHE) private readonly checkedKeys: NotifiedCache<Principal>,
  ) {
    this.adminKeyHash = Buffer.from(hashApiKey(config.adminApiKey));
    this.defaultThreshold = config.checkworthyThreshold;
  }

  async authenticate(key: string): Promise<Principal | null> {
    const hash = hashApiKey(key);
    if (timingSafeEqual(Buffer.from(hash), this.adminKeyHash)) return { role: 'admin', ownerId: null, keyId: null };
    return this.checkedKeys.get(hash, async () => {
      const row = await this.repository.findActiveKeyByHash(hash);
      if (!row) return null;
      return { role: row.role, ownerId: row.owner_id, keyId: row.id, ...(row.languages ? { languages: row.languages } : {}) };
    });
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.checkedKeys.stop();
  }

  createNewsroom(name: string): Promise<CreatedPrincipalDto> {
    return this.tx.run(async () => {
      const id = randomUUID();
      await this.repository.insertNewsroom(id, name);
      return { id, name, ...(await this.issueKey('newsroom', id)) };
    });
  }

  async getNewsroom(id: string): Promise<NewsroomDto> {
    const row = await this.repository.findNewsroom(id);
    if (!row) throw new NotFoundException(`newsroom ${id} not found`);
    return this.toNewsroomDto(row);
  }

  /** Sets (or with null clears) the newsroom's check-worthiness threshold; articles extracted from now on use it. */
  async setCheckworthyThreshold(id: string, threshold: number | null): Promise<NewsroomDto> {
    const row = await this.repository.updateNewsroomThreshold(id, threshold);
    if (!row) throw new NotFoundException(`newsroom ${id} not found`);
    return this.toNewsroomDto(row);
  }

  private toNewsroomDto(row: NewsroomRow): NewsroomDto {
    return {
      id: row.id,
      name: row.name,
      checkworthyThreshold: row.checkworthy_threshold,
      effectiveCheckworthyThreshold: row.checkworthy_threshold ?? this.defaultThreshold,
    };
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
    // This process forgets at once; the others hear it from the revocation channel.
    this.checkedKeys.invalidate();
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
