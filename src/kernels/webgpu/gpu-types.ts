/**
 * The few WebGPU types the kernels use, declared structurally so that the library needs neither
 * the DOM lib nor @webgpu/types. Names follow the WebGPU specification.
 */

/** GPUBufferUsage flags (WebGPU spec values). */
export const BUFFER_USAGE = { MAP_READ: 0x0001, COPY_SRC: 0x0004, COPY_DST: 0x0008, UNIFORM: 0x0040, STORAGE: 0x0080 } as const;
/** GPUMapMode.READ. */
export const MAP_READ = 0x0001;

/** A GPUBuffer, as far as the kernels use it. */
export interface GpuBufferLike {
  mapAsync(mode: number): Promise<void>;
  getMappedRange(): ArrayBuffer;
  unmap(): void;
  destroy(): void;
}

/** A GPUComputePipeline. */
export interface GpuPipelineLike {
  getBindGroupLayout(index: number): unknown;
}

/** A GPUComputePassEncoder. */
export interface GpuPassLike {
  setPipeline(p: GpuPipelineLike): void;
  setBindGroup(index: number, group: unknown): void;
  dispatchWorkgroups(x: number, y?: number): void;
  end(): void;
}

/** A GPUCommandEncoder. */
export interface GpuEncoderLike {
  beginComputePass(): GpuPassLike;
  copyBufferToBuffer(src: GpuBufferLike, srcOffset: number, dst: GpuBufferLike, dstOffset: number, size: number): void;
  finish(): unknown;
}

/** A GPUDevice, as far as the kernels use it. */
export interface GpuDeviceLike {
  readonly limits: { maxStorageBufferBindingSize: number; maxComputeWorkgroupsPerDimension: number };
  readonly queue: { writeBuffer(b: GpuBufferLike, offset: number, data: ArrayBufferView): void; submit(cmds: unknown[]): void };
  createBuffer(d: { size: number; usage: number }): GpuBufferLike;
  createShaderModule(d: { code: string }): unknown;
  createComputePipeline(d: { layout: 'auto'; compute: { module: unknown; entryPoint: string } }): GpuPipelineLike;
  createBindGroup(d: { layout: unknown; entries: { binding: number; resource: { buffer: GpuBufferLike } }[] }): unknown;
  createCommandEncoder(): GpuEncoderLike;
  pushErrorScope(filter: 'validation' | 'out-of-memory'): void;
  popErrorScope(): Promise<{ message: string } | null>;
  destroy(): void;
}

/** navigator.gpu. */
export interface GpuLike {
  requestAdapter(): Promise<{ info?: { vendor?: string; architecture?: string }; requestDevice(): Promise<GpuDeviceLike> } | null>;
}
