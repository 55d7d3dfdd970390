import { Global, Module } from '@nestjs/common';
import { AppConfig, loadConfig } from './config';
import { DEFAULT_CHECKWORTHY_THRESHOLD } from '../text/threshold';

export const APP_CONFIG = Symbol('APP_CONFIG');

/** The one place the environment is read (once per app); a bad variable stops the process with its name. */
export function appConfig(): AppConfig {
  return loadConfig(process.env, DEFAULT_CHECKWORTHY_THRESHOLD);
}

@Global()
@Module({ providers: [{ provide: APP_CONFIG, useFactory: appConfig }], exports: [APP_CONFIG] })
export class ConfigModule {}
