/**
 * dg.loadTorchBytes on an in-memory torch.save archive of one [rows, 1024] tensor (--size elements
 * in all), in three layouts: contiguous float32 (one block copy), a transposed float32 view (a
 * strided gather) and contiguous float16 (a table lookup per element). The archive is built
 * outside the timed region by a minimal writer of the same layout PyTorch writes (protocol-2
 * pickle with persistent storage ids, stored zip records). Throughput: archive bytes per second.
 */
import { loadTorchBytes } from '../../src/io/torch/load.js';
import type { BenchOptions } from '../args.js';
import { log, perSecond, printLine, resultLine, time, type Context } from '../harness.js';

const COLS = 1024;

/** Protocol-2 pickle of OrderedDict({'w': view}) over storage '0', as torch.save writes it. */
function statePickle(storage: string, numel: number, size: number[], stride: number[]): Uint8Array {
  const parts: number[] = [];
  const raw = (s: string): void => { for (const c of s) parts.push(c.charCodeAt(0)); };
  const u32 = (v: number): void => { parts.push(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff); };
  const int = (v: number): void => { parts.push(0x4a); u32(v); };
  const str = (s: string): void => { parts.push(0x58); u32(s.length); raw(s); };
  const tuple = (xs: number[]): void => { parts.push(0x28); xs.forEach(int); parts.push(0x74); };
  raw('\x80\x02ccollections\nOrderedDict\n)R(');
  str('w');
  raw('ctorch._utils\n_rebuild_tensor_v2\n((');
  str('storage');
  raw(`ctorch\n${storage}\n`);
  str('0');
  str('cpu');
  int(numel);
  raw('tQ');
  int(0);
  tuple(size);
  tuple(stride);
  raw('\x89ccollections\nOrderedDict\n)Rt');
  raw('Ru.');
  return Uint8Array.from(parts);
}

/** A stored (uncompressed) zip of the given records, local headers then central directory. */
function storedZip(records: Array<[string, Uint8Array]>): Uint8Array {
  const enc = new TextEncoder();
  const names = records.map(([n]) => enc.encode(n));
  const total = records.reduce((s, [, d], i) => s + 30 + names[i].length + d.length + 46 + names[i].length, 22);
  const out = new Uint8Array(total), view = new DataView(out.buffer);
  const offsets: number[] = [];
  let p = 0;
  records.forEach(([, data], i) => {
    offsets.push(p);
    view.setUint32(p, 0x04034b50, true);
    view.setUint32(p + 18, data.length, true);
    view.setUint32(p + 22, data.length, true);
    view.setUint16(p + 26, names[i].length, true);
    out.set(names[i], p + 30);
    out.set(data, p + 30 + names[i].length);
    p += 30 + names[i].length + data.length;
  });
  const dirStart = p;
  records.forEach(([, data], i) => {
    view.setUint32(p, 0x02014b50, true);
    view.setUint32(p + 20, data.length, true);
    view.setUint32(p + 24, data.length, true);
    view.setUint16(p + 28, names[i].length, true);
    view.setUint32(p + 42, offsets[i], true);
    out.set(names[i], p + 46);
    p += 46 + names[i].length;
  });
  view.setUint32(p, 0x06054b50, true);
  view.setUint16(p + 8, records.length, true);
  view.setUint16(p + 10, records.length, true);
  view.setUint32(p + 12, p - dirStart, true);
  view.setUint32(p + 16, dirStart, true);
  return out;
}

export function runTorchLoad(o: BenchOptions, ctx: Context): void {
  const rows = Math.max(1, Math.floor(o.size / COLS)), numel = rows * COLS;
  const layouts = [
    { layout: 'contiguous', dtype: 'float32', storage: 'FloatStorage', width: 4, size: [rows, COLS], stride: [COLS, 1] },
    { layout: 'transposed', dtype: 'float32', storage: 'FloatStorage', width: 4, size: [COLS, rows], stride: [1, COLS] },
    { layout: 'contiguous', dtype: 'float16', storage: 'HalfStorage', width: 2, size: [rows, COLS], stride: [COLS, 1] },
  ];
  for (const l of layouts) {
    const data = new Uint8Array(numel * l.width);
    for (let i = 0; i < data.length; i++) data[i] = (i * 2654435761) >>> 24 & 0x3f; // finite values for either width
    const archive = storedZip([['bench/data.pkl', statePickle(l.storage, numel, l.size, l.stride)], ['bench/data/0', data],
      ['bench/version', new TextEncoder().encode('3\n')]]);
    log(`bench: torch-load ${l.layout} ${l.dtype} [${l.size.join(', ')}] (${(archive.length / 1e6).toFixed(0)} MB archive)`);
    const t = time(() => { loadTorchBytes(archive, { name: 'bench.pt' }); }, { runs: o.runs, warmup: o.warmup, label: `torch-load ${l.layout} ${l.dtype}` });
    printLine(resultLine('torch-load', { layout: l.layout, dtype: l.dtype, shape: l.size, elements: numel }, ctx, t,
      { gbPerS: perSecond(archive.length / 1e9, t.minMs) }, { level: 'file bytes in memory, decoded to float32' }));
  }
}
