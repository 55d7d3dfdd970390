import { loadConfig } from '../config/config';
import { workerOptions } from './worker-options';

const config = loadConfig({
  NODE_ENV: 'development',
  JOB_LOCK_MS: '2000',
  JOB_STALLED_CHECK_MS: '1000',
  EXTRACTION_CONCURRENCY: '3',
  WEBHOOK_CONCURRENCY: '40',
  QUEUE_PREFIX: '{test}',
});
const connection = { host: '127.0.0.1', port: 6379 };

describe('workerOptions', () => {
  it('gives BullMQ the configured crash timings, concurrency and prefix at construction, without starting the worker', () => {
    expect(workerOptions('extraction', config, connection)).toMatchObject({
      connection,
      prefix: '{test}',
      autorun: false,
      concurrency: 3,
      lockDuration: 2000,
      lockRenewTime: 1000,
      stalledInterval: 1000,
      maxStalledCount: 5,
    });
  });

  it("uses each queue's own concurrency and stall allowance", () => {
    expect(workerOptions('webhooks', config, connection)).toMatchObject({ concurrency: 40, maxStalledCount: 10 });
    expect(workerOptions('verification', config, connection).concurrency).toBe(config.verificationConcurrency);
  });

  it("names the process that holds a job, and passes the processor's backoff strategy only when it has one", () => {
    const backoffStrategy = () => 42;
    expect(workerOptions('webhooks', config, connection, backoffStrategy).settings?.backoffStrategy).toBe(backoffStrategy);
    expect(workerOptions('extraction', config, connection)).not.toHaveProperty('settings');
    expect(workerOptions('extraction', config, connection).name).toMatch(new RegExp(`:${process.pid}$`));
  });
});
