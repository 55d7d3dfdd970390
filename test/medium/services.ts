import { randomUUID } from 'node:crypto';
import { type DynamicModule, type InjectionToken, type Type } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { CoreModule } from '../../src/app/core.module';
import { ArticleRepository } from '../../src/workflow/article.repository';
import { AuthDataModule } from '../../src/auth/auth.module';
import { AuthRepository } from '../../src/auth/auth.repository';
import type { ClaimStatus } from '../../src/workflow/claim-status';
import { ClaimRepository } from '../../src/workflow/claim.repository';
import type { ClaimRow } from '../../src/workflow/claim.entity';
import { TransactionHost } from '../../src/database/transaction-host';
import type { AppConfig } from '../../src/config/config';
import { APP_CONFIG } from '../../src/config/config.module';
import { uuidv7 } from '../../src/webhooks/webhook-ids';
import { WebhookEndpointRepository } from '../../src/webhooks/webhook-endpoint.repository';
import type { WebhookEventType } from '../../src/webhooks/webhook-event-types';
import { sealEndpointSecret } from '../../src/webhooks/webhook-secrets';
import { generateSecret } from '../../src/webhooks/webhook-signature';

/**
 * The service tier: a feature's services built by Nest with the real config, TypeORM data source,
 * transactions and repositories against this file's own Postgres database (test/support), and no HTTP
 * or queue workers. Work a service enqueues lands in the outbox table, where a test can read it.
 */
export async function buildServices(...features: (Type<unknown> | DynamicModule)[]): Promise<TestingModule> {
  return buildServicesWith([], ...features);
}

/** A provider of the app replaced by the test's own (a fake sender, a listener on another database, ...). */
export interface Replacement {
  provide: InjectionToken;
  useValue: unknown;
}

/** buildServices with some injected I/O replaced: the service under test gets the test's value. */
export async function buildServicesWith(
  replacements: Replacement[],
  ...features: (Type<unknown> | DynamicModule)[]
): Promise<TestingModule> {
  let builder = Test.createTestingModule({ imports: [CoreModule, AuthDataModule, ...features] });
  for (const { provide, useValue } of replacements) builder = builder.overrideProvider(provide).useValue(useValue);
  const module = await builder.compile();
  await module.init();
  return module;
}

/** Seeds what the API and extraction would have written, through the repositories, in one transaction. */
export class Seeder {
  constructor(private readonly module: TestingModule) {}

  private get tx() {
    return this.module.get(TransactionHost);
  }

  async newsroom(name = 'Medium Desk'): Promise<string> {
    const id = randomUUID();
    await this.tx.run(() => this.module.get(AuthRepository).insertNewsroom(id, name));
    return id;
  }

  async reviewer(name = 'Rita', languages: string[] = ['en']): Promise<string> {
    const id = randomUUID();
    await this.tx.run(() => this.module.get(AuthRepository).insertReviewer(id, name, languages));
    return id;
  }

  /** A webhook endpoint of the newsroom subscribed to `events` (article.completed), its secret sealed as the API stores it. */
  async webhookEndpoint(
    newsroomId: string,
    events: WebhookEventType[] = ['article.completed'],
  ): Promise<{ id: string; secret: string; url: string }> {
    const id = uuidv7();
    const secret = generateSecret();
    const url = `https://receiver.example/${id}`;
    const keys = this.module.get<AppConfig>(APP_CONFIG).webhookSecretKeys;
    await this.tx.run(() =>
      this.module.get(WebhookEndpointRepository).insert({
        id,
        newsroomId,
        url,
        description: null,
        events,
        secret: sealEndpointSecret(keys, id, secret),
      }),
    );
    return { id, secret, url };
  }

  /** An article as ingest leaves it (`received`, no claims yet), for extraction to pick up. */
  async receivedArticle(newsroomId: string, title: string, text: string): Promise<string> {
    const articleId = randomUUID();
    await this.tx.run(() => this.insertArticle(articleId, newsroomId, title, text));
    return articleId;
  }

  private insertArticle(id: string, newsroomId: string, title: string, text: string): Promise<unknown> {
    return this.module.get(ArticleRepository).insert(
      {
        id,
        newsroomId,
        title,
        url: null,
        language: 'en',
        externalId: null,
        publishedAt: null,
        metadata: null,
        urgency: 0.25,
        sourceFormat: 'text',
        text,
      },
      [],
    );
  }

  /** An article with one claim per text, in `status` (claims start where extraction leaves them). */
  async articleWithClaims(
    newsroomId: string,
    texts: string[],
    status: Extract<ClaimStatus, 'pending' | 'not_checkworthy'> = 'pending',
  ): Promise<{ articleId: string; claims: ClaimRow[] }> {
    const articleId = randomUUID();
    const text = texts.join(' ');
    return this.tx.run(async () => {
      await this.insertArticle(articleId, newsroomId, 'Seeded', text);
      let offset = 0;
      const claims = await this.module.get(ClaimRepository).insertWithInitialEvents(
        texts.map((claimText, seq) => {
          const start = text.indexOf(claimText, offset);
          offset = start + claimText.length;
          return {
            id: randomUUID(),
            articleId,
            newsroomId,
            seq,
            text: claimText,
            start,
            end: start + claimText.length,
            checkworthiness: status === 'pending' ? 0.9 : 0.1,
            language: 'en',
            contextBefore: null,
            contextAfter: null,
            status,
            clusterId: null, // verification's first step gives a seeded claim its cluster
          };
        }),
      );
      return { articleId, claims };
    });
  }

  query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.tx.query<T>(sql, params);
  }
}
