import { type DataSourceOptions } from 'typeorm';
import { InitialSchema1764190000000 } from './migrations/1764190000000-InitialSchema';
import { WebhookDeliveryIndexes1764195000000 } from './migrations/1764195000000-WebhookDeliveryIndexes';
import { ReviewWorkflow1764300000000 } from './migrations/1764300000000-ReviewWorkflow';
import { ApiKeyRevocationNotify1764400000000 } from './migrations/1764400000000-ApiKeyRevocationNotify';
import { ClaimsHotUpdates1764500000000 } from './migrations/1764500000000-ClaimsHotUpdates';
import { StalledWorkIndexes1764600000000 } from './migrations/1764600000000-StalledWorkIndexes';
import { RetentionIndexes1764700000000 } from './migrations/1764700000000-RetentionIndexes';
import { WebhookDeliveryClaims1764710000000 } from './migrations/1764710000000-WebhookDeliveryClaims';
import { WebhookFanOutIndexes1764710001000 } from './migrations/1764710001000-WebhookFanOutIndexes';
import { SealWebhookSecrets1764710002000 } from './migrations/1764710002000-SealWebhookSecrets';
import { FactCheckMatching1764720000000 } from './migrations/1764720000000-FactCheckMatching';
import { ClaimClusters1764730000000 } from './migrations/1764730000000-ClaimClusters';
import { FairClaimNext1764731000000 } from './migrations/1764731000000-FairClaimNext';
import { NewsroomCheckworthyThreshold1764740000000 } from './migrations/1764740000000-NewsroomCheckworthyThreshold';
import { CopiedEvidence1764770000000 } from './migrations/1764770000000-CopiedEvidence';
import { ShardedMatchingStatistics1764790000000 } from './migrations/1764790000000-ShardedMatchingStatistics';
import { LockTaskClaims1764880000000 } from './migrations/1764880000000-LockTaskClaims';
import { WebhookDeliveryHotClaims1764890000000 } from './migrations/1764890000000-WebhookDeliveryHotClaims';
import { ClaimEventsNaturalKey1764900000000 } from './migrations/1764900000000-ClaimEventsNaturalKey';
import { ReviewTaskLeaseIndexes1764950000000 } from './migrations/1764950000000-ReviewTaskLeaseIndexes';
import { MoveTaskClaims1764970000000 } from './migrations/1764970000000-MoveTaskClaims';
import { HotInsertForeignKeys1764980000000 } from './migrations/1764980000000-HotInsertForeignKeys';

/** Every migration, in order. Listed explicitly so the same list works from src (jest) and dist. */
export const MIGRATIONS = [
  InitialSchema1764190000000,
  WebhookDeliveryIndexes1764195000000,
  ReviewWorkflow1764300000000,
  ApiKeyRevocationNotify1764400000000,
  ClaimsHotUpdates1764500000000,
  StalledWorkIndexes1764600000000,
  RetentionIndexes1764700000000,
  WebhookDeliveryClaims1764710000000,
  WebhookFanOutIndexes1764710001000,
  SealWebhookSecrets1764710002000,
  FactCheckMatching1764720000000,
  ClaimClusters1764730000000,
  FairClaimNext1764731000000,
  NewsroomCheckworthyThreshold1764740000000,
  CopiedEvidence1764770000000,
  ShardedMatchingStatistics1764790000000,
  LockTaskClaims1764880000000,
  WebhookDeliveryHotClaims1764890000000,
  ClaimEventsNaturalKey1764900000000,
  ReviewTaskLeaseIndexes1764950000000,
  MoveTaskClaims1764970000000,
  HotInsertForeignKeys1764980000000,
];

/**
 * The client stops waiting for a statement this long after Postgres' own statement_timeout would have
 * cancelled it. The server's timeout must fire first: a statement it cancels is rolled back, so a 503
 * for a timeout means nothing was written. A client that gave up first would answer 503 while the
 * server went on to commit, and a retry without an Idempotency-Key would then submit the article twice.
 */
const CLIENT_TIMEOUT_MARGIN_MS = 2000;

/**
 * `statementTimeoutMs` is Postgres' own statement_timeout for every session of the pool (0: none): the
 * server cancels a runaway statement even when the client that sent it is gone, and the client waits
 * CLIENT_TIMEOUT_MARGIN_MS longer. With 0 neither side gives up: migrations pass 0 (an index built
 * concurrently on a big table may take long).
 */
export function dataSourceOptions(databaseUrl: string, poolSize = 20, statementTimeoutMs = 0): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    synchronize: false,
    migrationsRun: false,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    entities: [],
    poolSize,
    // Fail fast when Postgres is unreachable so requests answer 503 well within 10 s instead of hanging.
    connectTimeoutMS: 3000,
    extra: {
      idleTimeoutMillis: 30000,
      application_name: 'claimflow',
      ...(statementTimeoutMs > 0
        ? { statement_timeout: statementTimeoutMs, query_timeout: statementTimeoutMs + CLIENT_TIMEOUT_MARGIN_MS }
        : {}),
    },
  };
}
