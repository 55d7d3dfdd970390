import type { FactoryProvider } from '@nestjs/common';
import type { Principal } from '../common/principal';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { NotifiedCache } from '../database/notified-cache';
import { PgListenerFactory } from '../database/pg-listener';

const MAX_CACHED_KEYS = 10_000;

/** The per-process cache of checked API keys that AuthService reads through (a test may provide its own). */
export const API_KEY_CACHE = Symbol('API_KEY_CACHE');

/** Keys are dropped by every process when the revocation trigger NOTIFYs claimflow_api_keys. */
export const apiKeyCacheProvider: FactoryProvider<NotifiedCache<Principal>> = {
  provide: API_KEY_CACHE,
  inject: [APP_CONFIG, PgListenerFactory],
  useFactory: (config: AppConfig, listeners: PgListenerFactory) =>
    new NotifiedCache<Principal>(listeners, 'claimflow_api_keys', config.authCacheSeconds * 1000, MAX_CACHED_KEYS),
};
