/**
 * Entry point of an extraction worker thread (compiled to dist/extraction/extraction-thread.js).
 * Loading the text library here loads the model weights once for the thread's whole life.
 */
import { parentPort } from 'node:worker_threads';
import { runExtractionTask, type ExtractionTask } from './extraction-task';

parentPort!.on('message', ({ id, task }: { id: number; task: ExtractionTask }) => {
  try {
    parentPort!.postMessage({ id, result: runExtractionTask(task) });
  } catch (error) {
    parentPort!.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
// One small extraction first: lazily built tables and the JIT are warm before the first real article is timed.
runExtractionTask({ kind: 'extract', text: 'Inflation rose to 7.5% in 2022. I love it.', threshold: 0.5, maxClaims: 10, withText: false });
runExtractionTask({ kind: 'html-to-text', html: '<p>warm <b>up</b></p>' });
runExtractionTask({
  kind: 'closest-near-duplicates',
  queries: [
    {
      text: 'Inflation rose to 7.5% in 2022.',
      language: 'en',
      normalized: 'inflation rose to 7.5 % in 2022',
      candidates: [{ text: 'Inflation rose to 7.5 % in 2022', normalized: 'inflation rose to 7.5 % in 2022' }],
    },
  ],
});
parentPort!.postMessage({ ready: true });
