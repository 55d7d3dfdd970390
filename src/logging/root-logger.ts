import { isMainThread, threadId } from 'node:worker_threads';
import pino, { type Logger, type LoggerOptions } from 'pino';
import type { AppConfig, LogLevelName } from '../config/config';

/** Nest's level names as pino's. */
const PINO_LEVEL: Record<LogLevelName, pino.LevelWithSilent> = {
  fatal: 'fatal',
  error: 'error',
  warn: 'warn',
  log: 'info',
  info: 'info',
  debug: 'debug',
  verbose: 'trace',
  trace: 'trace',
  silent: 'silent',
};

export function loggerOptions(config: Pick<AppConfig, 'logLevel'>): LoggerOptions {
  return {
    level: PINO_LEVEL[config.logLevel],
    // A worker's webhook thread writes to the same stdout: its lines say so.
    base: { service: 'claimflow', pid: process.pid, ...(isMainThread ? {} : { thread: threadId }) },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    // Never write secrets, wherever a caller puts them in a log object.
    redact: { paths: ['*.authorization', '*.apiKey', '*.secret', 'req.headers.authorization'], censor: '[redacted]' },
  };
}

let root: Logger | undefined;

/**
 * The process's one pino logger (HTTP lines, job lines and every Nest `Logger` go through it). JSON
 * lines on stdout; pino-pretty's readable lines only when LOG_FORMAT=pretty (development), and JSON if
 * that dev dependency is not installed (a production image).
 */
export function rootLogger(config: Pick<AppConfig, 'logLevel' | 'logFormat'>): Logger {
  root ??= pino(loggerOptions(config), config.logFormat === 'pretty' ? prettyStream() : undefined);
  return root;
}

function prettyStream(): pino.DestinationStream | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- optional dev dependency, loaded only in development
    const pretty = require('pino-pretty') as (options: object) => pino.DestinationStream;
    return pretty({ colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,service' });
  } catch {
    return undefined;
  }
}
