import { type DataSourceOptions } from 'typeorm';
import { InitialSchema1764190000000 } from './migrations/1764190000000-InitialSchema';
import { WebhookDeliveryIndexes1764195000000 } from './migrations/1764195000000-WebhookDeliveryIndexes';
import { ReviewWorkflow1764300000000 } from './migrations/1764300000000-ReviewWorkflow';
import { ApiKeyRevocationNotify1764400000000 } from './migrations/1764400000000-ApiKeyRevocationNotify';
import { ClaimsHotUpdates1764500000000 } from './migrations/1764500000000-ClaimsHotUpdates';
import { StalledWorkIndexes1764600000000 } from './migrations/1764600000000-StalledWorkIndexes';
import { ClaimClusters1764730000000 } from './migrations/1764730000000-ClaimClusters';
import { FairClaimNext1764731000000 } from './migrations/1764731000000-FairClaimNext';

/** Every migration, in order. Listed explicitly so the same list works from src (jest) and dist. */
export const MIGRATIONS = [
  InitialSchema1764190000000,
  WebhookDeliveryIndexes1764195000000,
  ReviewWorkflow1764300000000,
  ApiKeyRevocationNotify1764400000000,
  ClaimsHotUpdates1764500000000,
  StalledWorkIndexes1764600000000,
  ClaimClusters1764730000000,
  FairClaimNext1764731000000,
];

export function dataSourceOptions(databaseUrl: string, poolSize = 20): DataSourceOptions {
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
    extra: { query_timeout: 8000, idleTimeoutMillis: 30000, application_name: 'claimflow' },
  };
}
