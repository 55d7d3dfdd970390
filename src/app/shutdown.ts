import type { INestApplicationContext } from '@nestjs/common';

/**
 * SIGTERM/SIGINT: close the application (workers stop taking jobs and finish running ones, HTTP stops
 * accepting, connections close), then exit 0. A second signal exits at once.
 */
export function closeOnSignals(app: INestApplicationContext): void {
  let closing = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (closing) process.exit(1);
    closing = true;
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`claimflow: error while shutting down after ${signal}:`, error);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}
