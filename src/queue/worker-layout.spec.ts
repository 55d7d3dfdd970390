import { loadConfig } from '../config/config';
import { workerLayout } from './worker-layout';

const layoutOf = (env: Record<string, string>) => workerLayout(loadConfig({ NODE_ENV: 'development', ...env }));

describe('workerLayout', () => {
  it('delivers webhooks on a thread of their own when the process also runs the pipeline (the default)', () => {
    expect(layoutOf({})).toEqual({ mainLoop: ['extraction', 'verification'], webhookThread: true });
    expect(layoutOf({ WORKER_QUEUES: 'extraction,webhooks' })).toEqual({ mainLoop: ['extraction'], webhookThread: true });
  });

  it('starts no thread for a webhooks-only or a pipeline-only process, nor when WEBHOOK_DELIVERY_THREAD=false', () => {
    expect(layoutOf({ WORKER_QUEUES: 'webhooks' })).toEqual({ mainLoop: ['webhooks'], webhookThread: false });
    expect(layoutOf({ WORKER_QUEUES: 'extraction,verification' })).toEqual({
      mainLoop: ['extraction', 'verification'],
      webhookThread: false,
    });
    expect(layoutOf({ WEBHOOK_DELIVERY_THREAD: 'false' })).toEqual({
      mainLoop: ['extraction', 'verification', 'webhooks'],
      webhookThread: false,
    });
  });

  it('refuses a WEBHOOK_DELIVERY_THREAD that is not a boolean, naming the variable', () => {
    expect(() => layoutOf({ WEBHOOK_DELIVERY_THREAD: 'maybe' })).toThrow(/WEBHOOK_DELIVERY_THREAD must be true or false/);
    expect(() => layoutOf({ WEBHOOK_THREAD_HEAP_MB: '8' })).toThrow(/WEBHOOK_THREAD_HEAP_MB must be between 16 and 4096/);
  });
});
