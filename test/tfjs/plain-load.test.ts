import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { heOrGlorot } from '../../src/math/init.js';
import { forward } from '../../src/math/net.js';
import { modelFilesOf } from '../../src/tfjs/model.js';
import { ROOT, tempDir, useBackend } from '../helpers.js';

const be = useBackend();

/** The loader docs/activations.md shows, as it stands there. */
function docsLoader(): string {
  const md = readFileSync(join(ROOT, 'docs', 'activations.md'), 'utf8');
  const m = /<!-- plain-tfjs-loader[^>]*-->\s*```js\n([\s\S]*?)```/.exec(md);
  if (!m) throw new Error('docs/activations.md lost its loader block');
  return m[1];
}

/** Load the saved files in a fresh Node process with plain TF.js (cpu backend), with or without the docs' class. */
function plainLoad(dir: string, register: boolean): { status: number | null; out: string; err: string } {
  const script = `${register ? docsLoader() : "import * as tf from '@tensorflow/tfjs';"}
import { readFileSync } from 'node:fs';
await tf.setBackend('cpu');
const json = JSON.parse(readFileSync(${JSON.stringify(join(dir, 'model.json'))}, 'utf8'));
const bin = readFileSync(${JSON.stringify(join(dir, 'weights.bin'))});
const weightData = bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength);
const model = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0].weights, weightData }));
const y = model.predict(tf.tensor2d([[-2], [0.5], [1.5]])).dataSync();
console.log(JSON.stringify(Array.from(y)));
`;
  const file = join(dir, 'load.mjs');
  // the script lives in the temp dir: point its import at the project's @tensorflow/tfjs
  const tfjs = pathToFileURL(createRequire(join(ROOT, 'package.json')).resolve('@tensorflow/tfjs')).href;
  writeFileSync(file, script.replace(/from '@tensorflow\/tfjs'/, `from ${JSON.stringify(tfjs)}`));
  const r = spawnSync(process.execPath, [file], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, out: r.stdout, err: r.stderr };
}

describe('a saved sin network in plain TF.js', () => {
  it('loads with the class docs/activations.md registers and predicts the float64 forward pass; without it, names the class', async () => {
    const net = heOrGlorot('he', 1, [3], ['sin'], 4);
    net.layers[0].b = [0.2, -0.7, 1.1];
    net.output.d = 0.3;
    const files = await modelFilesOf(be.tf, net);
    const dir = tempDir();
    writeFileSync(join(dir, 'model.json'), files.modelJson);
    writeFileSync(join(dir, 'weights.bin'), files.weights);
    const withClass = plainLoad(dir, true);
    expect(withClass.err).not.toMatch(/Error/);
    const ys = JSON.parse(withClass.out) as number[];
    Array.from(forward(net, Float64Array.from([-2, 0.5, 1.5]))).forEach((y, j) => expect(Math.abs(ys[j] - y)).toBeLessThan(1e-5 * (1 + Math.abs(y))));
    const without = plainLoad(dir, false);
    expect(without.status).not.toBe(0);
    expect(without.err).toMatch(/ReluLabActivation/);
  });
});
