import { appConfig } from './config/config.module';
import { CombinedModule } from './app/combined.module';
import { createHttpApp } from './app/http-app';
import { exitOnConfigError } from './app/exit-on-config-error';
import { closeOnSignals } from './app/shutdown';
import { runMigrations } from './database/migrate';

/** Single-machine mode: migrate, then serve HTTP and process queues in one process. */
async function main(): Promise<void> {
  const config = appConfig();
  await runMigrations(config.databaseUrl);
  const app = await createHttpApp(CombinedModule, config.logLevel);
  await app.listen(config.port);
  closeOnSignals(app);
}

exitOnConfigError(main);
