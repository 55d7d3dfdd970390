import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { rootLogger } from './root-logger';

/**
 * Structured logs (pino) for both processes. HTTP requests are logged by the `httpLogger` middleware
 * that `createHttpApp` mounts first (so even a body rejected before Nest's routing has its line and
 * request id); `useExisting` makes nestjs-pino bind that request's logger for the code that runs in it.
 * nestjs-pino's module is global by its own design: its `PinoLogger` is what `JobProcessor` binds job
 * fields with.
 */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({ pinoHttp: { logger: rootLogger(config) }, useExisting: true as const }),
    }),
  ],
})
export class LoggingModule {}
