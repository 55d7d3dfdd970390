import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { dataSourceOptions } from './data-source-options';
import { PgListenerFactory, pgListenerFactory } from './pg-listener';
import { TransactionHost } from './transaction-host';

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      // Boot does not wait for Postgres forever: the pool reconnects by itself once it is up.
      useFactory: (config: AppConfig) => ({
        ...dataSourceOptions(config.databaseUrl, 20, config.dbStatementTimeoutMs),
        retryAttempts: 10,
        retryDelay: 1000,
      }),
    }),
  ],
  providers: [
    TransactionHost,
    { provide: PgListenerFactory, inject: [APP_CONFIG], useFactory: (config: AppConfig) => pgListenerFactory(config.databaseUrl) },
  ],
  exports: [TransactionHost, PgListenerFactory],
})
export class DatabaseModule {}
