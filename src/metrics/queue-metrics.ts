import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { CLAIM_STATUSES } from '../workflow/claim-status';
import { QueueDirectory } from '../queue/queue-directory';
import { ThrottledErrorLog } from '../queue/throttled-error-log';
import { ClaimCountsRepository } from './claim-counts.repository';
import { metricsRegistry } from '../common/metrics-registry';
import { perScrape, withinMs } from './per-scrape';

const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;
const REDIS_TIMEOUT_MS = 1000;
/** Terminal claim counts scan most of the index on a big desk; they change slowly. */
const TERMINAL_COUNTS_MAX_AGE_MS = 60_000;

/**
 * Scrape-time gauges of the work in flight: jobs per queue and state (one getJobCounts per queue), and
 * claims per status (one indexed count per scrape for the statuses in the workflow, terminal ones at most
 * once a minute). A dependency that does not answer leaves its gauges at their last value.
 */
@Injectable()
export class QueueMetrics implements OnModuleInit {
  private readonly logger = new Logger(QueueMetrics.name);

  constructor(
    private readonly queues: QueueDirectory,
    private readonly claims: ClaimCountsRepository,
  ) {}

  onModuleInit(): void {
    const errors = new ThrottledErrorLog(this.logger, 'queue metrics');
    for (const queue of this.queues.all()) queue.on('error', errors.report);
    const readQueues = perScrape(() =>
      withinMs(
        Promise.all(this.queues.all().map(async (queue) => ({ queue: queue.name, counts: await queue.getJobCounts(...allStates) }))),
        REDIS_TIMEOUT_MS,
        'Redis',
      ),
    );
    const readWorkflow = perScrape(() => this.claims.inWorkflow());
    const readTerminal = perScrape(() => this.claims.terminal(), TERMINAL_COUNTS_MAX_AGE_MS);

    register('claimflow_queue_jobs', 'Jobs per queue and state (waiting includes prioritized)', ['queue', 'state'], async (gauge) => {
      for (const { queue, counts } of (await readQueues()) ?? []) {
        for (const state of QUEUE_STATES) {
          const value = state === 'waiting' ? (counts.waiting ?? 0) + (counts.prioritized ?? 0) : (counts[state] ?? 0);
          gauge.set({ queue, state }, value);
        }
      }
    });
    register('claimflow_claims', 'Claims per status', ['status'], async (gauge) => {
      const [workflow, terminal] = await Promise.all([readWorkflow(), readTerminal()]);
      for (const status of CLAIM_STATUSES) {
        const value = workflow?.[status] ?? terminal?.[status];
        if (value !== undefined) gauge.set({ status }, value);
      }
    });
  }
}

const allStates = [...QUEUE_STATES, 'prioritized'] as const;

function register(name: string, help: string, labelNames: string[], collect: (gauge: Gauge) => Promise<void>): void {
  metricsRegistry.removeSingleMetric(name);
  new Gauge({
    name,
    help,
    labelNames,
    registers: [metricsRegistry],
    collect() {
      return collect(this);
    },
  });
}
