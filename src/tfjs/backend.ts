// Choose and start the TF.js backend: tensorflow (native, @tensorflow/tfjs-node), then wasm, then
// cpu, the order measured by `npm run bench`. TF.js is loaded here, lazily, through require: the
// CommonJS build loads in about half the time of the ESM one, and nothing before training pays.
import { createRequire } from 'node:module';
import { ConfigError } from '../errors.js';

export const BACKENDS = ['auto', 'tensorflow', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];

export type TF = typeof import('@tensorflow/tfjs');

export interface Backend {
  tf: TF;
  name: 'tensorflow' | 'wasm' | 'cpu';
  /** One line: which backend runs and, in auto, why a faster one does not. */
  reason: string;
}

const require = createRequire(import.meta.url);

const INSTALL: Record<string, string> = {
  tensorflow: 'npm install @tensorflow/tfjs-node@4.22.0 (it downloads libtensorflow while installing)',
  wasm: 'npm install @tensorflow/tfjs-backend-wasm@4.22.0',
};

let loaded: Backend | null = null;

function loadCore(): TF {
  const tf = require('@tensorflow/tfjs') as TF;
  // Production mode skips per-op debug checks and silences TF.js's "Hi, looks like you are
  // running TensorFlow.js in Node.js" banner, which is a warning only printed outside it.
  tf.enableProdMode();
  return tf;
}

async function tryTensorflow(tf: TF): Promise<string | null> {
  try {
    require('@tensorflow/tfjs-node');
  } catch (e) {
    const msg = (e as Error).message ?? '';
    return /Cannot find module '@tensorflow\/tfjs-node'/.test(msg) ? 'tfjs-node is not installed' : `tfjs-node did not load (${msg.split('\n')[0]})`;
  }
  return (await tf.setBackend('tensorflow')) ? null : 'tfjs-node did not initialise';
}

async function tryWasm(tf: TF): Promise<string | null> {
  try {
    require('@tensorflow/tfjs-backend-wasm');
  } catch {
    return 'tfjs-backend-wasm is not installed';
  }
  // Threads need SharedArrayBuffer workers that Node does not give TF.js; SIMD alone is used.
  return (await tf.setBackend('wasm')) ? null : 'the wasm backend did not initialise';
}

/** Start the requested backend once per process. A backend asked for by name that cannot load is a usage error. */
export async function startBackend(requested: BackendName): Promise<Backend> {
  if (loaded && (requested === 'auto' || requested === loaded.name)) return loaded;
  // A named backend whose package is missing is a usage error: say so before loading TF.js at all.
  const pkg: Record<string, string> = { tensorflow: '@tensorflow/tfjs-node', wasm: '@tensorflow/tfjs-backend-wasm' };
  if (pkg[requested]) {
    try {
      require.resolve(pkg[requested]);
    } catch {
      throw new ConfigError([
        `--backend: ${JSON.stringify(requested)} is not available: ${pkg[requested].replace('@tensorflow/', '')} is not installed; install it with ${INSTALL[requested]}, or use --backend auto`,
      ]);
    }
  }
  const tf = loadCore();
  const tries: Record<string, (tf: TF) => Promise<string | null>> = {
    tensorflow: tryTensorflow,
    wasm: tryWasm,
    cpu: async (t) => ((await t.setBackend('cpu')) ? null : 'the cpu backend did not initialise'),
  };
  if (requested !== 'auto') {
    const why = await tries[requested](tf);
    if (why) {
      throw new ConfigError([
        `--backend: ${JSON.stringify(requested)} is not available: ${why}; install it with ${INSTALL[requested] ?? 'npm install'}, or use --backend auto`,
      ]);
    }
    await tf.ready();
    loaded = { tf, name: requested, reason: `backend: ${requested} (asked for)` };
    return loaded;
  }
  const skipped: string[] = [];
  for (const name of ['tensorflow', 'wasm', 'cpu'] as const) {
    const why = await tries[name](tf);
    if (why === null) {
      await tf.ready();
      const because = skipped.length ? `: ${skipped.join('; ')}` : '';
      const hint = name !== 'tensorflow' ? `; for the faster native backend: ${INSTALL.tensorflow}` : '';
      loaded = { tf, name, reason: `backend: ${name} (auto${because}${hint})` };
      return loaded;
    }
    skipped.push(why);
  }
  throw new Error(`no TF.js backend could start: ${skipped.join('; ')}`);
}
