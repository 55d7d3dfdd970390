import { parentPort } from 'node:worker_threads';
import { metricsRegistry } from '../common/metrics-registry';
// The statements counter and the other process-wide instruments, as the worker's metrics server loads them.
import '../metrics/metrics';
import { startApplicationContext } from './application-context';
import { type FromThread, ownMetrics, type ToThread } from './webhook-thread-messages';
import { WebhookThreadModule } from './webhook-thread.module';

/**
 * Entry of the worker's webhook thread (started by WebhookDeliveryThread): webhook delivery on an
 * event loop of its own, so that POSTs and their answers do not wait behind the pipeline's work.
 * The environment is the process's, already validated by the main thread.
 */
const port = parentPort;
if (!port) throw new Error('webhook-thread.js runs as a worker thread of main.worker.js, not on its own');
const send = (message: FromThread) => port.postMessage(message);
const booted = startApplicationContext(WebhookThreadModule);
booted.then(
  () => send({ type: 'ready' }),
  (error: unknown) => {
    console.error('claimflow: the webhook thread could not start:', error);
    process.exit(1);
  },
);
port.on('message', (message: ToThread) => {
  if (message.type === 'metrics') {
    void metricsRegistry.getMetricsAsJSON().then((metrics) => send({ type: 'metrics', id: message.id, metrics: ownMetrics(metrics) }));
    return;
  }
  // Close as a process does on SIGTERM: stop taking jobs, finish the running drains and record them, then end the thread.
  booted
    .then((app) => app.close())
    .then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('claimflow: error while closing the webhook thread:', error);
        process.exit(1);
      },
    );
});
