import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { loadConfig } from '../config/config';
import { WebhookDeliveryThread } from './webhook-delivery-thread';

const FLAKY_THREAD = join(__dirname, '../../test/fixtures/threads/flaky-thread.js');

describe('WebhookDeliveryThread: a thread that dies', () => {
  let dir: string;
  const log = () => join(dir, 'starts');
  const starts = () => (existsSync(log()) ? readFileSync(log(), 'utf8').split('\n').filter(Boolean).length : 0);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'claimflow-thread-'));
    process.env.FLAKY_LOG = join(dir, 'starts');
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'fatal').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
  });
  afterEach(() => {
    jest.restoreAllMocks();
    rmSync(dir, { recursive: true, force: true });
  });

  function supervisor(giveUp: () => void) {
    return new WebhookDeliveryThread(loadConfig({ NODE_ENV: 'development', WEBHOOK_DELIVERY_THREAD: 'true' }), {
      script: FLAKY_THREAD,
      giveUp,
    });
  }

  it('is started again after 1 s, and then closed at shutdown like the first', async () => {
    process.env.FLAKY_DEATHS = '1';
    const giveUp = jest.fn();
    const thread = supervisor(giveUp);
    thread.onApplicationBootstrap();
    try {
      const until = Date.now() + 10_000;
      while (starts() < 2 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(starts()).toBe(2);
      await new Promise((resolve) => setTimeout(resolve, 300));
    } finally {
      await thread.beforeApplicationShutdown();
    }
    expect(starts()).toBe(2);
    expect(giveUp).not.toHaveBeenCalled();
  });

  it('gives up after dying 5 times in a row, backing off 1, 2, 4, 8 s in between', async () => {
    process.env.FLAKY_DEATHS = '100';
    const started = Date.now();
    const gaveUp = new Promise<number>((resolve) => supervisor(() => resolve(Date.now() - started)).onApplicationBootstrap());
    const after = await gaveUp;
    expect(starts()).toBe(5);
    expect(after).toBeGreaterThanOrEqual(15_000);
    expect(after).toBeLessThan(30_000);
  }, 40_000);

  it('starts nothing in a worker of WORKER_QUEUES=webhooks (its main loop delivers)', async () => {
    const config = loadConfig({ NODE_ENV: 'development', WORKER_QUEUES: 'webhooks' });
    const thread = new WebhookDeliveryThread(config, { script: FLAKY_THREAD, giveUp: jest.fn() });
    thread.onApplicationBootstrap();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(starts()).toBe(0);
    await thread.beforeApplicationShutdown();
  });
});
