import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationBootstrap, Optional } from '@nestjs/common';
import { addThreadMetrics } from '../common/metrics-registry';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { workerLayout } from '../queue/worker-layout';
import { requestExit } from './shutdown';
import { nextRestart, type RestartState } from './thread-restarts';
import type { FromThread, ThreadMetrics, ToThread } from './webhook-thread-messages';

/** What a test replaces: the thread's script, and what giving up does (exit 1, for the supervisor to restart the process). */
export interface ThreadSupervision {
  script: string;
  giveUp: () => void;
}
export const THREAD_SUPERVISION = Symbol('THREAD_SUPERVISION');
const SUPERVISION: ThreadSupervision = { script: join(__dirname, 'webhook-thread.js'), giveUp: () => requestExit(1) };
const METRICS_TIMEOUT_MS = 2000;
/**
 * The thread's young generation: what it allocates per delivery is short-lived, and V8's default
 * young generation for a thread (tens of MiB) was RSS the worker's 300 MiB budget cannot spare.
 */
const YOUNG_GENERATION_MB = 4;

/**
 * Runs webhook delivery on a worker thread of this process when the worker also runs the pipeline
 * (worker-layout.ts): the main thread's loop is busy in stretches of hundreds of ms during a pipeline
 * run, and every POST's answer waited for it. A thread rather than a child process: one process to
 * supervise and scrape, and no second Node runtime's memory. The thread shares the process's stdout
 * (its log lines carry its `thread` id) and its figures are served with the main thread's /metrics.
 * A thread that dies is started again with backoff; one that keeps dying makes the process exit 1.
 * At shutdown it closes as the process would (its BullMQ worker stops, running drains finish).
 */
@Injectable()
export class WebhookDeliveryThread implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(WebhookDeliveryThread.name);
  private readonly enabled: boolean;
  private thread: Worker | null = null;
  private exited: Promise<void> = Promise.resolve();
  private startedAt = 0;
  private restarts: RestartState = { quickDeaths: 0 };
  private restartTimer: NodeJS.Timeout | undefined;
  private closing = false;
  private removeMetrics: () => void = () => undefined;
  private nextMetricsId = 0;
  private readonly metricsWaiting = new Map<number, (metrics: ThreadMetrics) => void>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Optional() @Inject(THREAD_SUPERVISION) private readonly supervision: ThreadSupervision = SUPERVISION,
  ) {
    this.enabled = workerLayout(config).webhookThread;
  }

  onApplicationBootstrap(): void {
    if (!this.enabled) return;
    this.removeMetrics = addThreadMetrics(() => this.threadMetrics());
    this.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.closing = true;
    this.removeMetrics();
    clearTimeout(this.restartTimer);
    this.thread?.postMessage({ type: 'close' } satisfies ToThread);
    await this.exited;
  }

  private start(): void {
    const thread = new Worker(this.supervision.script, {
      env: process.env,
      resourceLimits: { maxOldGenerationSizeMb: this.config.webhookThreadHeapMb, maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
    });
    this.thread = thread;
    this.startedAt = Date.now();
    thread.on('message', (message: FromThread) => {
      if (message.type === 'ready') this.logger.log(`webhook delivery runs on thread ${thread.threadId}`);
      else this.metricsWaiting.get(message.id)?.(message.metrics);
    });
    thread.on('error', (error) => this.logger.error(`webhook thread ${thread.threadId} failed: ${error.message}`));
    this.exited = new Promise((resolve) => thread.once('exit', (code) => resolve(this.onExit(thread, code))));
  }

  private onExit(thread: Worker, code: number): void {
    if (this.thread === thread) this.thread = null;
    for (const resolve of this.metricsWaiting.values()) resolve([]);
    this.metricsWaiting.clear();
    if (this.closing) return;
    const next = nextRestart(this.restarts, Date.now() - this.startedAt);
    this.restarts = next.state;
    if (next.delayMs === null) {
      this.logger.fatal(`webhook thread exited with code ${code} ${this.restarts.quickDeaths} times in a row: stopping the worker`);
      this.supervision.giveUp();
      return;
    }
    this.logger.error(`webhook thread exited with code ${code}; starting it again in ${next.delayMs} ms`);
    this.restartTimer = setTimeout(() => this.start(), next.delayMs);
  }

  private threadMetrics(): Promise<ThreadMetrics> {
    const thread = this.thread;
    if (!thread) return Promise.resolve([]);
    const id = this.nextMetricsId++;
    return new Promise<ThreadMetrics>((resolve) => {
      // A thread too busy to answer in time costs one scrape its figures, not the scrape.
      const timer = setTimeout(() => done([]), METRICS_TIMEOUT_MS);
      const done = (metrics: ThreadMetrics) => {
        clearTimeout(timer);
        this.metricsWaiting.delete(id);
        resolve(metrics);
      };
      this.metricsWaiting.set(id, done);
      thread.postMessage({ type: 'metrics', id } satisfies ToThread);
    });
  }
}
