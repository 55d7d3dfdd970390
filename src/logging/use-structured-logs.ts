import type { INestApplicationContext } from '@nestjs/common';
import { Logger } from 'nestjs-pino';

/** Routes every Nest `Logger` of the application (and the lines buffered while it booted) to pino. */
export function useStructuredLogs(app: INestApplicationContext): void {
  app.useLogger(app.get(Logger));
  app.flushLogs();
}
