import { appConfig } from './config/config.module';
import { ApiModule } from './app/api.module';
import { createHttpApp } from './app/http-app';
import { exitOnConfigError } from './app/exit-on-config-error';
import { closeOnSignals } from './app/shutdown';

async function main(): Promise<void> {
  const config = appConfig();
  const app = await createHttpApp(ApiModule, config.logLevel);
  await app.listen(config.port);
  closeOnSignals(app);
}

exitOnConfigError(main);
