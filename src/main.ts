import { appConfig } from './config/config.module';
import { CombinedModule } from './app/combined.module';
import { createHttpApp } from './app/http-app';
import { exitOnConfigError } from './app/exit-on-config-error';
import { closeOnSignals } from './app/shutdown';
import { ensureDatabase } from './database/ensure-database';
import { runMigrations } from './database/migrate';
import { rootLogger } from './logging/root-logger';

/** Single-machine mode: create the database if missing, migrate, then serve HTTP and process queues in one process. */
async function main(): Promise<void> {
  const config = appConfig();
  const logger = rootLogger(config);
  if (await ensureDatabase(config.databaseUrl)) logger.info(`created database ${new URL(config.databaseUrl).pathname.slice(1)}`);
  const applied = await runMigrations(config.databaseUrl);
  if (applied.length > 0) logger.info({ migrations: applied }, `applied ${applied.length} migration(s)`);
  const app = await createHttpApp(CombinedModule, config.logLevel);
  await app.listen(config.port);
  closeOnSignals(app);
}

exitOnConfigError(main);
