import { DataFormatError } from '../../errors.js';
import { STORAGE_TYPES, type StorageTypeName } from './dtypes.js';

/** A `torch.save` storage reference: the pickle's persistent id ('storage', type, key, location, numel). */
export class StorageRef {
  constructor(readonly type: StorageTypeName, readonly key: string, readonly location: string, readonly numel: number) {}
}

/** A tensor as the pickle describes it: a view (offset, size, stride in elements) into a storage. */
export class TensorRef {
  constructor(readonly storage: StorageRef, readonly offset: number, readonly size: number[], readonly stride: number[]) {}
}

/** What the restricted unpickler produces: plain data, dicts as Maps, tuples and lists as arrays. */
export type PickleValue = null | boolean | number | bigint | string | Uint8Array | PickleValue[] | Map<PickleValue, PickleValue> |
  StorageRef | TensorRef | AllowedGlobal;

/** A global the pickle named and the allow-list accepted; it is only ever interpreted, never run. */
class AllowedGlobal {
  constructor(readonly module: string, readonly name: string) {}
  get qualified(): string { return `${this.module}.${this.name}`; }
}

const REBUILD_TENSOR = new Set(['torch._utils._rebuild_tensor', 'torch._utils._rebuild_tensor_v2']);
const REBUILD_PARAMETER = new Set(['torch._utils._rebuild_parameter', 'torch._utils._rebuild_parameter_with_state']);
/** Every global a state dict needs. Anything else (os.system, builtins.eval, ...) is refused by name. */
const ALLOWED = new Set<string>([
  'collections.OrderedDict', 'torch.device', ...REBUILD_TENSOR, ...REBUILD_PARAMETER,
  ...Object.keys(STORAGE_TYPES).map((t) => `torch.${t}`),
]);

/** Bytes as the string of the same char codes (Python 2 `str`), in chunks that fit an argument list. */
function latin1(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i += 8192) s += String.fromCharCode(...b.subarray(i, i + 8192));
  return s;
}

/**
 * A pickle reader for `torch.save` state dicts that executes nothing: it knows the opcodes of
 * protocols 2-5 that plain data needs, accepts only the globals in ALLOWED (each interpreted by
 * this file, never looked up or called), and throws a DataFormatError naming the file, the byte
 * position and the refused global or opcode for everything else (INST, OBJ, EXT*, text PERSID...).
 */
export function unpickle(bytes: Uint8Array, file: string): PickleValue {
  return new Unpickler(bytes, file).run();
}

class Unpickler {
  private pos = 0;
  private readonly view: DataView;
  private stack: PickleValue[] = [];
  private readonly marks: PickleValue[][] = [];
  private readonly memo = new Map<number, PickleValue>();
  private readonly utf8 = new TextDecoder('utf-8', { fatal: true });

  constructor(private readonly bytes: Uint8Array, private readonly file: string) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  private fail(message: string, at = this.pos): never {
    throw new DataFormatError(`${this.file}: ${message} (at byte ${at})`);
  }

  private need(n: number): number {
    if (n < 0 || this.pos + n > this.bytes.length) this.fail(`pickle is truncated: ${n} more bytes needed, ${this.bytes.length - this.pos} left`);
    const at = this.pos;
    this.pos += n;
    return at;
  }

  private u8(): number { return this.bytes[this.need(1)]; }
  private u16(): number { return this.view.getUint16(this.need(2), true); }
  private u32(): number { return this.view.getUint32(this.need(4), true); }
  private u64(): number {
    const lo = this.u32(), hi = this.u32();
    if (hi > 0x1fffff) this.fail('length does not fit a safe integer');
    return hi * 2 ** 32 + lo;
  }
  private raw(n: number): Uint8Array { const at = this.need(n); return this.bytes.subarray(at, at + n); }
  private text(n: number): string {
    const at = this.pos, b = this.raw(n);
    try { return this.utf8.decode(b); } catch { return this.fail('string is not valid UTF-8', at); }
  }
  private latin1(n: number): string { return latin1(this.raw(n)); }
  private line(): string {
    const end = this.bytes.indexOf(0x0a, this.pos);
    if (end < 0) this.fail('pickle is truncated inside a GLOBAL name');
    return this.latin1(end - this.pos + 1).slice(0, -1);
  }

  private push(v: PickleValue): void { this.stack.push(v); }
  private pop(): PickleValue {
    if (this.stack.length === 0) this.fail('pickle stack underflow');
    return this.stack.pop()!;
  }
  private top(): PickleValue {
    const v = this.stack[this.stack.length - 1];
    if (this.stack.length === 0) this.fail('pickle stack underflow');
    return v;
  }
  private popMark(): PickleValue[] {
    const items = this.stack;
    const prev = this.marks.pop();
    if (prev === undefined) this.fail('pickle has no MARK to pop to');
    this.stack = prev;
    return items;
  }
  private memoGet(i: number): PickleValue {
    if (!this.memo.has(i)) this.fail(`pickle reads memo entry ${i}, which was never stored`);
    return this.memo.get(i)!;
  }

  private global(module: string, name: string, at: number): AllowedGlobal {
    const q = `${module}.${name}`;
    if (!ALLOWED.has(q)) this.fail(`refused global '${q.slice(0, 200)}': a state dict only needs OrderedDict, tensor rebuild functions and storage types`, at);
    return new AllowedGlobal(module, name);
  }

  run(): PickleValue {
    for (;;) {
      const at = this.pos;
      const op = this.u8();
      switch (op) {
        case 0x80: this.u8(); break; // PROTO
        case 0x95: this.u64(); break; // FRAME: framing only
        case 0x2e: { // STOP
          const v = this.pop();
          if (this.stack.length !== 0 || this.marks.length !== 0) this.fail('pickle stops with items left on its stack', at);
          return v;
        }
        case 0x28: this.marks.push(this.stack); this.stack = []; break; // MARK
        case 0x30: this.pop(); break; // POP
        case 0x31: this.popMark(); break; // POP_MARK
        case 0x32: this.push(this.top()); break; // DUP
        case 0x4e: this.push(null); break; // NONE
        case 0x88: this.push(true); break;
        case 0x89: this.push(false); break;
        case 0x4a: this.push(this.view.getInt32(this.need(4), true)); break; // BININT
        case 0x4b: this.push(this.u8()); break; // BININT1
        case 0x4d: this.push(this.u16()); break; // BININT2
        case 0x8a: this.push(this.long(this.u8())); break; // LONG1
        case 0x8b: this.push(this.long(this.u32())); break; // LONG4
        case 0x47: this.push(this.view.getFloat64(this.need(8), false)); break; // BINFLOAT (big-endian)
        case 0x58: this.push(this.text(this.u32())); break; // BINUNICODE
        case 0x8c: this.push(this.text(this.u8())); break; // SHORT_BINUNICODE
        case 0x8d: this.push(this.text(this.u64())); break; // BINUNICODE8
        case 0x54: this.push(this.latin1(this.u32())); break; // BINSTRING (Python 2 str)
        case 0x55: this.push(this.latin1(this.u8())); break; // SHORT_BINSTRING
        case 0x42: this.push(this.raw(this.u32()).slice()); break; // BINBYTES
        case 0x43: this.push(this.raw(this.u8()).slice()); break; // SHORT_BINBYTES
        case 0x8e: this.push(this.raw(this.u64()).slice()); break; // BINBYTES8
        case 0x29: this.push([]); break; // EMPTY_TUPLE
        case 0x74: this.push(this.popMark()); break; // TUPLE
        case 0x85: this.push([this.pop()]); break; // TUPLE1
        case 0x86: { const b = this.pop(), a = this.pop(); this.push([a, b]); break; } // TUPLE2
        case 0x87: { const c = this.pop(), b = this.pop(), a = this.pop(); this.push([a, b, c]); break; } // TUPLE3
        case 0x5d: this.push([]); break; // EMPTY_LIST
        case 0x6c: this.push(this.popMark()); break; // LIST
        case 0x61: { const v = this.pop(); this.listOf(this.top(), at).push(v); break; } // APPEND
        case 0x65: { const items = this.popMark(); this.listOf(this.top(), at).push(...items); break; } // APPENDS
        case 0x7d: this.push(new Map()); break; // EMPTY_DICT
        case 0x64: { const d = new Map<PickleValue, PickleValue>(); this.setItems(d, this.popMark(), at); this.push(d); break; } // DICT
        case 0x73: { const v = this.pop(), k = this.pop(); this.setItems(this.dictOf(this.top(), at), [k, v], at); break; } // SETITEM
        case 0x75: { const items = this.popMark(); this.setItems(this.dictOf(this.top(), at), items, at); break; } // SETITEMS
        case 0x71: this.memo.set(this.u8(), this.top()); break; // BINPUT
        case 0x72: this.memo.set(this.u32(), this.top()); break; // LONG_BINPUT
        case 0x94: this.memo.set(this.memo.size, this.top()); break; // MEMOIZE
        case 0x68: this.push(this.memoGet(this.u8())); break; // BINGET
        case 0x6a: this.push(this.memoGet(this.u32())); break; // LONG_BINGET
        case 0x63: { const module = this.line(); this.push(this.global(module, this.line(), at)); break; } // GLOBAL
        case 0x93: { // STACK_GLOBAL
          const name = this.pop(), module = this.pop();
          if (typeof module !== 'string' || typeof name !== 'string') this.fail('STACK_GLOBAL needs two strings', at);
          this.push(this.global(module, name, at));
          break;
        }
        case 0x52: { const args = this.pop(); this.push(this.call(this.pop(), args, at)); break; } // REDUCE
        case 0x81: { const args = this.pop(); this.push(this.call(this.pop(), args, at)); break; } // NEWOBJ
        case 0x62: this.build(this.pop(), at); break; // BUILD
        case 0x51: this.push(this.persistent(this.pop(), at)); break; // BINPERSID
        default: this.fail(`pickle opcode 0x${op.toString(16).padStart(2, '0')} ('${String.fromCharCode(op)}') is not accepted in a state dict`, at);
      }
    }
  }

  private long(n: number): number | bigint {
    if (n > 64) this.fail(`integer of ${n} bytes is too large`);
    let v = 0n;
    const b = this.raw(n);
    for (let i = n - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]);
    if (n > 0 && b[n - 1] >= 0x80) v -= 1n << BigInt(8 * n);
    return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
  }

  private listOf(v: PickleValue, at: number): PickleValue[] {
    if (!Array.isArray(v)) this.fail('APPEND to something that is not a list', at);
    return v;
  }

  private dictOf(v: PickleValue, at: number): Map<PickleValue, PickleValue> {
    if (!(v instanceof Map)) this.fail('SETITEM on something that is not a dict', at);
    return v;
  }

  private setItems(d: Map<PickleValue, PickleValue>, items: PickleValue[], at: number): void {
    if (items.length % 2 !== 0) this.fail('dict items come in an odd number', at);
    for (let i = 0; i < items.length; i += 2) d.set(items[i], items[i + 1]);
  }

  /** REDUCE / NEWOBJ: interprets the allowed callables; nothing is ever invoked. */
  private call(fn: PickleValue, args: PickleValue, at: number): PickleValue {
    if (!(fn instanceof AllowedGlobal)) this.fail('REDUCE on something that is not an accepted global', at);
    if (!Array.isArray(args)) this.fail(`arguments of ${fn.qualified} are not a tuple`, at);
    const q = fn.qualified;
    if (q === 'collections.OrderedDict') {
      const d = new Map<PickleValue, PickleValue>();
      if (args.length > 0 && Array.isArray(args[0])) {
        for (const pair of args[0]) if (Array.isArray(pair) && pair.length === 2) d.set(pair[0], pair[1]);
      }
      return d;
    }
    if (q === 'torch.device') return typeof args[0] === 'string' ? args[0] : 'cpu';
    if (REBUILD_PARAMETER.has(q)) {
      if (!(args[0] instanceof TensorRef)) this.fail(`${q} expects a tensor as its first argument`, at);
      return args[0];
    }
    if (REBUILD_TENSOR.has(q)) {
      const [storage, offset, size, stride] = args;
      if (!(storage instanceof StorageRef)) this.fail(`${q}: first argument is not a storage`, at);
      const ints = (v: PickleValue, what: string): number[] => {
        if (!Array.isArray(v) || !v.every((x) => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0)) {
          this.fail(`${q}: ${what} must be a tuple of non-negative integers`, at);
        }
        return v as number[];
      };
      if (typeof offset !== 'number' || !Number.isSafeInteger(offset) || offset < 0) this.fail(`${q}: storage offset is not a non-negative integer`, at);
      const sz = ints(size, 'size'), st = ints(stride, 'stride');
      if (sz.length !== st.length) this.fail(`${q}: size has ${sz.length} dimensions but stride has ${st.length}`, at);
      return new TensorRef(storage, offset, sz, st);
    }
    return this.fail(`global '${q}' may only appear as a storage type in a persistent id`, at);
  }

  /** BUILD sets an object's state; for OrderedDict that is only `_metadata`, which a state dict does not need. */
  private build(state: PickleValue, at: number): void {
    const target = this.top();
    if (!(target instanceof Map) || !(state instanceof Map || state === null)) this.fail('BUILD on something that is not a dict', at);
  }

  private persistent(pid: PickleValue, at: number): StorageRef {
    if (!Array.isArray(pid) || pid[0] !== 'storage' || pid.length !== 5) this.fail('persistent id is not a (\'storage\', type, key, location, numel) tuple', at);
    const [, type, key, location, numel] = pid;
    if (!(type instanceof AllowedGlobal) || type.module !== 'torch' || !(type.name in STORAGE_TYPES)) {
      this.fail('persistent id does not name a torch storage type', at);
    }
    if (typeof key !== 'string' || !/^[A-Za-z0-9_]+$/.test(key)) this.fail(`storage key ${JSON.stringify(key)} is not a plain name`, at);
    if (typeof numel !== 'number' || !Number.isSafeInteger(numel) || numel < 0) this.fail(`storage ${key} has an invalid element count`, at);
    return new StorageRef(type.name as StorageTypeName, key, typeof location === 'string' ? location : String(location), numel);
  }
}
