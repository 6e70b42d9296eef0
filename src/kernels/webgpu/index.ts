/**
 * g-SpMM and dense matmul on WebGPU (WGSL compute shaders), where `navigator.gpu` exists. They take
 * exactly the arguments of the Backend kernels of the same names and write `out` the same way,
 * but finish asynchronously: a GPU result can only be read back with `await` (mapAsync), while
 * the autograd tape calls kernels synchronously. So they are an asynchronous kernel set, checked
 * against the TypeScript backend, not a backend `setBackend` can select. Float64 inputs (WGSL has
 * no f64) run on the TypeScript kernels.
 */
import type { Backend, FloatArray, IndexArray, SpmmArgs } from '../backend.js';
import { jsBackend } from '../js/index.js';
import { featureOffsets } from '../js/spmm.js';
import { numel } from '../js/broadcast.js';
import { checkCompressedArgs, checkLength } from '../js/sparse-check.js';
import { BUFFER_USAGE as U, MAP_READ, type GpuBufferLike, type GpuDeviceLike, type GpuLike, type GpuPipelineLike } from './gpu-types.js';
import { GSPMM_WGSL, MATMUL_WGSL, SPMM_OP_CODE, SPMM_REDUCE_CODE, WORKGROUP } from './shaders.js';

/** The WebGPU kernels: Backend's gspmm and matmul, resolving when `out` (and argU / argE) hold the result. */
export interface WebGpuKernels {
  /** The adapter, e.g. 'google swiftshader'. */
  readonly adapter: string;
  /** Backend.gspmm on the GPU (float32; float64 runs on the TypeScript kernel); resolves once `out` holds the result. */
  gspmm(args: SpmmArgs): Promise<void>;
  /** Backend.matmul on the GPU (float32; float64 runs on the TypeScript kernel); resolves once `out` holds the result. */
  matmul(...args: Parameters<Backend['matmul']>): Promise<void>;
  /** Releases the GPU device. */
  destroy(): void;
}

/** Why WebGPU kernels are unavailable here (no navigator.gpu, no adapter, no device). */
export type WebGpuUnavailable = { available: false; reason: string };

/**
 * Requests a GPU adapter and device and compiles the shaders. Resolves to the kernels, or to
 * `{ available: false, reason }` (never throws for a missing GPU: WebGPU is never required).
 */
export async function createWebGpuKernels(): Promise<({ available: true } & WebGpuKernels) | WebGpuUnavailable> {
  const gpu = (globalThis as { navigator?: { gpu?: GpuLike } }).navigator?.gpu;
  if (gpu === undefined) return { available: false, reason: 'navigator.gpu is absent (no WebGPU in this runtime, or not a secure context)' };
  let device: GpuDeviceLike, adapterName: string;
  try {
    const adapter = await gpu.requestAdapter();
    if (adapter === null) return { available: false, reason: 'navigator.gpu.requestAdapter() found no adapter' };
    adapterName = [adapter.info?.vendor, adapter.info?.architecture].filter(Boolean).join(' ') || 'unknown adapter';
    device = await adapter.requestDevice();
  } catch (e) {
    return { available: false, reason: `WebGPU device request failed: ${(e as Error).message}` };
  }
  const pipeline = (code: string): GpuPipelineLike =>
    device.createComputePipeline({ layout: 'auto', compute: { module: device.createShaderModule({ code }), entryPoint: 'main' } });
  const kernels = new GpuKernels(device, adapterName, pipeline(GSPMM_WGSL), pipeline(MATMUL_WGSL));
  return Object.assign(kernels, { available: true as const });
}

const isF32 = (a: FloatArray | null): boolean => a === null || a instanceof Float32Array;

class GpuKernels implements WebGpuKernels {
  constructor(private readonly device: GpuDeviceLike, readonly adapter: string,
    private readonly spmmPipeline: GpuPipelineLike, private readonly matmulPipeline: GpuPipelineLike) {}

  destroy(): void { this.device.destroy(); }

  async gspmm(a: SpmmArgs): Promise<void> {
    if (!isF32(a.lhs) || !isF32(a.rhs) || !isF32(a.out)) { jsBackend.gspmm(a); return; }
    // The same argument checks as the TypeScript kernel, before anything reaches the GPU.
    checkCompressedArgs('gspmm', a.indptr, a.numDst, a.indices, a.numSrc, a.eids, a.numEdges);
    const F = numel(a.outShape), L = numel(a.lhsShape), R = numel(a.rhsShape);
    const useLhs = a.op !== 'copyRhs', useRhs = a.op !== 'copyLhs';
    if (useLhs) checkLength('gspmm', 'lhs', a.lhs, a.numSrc * L);
    if (useRhs) checkLength('gspmm', 'rhs', a.rhs, a.numEdges * R);
    checkLength('gspmm', 'out', a.out, a.numDst * F);
    if (a.argU !== null) checkLength('gspmm', 'argU', a.argU, a.numDst * F);
    if (a.argE !== null) checkLength('gspmm', 'argE', a.argE, a.numDst * F);
    const lo = useLhs ? featureOffsets('gspmm', 'lhs', a.lhsShape, a.outShape) : null;
    const ro = useRhs ? featureOffsets('gspmm', 'rhs', a.rhsShape, a.outShape) : null;
    const total = a.numDst * F;
    if (total === 0) return;
    const parts: IndexArray[] = [a.indptr, a.indices, a.eids ?? new Int32Array(0), lo ?? new Int32Array(0), ro ?? new Int32Array(0)];
    const offsets: number[] = [];
    let at = 0;
    for (const p of parts) { offsets.push(at); at += p.length; }
    const ints = new Int32Array(Math.max(at, 1));
    parts.forEach((p, i) => ints.set(p, offsets[i]));
    const wantArgs = a.reduce !== 'sum' && (a.argU !== null || a.argE !== null);
    const flags = (a.eids !== null ? 1 : 0) | (lo !== null ? 2 : 0) | (ro !== null ? 4 : 0) | (wantArgs ? 8 : 0);
    const params = Uint32Array.of(a.numDst, F, L, R, SPMM_OP_CODE[a.op], SPMM_REDUCE_CODE[a.reduce], flags,
      offsets[1], offsets[2], offsets[3], offsets[4], total);
    const argWords = wantArgs ? 2 * total : 1;
    const [outBytes, argBytes] = await this.run(this.spmmPipeline, params,
      [ints, useLhs ? a.lhs as Float32Array : new Float32Array(1), useRhs ? a.rhs as Float32Array : new Float32Array(1)],
      [total * 4, argWords * 4], total);
    a.out.set(new Float32Array(outBytes));
    if (wantArgs) {
      const args = new Int32Array(argBytes);
      a.argU?.set(args.subarray(0, total));
      a.argE?.set(args.subarray(total));
    } else if (a.reduce !== 'sum') {
      a.argU?.fill(-1);
      a.argE?.fill(-1);
    }
  }

  async matmul(a: FloatArray, b: FloatArray, out: FloatArray, batch: number, m: number, k: number, n: number,
    transA: boolean, transB: boolean, aBatchStride: number, bBatchStride: number): Promise<void> {
    if (!isF32(a) || !isF32(b) || !isF32(out)) { jsBackend.matmul(a, b, out, batch, m, k, n, transA, transB, aBatchStride, bBatchStride); return; }
    const dims = { batch, m, k, n, aBatchStride, bBatchStride };
    for (const [name, v] of Object.entries(dims)) {
      if (!Number.isInteger(v) || v < 0) throw new RangeError(`matmul: ${name} must be a non-negative integer, got ${v}`);
    }
    checkLength('matmul', 'out', out, batch * m * n);
    if (batch > 0) {
      if ((batch - 1) * aBatchStride + m * k > a.length) throw new RangeError(`matmul: a holds ${a.length} values, needs ${(batch - 1) * aBatchStride + m * k}`);
      if ((batch - 1) * bBatchStride + k * n > b.length) throw new RangeError(`matmul: b holds ${b.length} values, needs ${(batch - 1) * bBatchStride + k * n}`);
    }
    const total = batch * m * n;
    if (total === 0) return;
    const params = Uint32Array.of(batch, m, k, n, transA ? 1 : 0, transB ? 1 : 0, aBatchStride, bBatchStride, total);
    const [outBytes] = await this.run(this.matmulPipeline, params, [a as Float32Array, b as Float32Array], [total * 4], total);
    out.set(new Float32Array(outBytes));
  }

  /** Uploads inputs, dispatches one invocation per output element, reads the outputs back. */
  private async run(pipeline: GpuPipelineLike, params: Uint32Array, inputs: (Int32Array | Float32Array)[],
    outputSizes: number[], total: number): Promise<ArrayBuffer[]> {
    const d = this.device;
    const made: GpuBufferLike[] = [];
    const buffer = (size: number, usage: number): GpuBufferLike => {
      const limit = d.limits.maxStorageBufferBindingSize;
      if (size > limit) throw new RangeError(`WebGPU: a ${size}-byte buffer exceeds this device's binding limit of ${limit} bytes`);
      const buf = d.createBuffer({ size: Math.max(16, Math.ceil(size / 4) * 4), usage });
      made.push(buf);
      return buf;
    };
    d.pushErrorScope('validation');
    try {
      const uniform = buffer(params.byteLength, U.UNIFORM | U.COPY_DST);
      d.queue.writeBuffer(uniform, 0, params);
      const ins = inputs.map((x) => { const buf = buffer(x.byteLength, U.STORAGE | U.COPY_DST); d.queue.writeBuffer(buf, 0, x); return buf; });
      const outs = outputSizes.map((s) => buffer(s, U.STORAGE | U.COPY_SRC));
      const reads = outputSizes.map((s) => buffer(s, U.MAP_READ | U.COPY_DST));
      const entries = [uniform, ...ins, ...outs].map((buf, binding) => ({ binding, resource: { buffer: buf } }));
      const group = d.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries });
      const encoder = d.createCommandEncoder();
      const pass = encoder.beginComputePass();
      pass.setPipeline(pipeline);
      pass.setBindGroup(0, group);
      const groups = Math.ceil(total / WORKGROUP), maxX = d.limits.maxComputeWorkgroupsPerDimension;
      pass.dispatchWorkgroups(Math.min(groups, maxX), Math.ceil(groups / maxX));
      pass.end();
      outs.forEach((o, i) => encoder.copyBufferToBuffer(o, 0, reads[i], 0, Math.max(16, Math.ceil(outputSizes[i] / 4) * 4)));
      d.queue.submit([encoder.finish()]);
      const error = await d.popErrorScope();
      if (error !== null) throw new Error(`WebGPU validation error: ${error.message}`);
      return await Promise.all(reads.map(async (r, i) => {
        await r.mapAsync(MAP_READ);
        const copy = r.getMappedRange().slice(0, outputSizes[i]);
        r.unmap();
        return copy;
      }));
    } finally {
      for (const buf of made) buf.destroy();
    }
  }
}
