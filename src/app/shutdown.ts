import type { INestApplicationContext } from '@nestjs/common';

let close: ((reason: string) => void) | null = null;

/**
 * SIGTERM/SIGINT: close the application (workers stop taking jobs and finish running ones, HTTP stops
 * accepting, connections close), then exit 0. A second signal exits at once.
 */
export function closeOnSignals(app: INestApplicationContext): void {
  let closing = false;
  let exitCode = 0;
  const shutdown = (reason: string) => {
    if (closing) process.exit(1);
    closing = true;
    app.close().then(
      () => process.exit(exitCode),
      (error: unknown) => {
        console.error(`claimflow: error while shutting down after ${reason}:`, error);
        process.exit(1);
      },
    );
  };
  close = (reason) => {
    exitCode = 1;
    shutdown(reason);
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

/**
 * Part of the process failed for good (crash-only): close the application as on SIGTERM, then exit
 * non-zero for the supervisor to start the process again. Without closeOnSignals (a test's app), exit now.
 */
export function requestExit(code: 1): void {
  if (close) close(`exit ${code} requested`);
  else process.exit(code);
}
