/**
 * Where the browser has WebGPU, the page runs one real workload on it: Cora's feature aggregation
 * (g-SpMM copyLhs-sum over the in-edges, numNodes x numFeatures) on the GPU and on the TypeScript
 * kernel, and reports the adapter, both times and the largest difference. Training itself stays
 * on the selected backend (the autograd tape calls kernels synchronously; GPU read-back is async).
 */
import * as dg from 'deepgraph';

/** Runs the check and returns one line for the page. */
export async function webGpuCheck(numNodes: number, src: Int32Array, dst: Int32Array, feat: Float32Array, numFeatures: number): Promise<string> {
  const made = await dg.createWebGpuKernels();
  if (!made.available) return `WebGPU: not used (${made.reason}).`;
  try {
    // The CSC (in-edges grouped by destination) by a counting sort of dst.
    const indptr = new Int32Array(numNodes + 1);
    for (const v of dst) indptr[v + 1]++;
    for (let v = 0; v < numNodes; v++) indptr[v + 1] += indptr[v];
    const fill = indptr.slice(0, numNodes), indices = new Int32Array(src.length);
    dst.forEach((v, e) => { indices[fill[v]++] = src[e]; });
    const args = {
      op: 'copyLhs' as const, reduce: 'sum' as const, numSrc: numNodes, numDst: numNodes, numEdges: src.length, indptr, indices,
      eids: null, lhs: feat, lhsShape: [numFeatures], rhs: null, rhsShape: [numFeatures], outShape: [numFeatures], argU: null, argE: null,
    };
    const gpuOut = new Float32Array(numNodes * numFeatures), jsOut = new Float32Array(numNodes * numFeatures);
    await made.gspmm({ ...args, out: gpuOut }); // the first call compiles and warms up
    const t0 = performance.now();
    await made.gspmm({ ...args, out: gpuOut });
    const t1 = performance.now();
    dg.getBackend().gspmm({ ...args, out: jsOut });
    const t2 = performance.now();
    let maxDiff = 0;
    for (let i = 0; i < jsOut.length; i++) maxDiff = Math.max(maxDiff, Math.abs(gpuOut[i] - jsOut[i]));
    return `WebGPU (${made.adapter}): Cora feature aggregation, g-SpMM ${numNodes} x ${numFeatures}, ${(t1 - t0).toFixed(0)} ms on the GPU vs ` +
      `${(t2 - t1).toFixed(0)} ms on '${dg.backendName()}', largest difference ${maxDiff.toExponential(1)}.`;
  } finally {
    made.destroy();
  }
}
