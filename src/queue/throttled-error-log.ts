import type { Logger } from '@nestjs/common';

/** Logs a burst of identical connection errors (Redis down) once per interval instead of per retry. */
export class ThrottledErrorLog {
  private lastMessage = '';
  private lastAt = 0;

  constructor(
    private readonly logger: Logger,
    private readonly what: string,
    private readonly intervalMs = 30000,
  ) {}

  readonly report = (error: Error): void => {
    const now = Date.now();
    if (error.message === this.lastMessage && now - this.lastAt < this.intervalMs) return;
    this.lastMessage = error.message;
    this.lastAt = now;
    this.logger.warn(`${this.what}: ${error.message}`);
  };
}
