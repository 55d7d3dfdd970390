import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import type { NearDuplicateQuery } from '../workflow/near-duplicate';
import type { ExtractionTask, ExtractTaskResult } from './extraction-task';

/** The work took longer than EXTRACTION_TIME_LIMIT_MS; its thread was stopped. */
export class ExtractionTimeoutError extends Error {
  constructor(readonly limitMs: number) {
    super(`extraction took longer than its time limit of ${limitMs} ms (EXTRACTION_TIME_LIMIT_MS) and was stopped`);
  }
}

/** Every thread stayed busy for a whole time limit while this work waited. */
export class ExtractionBusyError extends Error {
  constructor() {
    super('every extraction thread is busy; retry shortly');
  }
}

interface Pending {
  task: ExtractionTask;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  queueTimer: NodeJS.Timeout;
}

interface Thread {
  worker: Worker;
  ready: boolean;
  current: (Pending & { runTimer: NodeJS.Timeout }) | null;
}

/**
 * Queued work waits at most one time limit, and at least this long (threads starting up load the
 * model first), for a thread before it is refused as busy.
 */
const MIN_QUEUE_WAIT_MS = 5000;
/** Memory one thread may use (a pathological document fails its article, not the process). */
const THREAD_HEAP_MB = 1024;

/** The compiled thread entry: next to this file in dist, or in dist when running from src (jest). */
export function threadScript(): string {
  const candidates = [
    join(__dirname, 'extraction-thread.js'),
    join(__dirname, '..', '..', 'dist', 'extraction', 'extraction-thread.js'),
    join(process.cwd(), 'dist', 'extraction', 'extraction-thread.js'),
  ];
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found) throw new Error(`extraction thread script not found (looked for ${candidates.join(', ')}): run \`npm run build\` first`);
  return found;
}

/**
 * Runs extraction and HTML conversion on a pool of worker threads (EXTRACTION_THREADS), so the event
 * loop (health checks, the relay, leases, webhooks, other requests) never waits on text processing.
 * Each task may run EXTRACTION_TIME_LIMIT_MS: past it the thread is terminated (the only way to stop
 * synchronous code) and replaced, and the task fails with ExtractionTimeoutError. Threads load the
 * model weights once, when they start.
 */
@Injectable()
export class ExtractionPool implements OnModuleDestroy {
  private readonly logger = new Logger(ExtractionPool.name);
  private readonly threads: Thread[] = [];
  private readonly queue: Pending[] = [];
  private readonly script = threadScript();
  private closed = false;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    for (let i = 0; i < config.extractionThreads; i += 1) this.threads.push(this.spawn());
  }

  get timeLimitMs(): number {
    return this.config.extractionTimeLimitMs;
  }

  get threshold(): number {
    return this.config.checkworthyThreshold;
  }

  htmlToText(html: string): Promise<string> {
    return this.run({ kind: 'html-to-text', html }) as Promise<string>;
  }

  /** `threshold`: the newsroom's own check-worthiness threshold; the service default when absent. */
  extract(input: {
    text: string;
    language?: string;
    withText: boolean;
    threshold?: number;
    withClusterLookups?: boolean;
  }): Promise<ExtractTaskResult> {
    return this.run({
      kind: 'extract',
      ...input,
      threshold: input.threshold ?? this.config.checkworthyThreshold,
      maxClaims: this.config.maxClaimsPerArticle,
    }) as Promise<ExtractTaskResult>;
  }

  /**
   * closestNearDuplicate of each query. Queued ahead of extraction: its caller holds a transaction
   * (the article rows locked), so it waits only for a thread to finish its current task.
   */
  closestNearDuplicates(queries: NearDuplicateQuery[]): Promise<number[]> {
    return this.run({ kind: 'closest-near-duplicates', queries }, true) as Promise<number[]>;
  }

  private run(task: ExtractionTask, ahead = false): Promise<unknown> {
    if (this.closed) return Promise.reject(new Error('extraction pool is closed'));
    return new Promise((resolve, reject) => {
      const pending: Pending = {
        task,
        resolve,
        reject,
        queueTimer: setTimeout(
          () => {
            const index = this.queue.indexOf(pending);
            if (index >= 0) {
              this.queue.splice(index, 1);
              reject(new ExtractionBusyError());
            }
          },
          Math.max(this.timeLimitMs, MIN_QUEUE_WAIT_MS),
        ),
      };
      if (ahead) this.queue.unshift(pending);
      else this.queue.push(pending);
      this.dispatch();
    });
  }

  private dispatch(): void {
    for (const thread of this.threads) {
      if (this.queue.length === 0) return;
      if (!thread.ready || thread.current) continue;
      const pending = this.queue.shift()!;
      clearTimeout(pending.queueTimer);
      const runTimer = setTimeout(() => this.timeOut(thread), this.timeLimitMs);
      thread.current = { ...pending, runTimer };
      thread.worker.postMessage({ id: 0, task: pending.task });
    }
  }

  private spawn(): Thread {
    const worker = new Worker(this.script, { resourceLimits: { maxOldGenerationSizeMb: THREAD_HEAP_MB } });
    const thread: Thread = { worker, ready: false, current: null };
    worker.on('message', (message: { ready?: boolean; result?: unknown; error?: string }) => {
      if (message.ready) {
        thread.ready = true;
      } else {
        const current = this.finish(thread);
        if (message.error !== undefined) current?.reject(new Error(message.error));
        else current?.resolve(message.result);
      }
      this.dispatch();
    });
    worker.on('error', (error) => {
      this.logger.error(`extraction thread failed: ${error.message}`);
      this.finish(thread)?.reject(error);
    });
    worker.on('exit', () => {
      // An unexpected exit (out of memory, a crash) fails the running task; a fresh thread takes the slot.
      this.finish(thread)?.reject(new Error('extraction thread exited'));
      this.replace(thread);
    });
    return thread;
  }

  private finish(thread: Thread): Pending | null {
    const current = thread.current;
    if (!current) return null;
    clearTimeout(current.runTimer);
    thread.current = null;
    return current;
  }

  private timeOut(thread: Thread): void {
    const current = this.finish(thread);
    current?.reject(new ExtractionTimeoutError(this.timeLimitMs));
    thread.worker.removeAllListeners('exit');
    void thread.worker.terminate();
    this.replace(thread);
  }

  private replace(thread: Thread): void {
    const index = this.threads.indexOf(thread);
    if (index < 0) return;
    if (this.closed) {
      this.threads.splice(index, 1);
      return;
    }
    this.threads[index] = this.spawn();
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    for (const pending of this.queue.splice(0)) {
      clearTimeout(pending.queueTimer);
      pending.reject(new Error('extraction pool is closed'));
    }
    const threads = this.threads.splice(0);
    await Promise.all(
      threads.map((thread) => {
        this.finish(thread)?.reject(new Error('extraction pool is closed'));
        thread.worker.removeAllListeners('exit');
        return thread.worker.terminate();
      }),
    );
  }
}
