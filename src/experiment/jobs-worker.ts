// One sweep job (a worker thread): start its own TF.js backend, then train the batches the main
// thread sends, one at a time, and send back their records. Writes nothing but the optimum cache.
import { parentPort, workerData } from 'node:worker_threads';
import { ConfigError } from '../errors.js';
import { startBackend } from '../tfjs/backend.js';
import { optimumFromCache, trainRuns } from './run.js';
import type { FromWorker, ToWorker } from './jobs.js';

/** Progress messages per batch at most this often: the main thread redraws one line. */
const PROGRESS_MS = 250;

const port = parentPort!;
const send = (m: FromWorker) => port.postMessage(m);

try {
  const backend = await startBackend(workerData.backend);
  port.on('message', (m: ToWorker) => {
    if ('quit' in m) {
      port.close();
      return;
    }
    try {
      let last = 0;
      const records = trainRuns(backend, m.configs, optimumFromCache, (p) => {
        const now = performance.now();
        if (now - last < PROGRESS_MS) return;
        last = now;
        send({ batch: m.batch, epoch: p.epoch, epochs: p.epochs });
      });
      send({ batch: m.batch, records });
    } catch (e) {
      send({ error: (e as Error).message });
    }
  });
  send({ ready: true, backend: backend.name, reason: backend.reason });
} catch (e) {
  send({ error: (e as Error).message, usage: e instanceof ConfigError });
}
