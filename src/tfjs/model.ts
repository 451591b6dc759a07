// Any Net as a TF.js layers model: a stack of dense layers, one per hidden layer, then dense(1),
// so it saves in the TF.js layers format and loads with tf.loadLayersModel. Activations TF.js
// knows by name go on the dense layer (relu, tanh, sigmoid, softplus, elu, swish); leaky-relu is
// a dense layer followed by TF.js's LeakyReLU layer; abs and sin, which TF.js has no layer for,
// and gelu (TF.js 4.22's 'gelu_new' saves but does not load back: "Unknown activation: geluNew";
// its 'gelu' is the erf form, not relu-lab's tanh form) follow as a 'ReluLabActivation'
// layer registered here: such a model loads wherever that class is registered (relu-lab), and
// tf.loadLayersModel elsewhere names the unknown class. Weights cross this border as a plain Net.
import type { TF } from './backend.js';
import type { Net } from '../math/net.js';
import { LEAKY_SLOPE, type ActivationName } from '../math/activations.js';
import { ACTIVATION_OPS } from './activation-ops.js';

type LayersModel = import('@tensorflow/tfjs').LayersModel;
type Tensor = import('@tensorflow/tfjs').Tensor;

/** Our activation names as the `activation` of a TF.js dense layer. */
const DENSE_ACTIVATION: Partial<Record<ActivationName, string>> = { relu: 'relu', tanh: 'tanh', sigmoid: 'sigmoid', softplus: 'softplus', elu: 'elu', swish: 'swish' };
const CUSTOM_CLASS = 'ReluLabActivation';

type LayerClass = new (config: { activation: ActivationName; name?: string }) => import('@tensorflow/tfjs').layers.Layer;
let custom: LayerClass | null = null;
/** Register the layer that applies abs or sin, once per process. */
function registerCustom(tf: TF): LayerClass {
  if (custom) return custom;
  class ReluLabActivation extends tf.layers.Layer {
    static className = CUSTOM_CLASS;
    readonly activation: ActivationName;
    constructor(config: { activation: ActivationName; name?: string }) {
      super(config);
      this.activation = config.activation;
    }
    override call(inputs: Tensor | Tensor[]): Tensor {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      return tf.tidy(() => ACTIVATION_OPS[this.activation].f(tf, x));
    }
    override getConfig() {
      return { ...super.getConfig(), activation: this.activation };
    }
  }
  tf.serialization.registerClass(ReluLabActivation);
  custom = ReluLabActivation;
  return custom;
}

export function buildModel(tf: TF, net: Net): LayersModel {
  const Custom = registerCustom(tf);
  const model = tf.sequential();
  // One hidden layer keeps the names of the first saved models ('hidden', 'output').
  const name = (l: number) => (net.layers.length === 1 ? 'hidden' : `hidden${l + 1}`);
  net.layers.forEach((layer, l) => {
    const act = DENSE_ACTIVATION[layer.activation];
    model.add(tf.layers.dense({ units: layer.b.length, activation: (act ?? 'linear') as 'linear', name: name(l), ...(l === 0 ? { inputShape: [net.inputs] } : {}) }));
    if (act) return;
    if (layer.activation === 'leaky-relu') model.add(tf.layers.leakyReLU({ alpha: LEAKY_SLOPE, name: `${name(l)}_act` }));
    else model.add(new Custom({ activation: layer.activation, name: `${name(l)}_act` }));
  });
  model.add(tf.layers.dense({ units: 1, name: 'output' }));
  tf.tidy(() => {
    model.setWeights([
      ...net.layers.flatMap((layer) => [tf.tensor2d(transpose(layer.W), [layer.W[0].length, layer.b.length]), tf.tensor1d(layer.b)]),
      tf.tensor2d(net.output.w, [net.output.w.length, 1]),
      tf.tensor1d([net.output.d]),
    ]);
  });
  return model;
}

/** W[out][in] as a TF.js kernel [in][out], row-major. */
const transpose = (W: number[][]): number[] => W[0].flatMap((_, j) => W.map((row) => row[j]));

/** The Net a relu-lab model holds: dense layers with their activations, then dense(1). */
export function readNet(model: LayersModel): Net {
  const bad = (why: string) =>
    new Error(`not a relu-lab model (${why}): weight shapes ${model.getWeights().map((w) => `[${w.shape}]`).join(' ')}; expected dense layers with activations, then dense(1)`);
  const dense: { activation: string; W: number[][]; b: number[] }[] = [];
  for (const layer of model.layers) {
    const cls = layer.getClassName();
    const config = layer.getConfig() as { activation?: string };
    if (cls === 'Dense') {
      const [k, b] = layer.getWeights().map((w) => ({ shape: w.shape, data: Array.from(w.dataSync()) }));
      if (!k || !b || k.shape.length !== 2) throw bad('a dense layer without kernel and bias');
      const [fanIn, units] = k.shape as [number, number];
      const W = Array.from({ length: units }, (_, i) => Array.from({ length: fanIn }, (_, j) => k.data[j * units + i]));
      const act = Object.entries(DENSE_ACTIVATION).find(([, v]) => v === config.activation)?.[0];
      dense.push({ activation: act ?? config.activation ?? 'linear', W, b: b.data });
    } else if (cls === 'LeakyReLU' || cls === CUSTOM_CLASS) {
      const last = dense[dense.length - 1];
      if (!last || last.activation !== 'linear') throw bad(`${cls} without a linear dense layer before it`);
      last.activation = cls === 'LeakyReLU' ? 'leaky-relu' : String(config.activation);
    } else throw bad(`layer class ${cls}`);
  }
  const out = dense.pop();
  if (!out || out.activation !== 'linear' || out.b.length !== 1 || dense.length === 0) throw bad('no linear dense(1) output after the hidden layers');
  if (dense.some((l) => !(l.activation in ACTIVATION_OPS))) throw bad('a hidden layer without a known activation');
  return { inputs: dense[0].W[0].length, layers: dense.map((l) => ({ activation: l.activation as ActivationName, W: l.W, b: l.b })), output: { w: out.W[0], d: out.b[0] } };
}

/** Predictions on N points given row-major (N × inputs). */
export function predictModel(tf: TF, model: LayersModel, X: Float64Array, inputs = 1): Float64Array {
  const out = tf.tidy(() => model.predict(tf.tensor2d(Float32Array.from(X), [X.length / inputs, inputs])) as Tensor);
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
  registerCustom(tf);
  const json = JSON.parse(files.modelJson);
  const buf = files.weights.buffer.slice(files.weights.byteOffset, files.weights.byteOffset + files.weights.byteLength) as ArrayBuffer;
  return tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0].weights, weightData: buf }));
}

/** A network's files in the layers format; the LayersModel lives only inside this call. */
export async function modelFilesOf(tf: TF, net: Net): Promise<ModelFiles> {
  const model = buildModel(tf, net);
  try {
    return await modelFiles(tf, model);
  } finally {
    model.dispose();
  }
}

/** Saved files read back: the Net they hold and TF.js's own (float32) prediction on X (row-major). */
export async function reloadModel(tf: TF, files: ModelFiles, X: Float64Array): Promise<{ net: Net; predictions: Float64Array }> {
  const model = await loadModel(tf, files);
  try {
    const net = readNet(model);
    return { net, predictions: predictModel(tf, model, X, net.inputs) };
  } finally {
    model.dispose();
  }
}
