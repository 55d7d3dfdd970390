import { Module } from '@nestjs/common';
import { ConfigModule } from '../config/config.module';
import { DatabaseModule } from '../database/database.module';
import { LoggingModule } from '../logging/logging.module';

/**
 * What both processes need: config, structured logs, Postgres and transactions. Config and the
 * database are the only global modules; every feature imports the rest of what it uses.
 */
@Module({ imports: [ConfigModule, LoggingModule, DatabaseModule], exports: [ConfigModule, LoggingModule, DatabaseModule] })
export class CoreModule {}
