// The network as a TF.js layers model: dense(n, relu) -> dense(1), so it saves in the TF.js layers
// format and loads with tf.loadLayersModel. Weights cross this file's border as a plain Network.
import type { TF } from './backend.js';
import type { Network } from '../math/hinges.js';

type LayersModel = import('@tensorflow/tfjs').LayersModel;

export function buildModel(tf: TF, net: Network): LayersModel {
  const n = net.a.length;
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ units: n, activation: 'relu', inputShape: [1], name: 'hidden' }),
      tf.layers.dense({ units: 1, name: 'output' }),
    ],
  });
  tf.tidy(() => {
    model.setWeights([
      tf.tensor2d(net.a, [1, n]),
      tf.tensor1d(net.b),
      tf.tensor2d(net.c, [n, 1]),
      tf.tensor1d([net.d]),
    ]);
  });
  return model;
}

export function readNetwork(model: LayersModel): Network {
  const [k1, b1, k2, b2] = model.getWeights().map((w) => Array.from(w.dataSync()));
  if (k1 === undefined || b1 === undefined || k2 === undefined || b2 === undefined || k1.length !== b1.length || k2.length !== k1.length || b2.length !== 1) {
    throw new Error(`not a relu-lab model: weight shapes ${model.getWeights().map((w) => `[${w.shape}]`).join(' ')}; expected [1,n] [n] [n,1] [1]`);
  }
  return { a: k1, b: b1, c: k2, d: b2[0] };
}

export function predictModel(tf: TF, model: LayersModel, xs: Float64Array): Float64Array {
  const out = tf.tidy(() => model.predict(tf.tensor2d(Float32Array.from(xs), [xs.length, 1])) as import('@tensorflow/tfjs').Tensor);
  const ys = Float64Array.from(out.dataSync());
  out.dispose();
  return ys;
}

/** The files of the layers format: model.json (topology + manifest naming weights.bin) and weights.bin. */
export interface ModelFiles {
  modelJson: string;
  weights: Uint8Array;
}

export async function modelFiles(tf: TF, model: LayersModel): Promise<ModelFiles> {
  let files: ModelFiles | null = null;
  await model.save(
    tf.io.withSaveHandler(async (art) => {
      const weights = new Uint8Array(art.weightData as ArrayBuffer);
      const json = {
        modelTopology: art.modelTopology,
        format: art.format,
        generatedBy: art.generatedBy,
        convertedBy: art.convertedBy,
        weightsManifest: [{ paths: ['weights.bin'], weights: art.weightSpecs }],
      };
      files = { modelJson: JSON.stringify(json), weights };
      return { modelArtifactsInfo: { dateSaved: new Date(0), modelTopologyType: 'JSON' } };
    }),
  );
  if (!files) throw new Error('the TF.js save handler was not called');
  return files;
}

export async function loadModel(tf: TF, files: ModelFiles): Promise<LayersModel> {
  const json = JSON.parse(files.modelJson);
  const buf = files.weights.buffer.slice(files.weights.byteOffset, files.weights.byteOffset + files.weights.byteLength) as ArrayBuffer;
  return tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0].weights, weightData: buf }));
}

/** A network's files in the layers format; the LayersModel lives only inside this call. */
export async function modelFilesOf(tf: TF, net: Network): Promise<ModelFiles> {
  const model = buildModel(tf, net);
  try {
    return await modelFiles(tf, model);
  } finally {
    model.dispose();
  }
}

/** Saved files read back: the network they hold and TF.js's own (float32) prediction on xs. */
export async function reloadModel(tf: TF, files: ModelFiles, xs: Float64Array): Promise<{ network: Network; predictions: Float64Array }> {
  const model = await loadModel(tf, files);
  try {
    return { network: readNetwork(model), predictions: predictModel(tf, model, xs) };
  } finally {
    model.dispose();
  }
}
