/**
 * Entity classification on AIFB (or MUTAG) with the Heterogeneous Graph Transformer (Hu et al.
 * 2020; --model hgt) or relational GAT (--model rgat: RelationalGATConv, a GAT per relation in one fused pass).
 * Both start from a learned embedding per node (the featureless input) and stack two typed layers;
 * HGT ends in a linear classifier on the labelled category (AIFB's Personen). Adam for --epochs
 * epochs; prints the test accuracy of each seed and their mean.
 *
 *   npm run build && node dist/examples/hetero-entity.js [--model hgt|rgat] [--dataset aifb|mutag] [--data-dir DIR]
 *     [--epochs 50] [--seeds 1] [--hidden 16] [--heads 2] [--lr 0.01] [--dropout 0.2] [--weight-decay 5e-4] [--use-norm]
 *     [--gelu] [--self-loop] [--validation] [--first-seed 0] [--per-relation] [--threads N] [--eval-every K]
 *     [--fixed-input N] [--adamw] [--clip C] [--one-cycle] [--attention within|across] [--featureless B] [--no-bias] [--fold K]
 *     [--folds K] [--average-last K] [--label-smoothing E]
 *
 * --gelu applies GELU before HGT's A-linear (the paper's σ; PyG and the authors' code) instead of
 * DGL's identity. --self-loop gives RGAT a '_self_T' relation per node type (Busbridge et al.'s
 * identity relation: a node's own projection joins the sum). --validation holds out the first fifth
 * of the training nodes (DGL's entity_classify), trains on the rest and prints validation accuracy
 * instead of test accuracy, to choose settings without looking at the test set. --per-relation runs
 * RGAT as one GATConv per relation (the reference the fused layer equals); --threads sets the native
 * kernels' thread count. --eval-every K (with --validation) also prints validation accuracy every K
 * epochs, to choose the epoch count on validation. DGL's HGT example (examples/pytorch/hgt/train_acm.py)
 * is --fixed-input 256 (fixed random features, a Linear per type and GELU instead of a learned
 * embedding) --adamw --weight-decay 0.01 --clip 1 --one-cycle --lr 0.001 (the cycle's peak).
 * HGT's --attention within gives each relation its own softmax (HGTConv's attentionMode; default across).
 * RGAT's --attention across is ARGAT (one softmax over all relations), --featureless B the RGAT
 * paper's one-hot input (B bases; 0: a table per relation), --no-bias drops the per-relation biases
 * (the authors' layers have none). --fold K (0-4, with --validation) holds out the K-th fifth instead.
 * --folds K (with --validation) validates by K-fold cross-validation over the training nodes (each
 * node is predicted by the model trained on the other folds; AIFB's single fifth is 28 nodes and saturates).
 * --average-last K predicts with the mean softmax of the last K epochs' models (a snapshot ensemble);
 * --label-smoothing E trains on targets smoothed by E (torch's label_smoothing).
 * DIR holds the dataset's .nt.gz, trainingSet.tsv and testSet.tsv; without it they are downloaded.
 */
import * as dg from 'deepgraph';

const { nn, optim, data } = dg;

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

interface Settings {
  hidden: number; heads: number; numClasses: number; dropout: number; useNorm: boolean; gelu: boolean;
  /** Size of fixed random input features (0: a learned embedding per node instead). */
  fixedInput: number;
  /** HGT: one softmax over all in-edges ('across', the paper's; default) or per relation ('within'; --attention within). */
  hgtAttention: 'across' | 'within';
  /** RGAT only: softmax within each relation (WIRGAT) or across relations (ARGAT); per-relation biases or none. */
  attentionMode: dg.nn.RelationalAttentionMode;
  bias: boolean;
  /** RGAT only: bases of a featureless first layer on one-hot ids (0: a table per relation), or -1 for an embedding input. */
  featurelessBases: number;
}

/**
 * The input of DGL's HGT example for featureless nodes: fixed xavier-uniform random features per
 * node (not trained, so no free parameters per node), then a Linear per node type and GELU.
 */
class FixedInput extends nn.Module {
  readonly adapt: dg.nn.HeteroLinear;
  private readonly feats: Record<string, dg.Tensor>;

  constructor(hg: dg.Graph, inSize: number, hidden: number) {
    super();
    this.feats = Object.fromEntries(hg.ntypes.map((t) => [t, nn.init.xavierUniform(dg.zeros([hg.numNodes(t), inSize]))]));
    this.adapt = this.registerModule('adapt', new nn.HeteroLinear(Object.fromEntries(hg.ntypes.map((t) => [t, inSize])), hidden));
  }

  forward(): Record<string, dg.Tensor> {
    return Object.fromEntries(Object.entries(this.adapt.forward(this.feats)).map(([t, v]) => [t, dg.gelu(v)]));
  }
}

/** Logits [rows, classes] for ids within the labelled category. */
abstract class EntityModel extends nn.Module {
  abstract override forward(rows: Int32Array): dg.Tensor;
}

/** Two HGTConv layers on the homogeneous view (toHomogeneous numbers nodes type by type: presorted). */
class HGT extends EntityModel {
  readonly emb: dg.nn.Embedding | null = null;
  readonly input: FixedInput | null = null;
  readonly conv1: dg.nn.HGTConv;
  readonly conv2: dg.nn.HGTConv;
  readonly out: dg.nn.Linear;
  private readonly g: dg.Graph;
  private readonly offset: number;
  private readonly ntypes: string[];

  constructor(hg: dg.Graph, category: string, s: Settings) {
    super();
    this.g = dg.toHomogeneous(hg);
    this.offset = hg.ntypes.slice(0, hg.ntypes.indexOf(category)).reduce((a, t) => a + hg.numNodes(t), 0);
    if (s.fixedInput > 0) {
      this.input = this.registerModule('input', new FixedInput(hg, s.fixedInput, s.hidden));
    } else {
      this.emb = this.registerModule('emb', new nn.Embedding(this.g.numNodes(), s.hidden));
      nn.init.xavierUniform(this.emb.weight, nn.init.calculateGain('relu'));
    }
    this.ntypes = hg.ntypes;
    const T = hg.ntypes.length, R = hg.canonicalEtypes.length;
    const opts = { dropout: s.dropout, useNorm: s.useNorm, activation: s.gelu ? dg.gelu : undefined, attentionMode: s.hgtAttention };
    this.conv1 = this.registerModule('conv1', new nn.HGTConv(s.hidden, s.hidden / s.heads, s.heads, T, R, opts));
    this.conv2 = this.registerModule('conv2', new nn.HGTConv(s.hidden, s.hidden / s.heads, s.heads, T, R, opts));
    this.out = this.registerModule('out', new nn.Linear(s.hidden, s.numClasses));
  }

  forward(rows: Int32Array): dg.Tensor {
    const ntype = this.g.ndata.get(dg.NTYPE), etype = this.g.edata.get(dg.ETYPE);
    const perType = this.input?.forward();
    const x = perType === undefined ? this.emb!.weight : dg.concat(this.ntypes.map((t) => perType[t]), 0);
    const h = dg.relu(this.conv1.forward(this.g, x, ntype, etype, { presorted: true }));
    const h2 = this.conv2.forward(this.g, h, ntype, etype, { presorted: true });
    return this.out.forward(dg.indexSelect(h2, 0, rows.map((v) => v + this.offset)));
  }
}

/**
 * RGAT: per-type embeddings (HeteroEmbedding), or with --featureless B the paper's one-hot input
 * (FeaturelessRelationalGATConv, B bases, 0 for none), then two relational GAT layers; heads concatenated,
 * then averaged at the output. The layers are the fused RelationalGATConv, or with perRelation the
 * equal HeteroGraphConv of one GATConv per relation (relationalGAT), kept for timing against it.
 */
class RGAT extends EntityModel {
  readonly emb: dg.nn.HeteroEmbedding | null = null;
  readonly input: FixedInput | null = null;
  readonly conv1: dg.nn.RelationalGATConv | dg.nn.HeteroGraphConv | dg.nn.FeaturelessRelationalGATConv;
  readonly conv2: dg.nn.RelationalGATConv | dg.nn.HeteroGraphConv;

  constructor(private readonly hg: dg.Graph, private readonly category: string, s: Settings, perRelation: boolean) {
    super();
    const opts = { featDrop: s.dropout, attentionMode: s.attentionMode, bias: s.bias };
    const layer = (outFeats: number, heads: number): dg.nn.RelationalGATConv | dg.nn.HeteroGraphConv => perRelation
      ? nn.relationalGAT(hg.canonicalEtypes, s.hidden, outFeats, heads, { featDrop: s.dropout, bias: s.bias })
      : new nn.RelationalGATConv(hg.canonicalEtypes, s.hidden, outFeats, heads, opts);
    const numNodes = Object.fromEntries(hg.ntypes.map((t) => [t, hg.numNodes(t)]));
    if (s.featurelessBases < 0 && s.fixedInput > 0) {
      this.input = this.registerModule('input', new FixedInput(hg, s.fixedInput, s.hidden));
    } else if (s.featurelessBases < 0) {
      this.emb = this.registerModule('emb', new nn.HeteroEmbedding(numNodes, s.hidden));
      for (const w of Object.values(this.emb.weight)) nn.init.xavierUniform(w, nn.init.calculateGain('relu'));
    }
    this.conv1 = this.registerModule('conv1', s.featurelessBases < 0 ? layer(s.hidden / s.heads, s.heads)
      : new nn.FeaturelessRelationalGATConv(hg.canonicalEtypes, numNodes, s.hidden / s.heads, s.heads,
        { numBases: s.featurelessBases, attentionMode: s.attentionMode, bias: s.bias }));
    this.conv2 = this.registerModule('conv2', layer(s.numClasses, 1));
  }

  forward(rows: Int32Array): dg.Tensor {
    const first = this.conv1 instanceof nn.FeaturelessRelationalGATConv ? this.conv1.forward(this.hg)
      : this.conv1.forward(this.hg, this.input?.forward() ?? this.emb!.weight);
    const h = Object.fromEntries(Object.entries(first).map(([t, v]) => [t, dg.relu(v.reshape([v.shape[0], -1]))]));
    const out = this.conv2.forward(this.hg, h)[this.category];
    return dg.indexSelect(out.reshape([out.shape[0], -1]), 0, rows);
  }
}

/** Fold f of k over the training ids: [the other folds, fold f] (contiguous blocks; fold 0 of 5 is --validation's fifth). */
function foldSplit(ids: Int32Array, k: number, f: number): [Int32Array, Int32Array] {
  const from = Math.floor((ids.length * f) / k), to = Math.floor((ids.length * (f + 1)) / k);
  const rest = new Int32Array(ids.length - (to - from));
  rest.set(ids.subarray(0, from));
  rest.set(ids.subarray(to), from);
  return [rest, ids.slice(from, to)];
}

/** The graph with one '_self_T' relation per node type T, every node linked to itself. */
function withSelfRelations(hg: dg.Graph): dg.Graph {
  const relations: Record<string, [Int32Array, Int32Array]> = {};
  for (const c of hg.canonicalEtypes) relations[c.join(':')] = hg.edges({ etype: c }) as [Int32Array, Int32Array];
  for (const t of hg.ntypes) {
    const ids = Int32Array.from({ length: hg.numNodes(t) }, (_, i) => i);
    relations[`${t}:_self_${t}:${t}`] = [ids, ids];
  }
  return dg.heterograph(relations, { numNodes: Object.fromEntries(hg.ntypes.map((t) => [t, hg.numNodes(t)])) });
}

async function main(): Promise<void> {
  if (process.argv.includes('--threads')) dg.setNumThreads(Number(option('threads', '1')));
  const dataDir = process.argv.includes('--data-dir') ? option('data-dir', '') : undefined;
  const epochs = Number(option('epochs', '50')), seeds = Number(option('seeds', '1')), firstSeed = Number(option('first-seed', '0'));
  const hidden = Number(option('hidden', '16')), heads = Number(option('heads', '2'));
  const lr = Number(option('lr', '0.01')), dropout = Number(option('dropout', '0.2')), weightDecay = Number(option('weight-decay', '5e-4'));
  const name = option('dataset', 'aifb');
  if (name !== 'aifb' && name !== 'mutag') throw new Error(`--dataset must be aifb or mutag, got '${name}'`);
  const Dataset = name === 'aifb' ? data.AIFBDataset : data.MUTAGDataset;
  const ds = dataDir === undefined ? await Dataset.load() : new Dataset({ rawDir: dataDir });
  const category = ds.predictCategory;
  const model = option('model', 'hgt');
  const hg = process.argv.includes('--self-loop') ? withSelfRelations(ds.graph) : ds.graph;
  if (model !== 'hgt' && model !== 'rgat') throw new Error(`--model must be hgt or rgat, got '${model}'`);
  const settings: Settings = { hidden, heads, numClasses: ds.numClasses, dropout, useNorm: process.argv.includes('--use-norm'),
    gelu: process.argv.includes('--gelu'), fixedInput: Number(option('fixed-input', '0')),
    attentionMode: option('attention', 'within') as dg.nn.RelationalAttentionMode, bias: !process.argv.includes('--no-bias'),
    hgtAttention: option('attention', 'across') as 'across' | 'within',
    featurelessBases: process.argv.includes('--featureless') ? Number(option('featureless', '0')) : -1 };
  const clip = Number(option('clip', '0')), oneCycle = process.argv.includes('--one-cycle');
  const labels = ds.graph.nodeFrame(category).get('label');
  const validation = process.argv.includes('--validation');
  const evalEvery = Number(option('eval-every', '0'));
  const folds = Number(option('folds', '0')), averageLast = Number(option('average-last', '0'));
  const labelSmoothing = Number(option('label-smoothing', '0'));
  if (folds !== 0 && !(validation && Number.isInteger(folds) && folds >= 2)) throw new Error(`--folds must be an integer >= 2 and needs --validation, got ${folds}`);
  if (!(Number.isInteger(averageLast) && averageLast >= 0 && averageLast <= epochs)) throw new Error(`--average-last must be an integer in [0, epochs], got ${averageLast}`);
  if (evalEvery > 0 && !validation) throw new Error('--eval-every reports validation accuracy during training: it needs --validation');
  const fifth = Math.floor(ds.trainIdx.length / 5), fold = Number(option('fold', '0'));
  if (!(Number.isInteger(fold) && fold >= 0 && fold < 5)) throw new Error(`--fold must be 0, 1, 2, 3 or 4, got '${option('fold', '0')}'`);
  const held = [fold * fifth, (fold + 1) * fifth];
  const trainIdx = validation ? Int32Array.from([...ds.trainIdx.slice(0, held[0]), ...ds.trainIdx.slice(held[1])]) : ds.trainIdx;
  const testIdx = validation ? ds.trainIdx.slice(held[0], held[1]) : ds.testIdx;
  const trainLabels = dg.indexSelect(labels, 0, trainIdx), testLabels = dg.indexSelect(labels, 0, testIdx);
  const accuracy = (logits: dg.Tensor, y: dg.Tensor): number => {
    const pred = dg.argmax(logits, 1);
    let hit = 0;
    for (let i = 0; i < y.size; i++) hit += pred.data[i] === y.data[i] ? 1 : 0;
    return hit / y.size;
  };
  console.log(`${name} with ${model}: ${hg.ntypes.length} node types, ${hg.canonicalEtypes.length} relations, ` +
    (folds > 0 ? `${folds}-fold cross-validation over ${ds.trainIdx.length} training nodes`
      : `${trainIdx.length} train / ${testIdx.length} ${validation ? 'validation' : 'test'}`));
  const results: number[] = [];
  for (let seed = firstSeed; seed < firstSeed + seeds; seed++) {
    // --folds K: every training node is validated once, by the model trained on the other folds.
    let hits = 0, total = 0;
    const start = Date.now();
    for (let f = 0; f < Math.max(1, folds); f++) {
      const [trainRows, evalRows] = folds > 0 ? foldSplit(ds.trainIdx, folds, f) : [trainIdx, testIdx];
      const trainY = folds > 0 ? dg.indexSelect(labels, 0, trainRows) : trainLabels;
      const evalY = folds > 0 ? dg.indexSelect(labels, 0, evalRows) : testLabels;
      dg.manualSeed(seed);
      const net = model === 'hgt' ? new HGT(hg, category, settings) : new RGAT(hg, category, settings, process.argv.includes('--per-relation'));
      const opt = process.argv.includes('--adamw') ? new optim.AdamW(net.parameters(), { lr, weightDecay })
        : new optim.Adam(net.parameters(), { lr, weightDecay });
      const schedule = oneCycle ? new optim.OneCycleLR(opt, { maxLr: lr, totalSteps: epochs }) : null;
      let probs: dg.Tensor | null = null;
      for (let epoch = 1; epoch <= epochs; epoch++) {
        net.train();
        const logits = net.forward(trainRows);
        const loss = dg.crossEntropy(logits, trainY, { labelSmoothing });
        opt.zeroGrad();
        loss.backward();
        if (clip > 0) optim.clipGradNorm(net.parameters(), clip);
        opt.step();
        schedule?.step();
        if (epoch > epochs - averageLast) {
          // --average-last K: predict with the mean softmax of the last K epochs' models (a snapshot ensemble).
          net.eval();
          const p = dg.noGrad(() => dg.softmax(net.forward(evalRows), 1));
          probs = probs === null ? p : dg.add(probs, p);
        }
        if (evalEvery > 0 && epoch % evalEvery === 0 && epoch < epochs) {
          net.eval();
          console.log(`seed ${seed} epoch ${epoch}: validation accuracy ${accuracy(dg.noGrad(() => net.forward(evalRows)), evalY).toFixed(4)}`);
        }
        if (seeds === 1 && folds === 0 && (epoch % 10 === 0 || epoch === epochs)) {
          console.log(`epoch ${epoch}: loss ${loss.item().toFixed(4)}, train acc ${accuracy(logits, trainY).toFixed(4)}`);
        }
      }
      net.eval();
      hits += accuracy(probs ?? dg.noGrad(() => net.forward(evalRows)), evalY) * evalRows.length;
      total += evalRows.length;
    }
    const acc = hits / total;
    results.push(acc);
    console.log(`seed ${seed}: ${validation ? 'validation' : 'test'} accuracy ${acc.toFixed(4)} (${((Date.now() - start) / epochs / Math.max(1, folds)).toFixed(0)} ms / epoch)`);
  }
  const mean = results.reduce((a, b) => a + b, 0) / results.length;
  const sd = Math.sqrt(results.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, results.length - 1));
  console.log(`mean ${validation ? 'validation' : 'test'} accuracy over ${seeds} seed(s): ${mean.toFixed(4)} ± ${sd.toFixed(4)}`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
