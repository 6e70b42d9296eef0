"""Small torch.save files for dg.loadTorch's tests: every dtype and view layout (dtypes.pt with the
expected values in dtypes.json), a big-endian archive, an int64 that does not fit int32, and
hostile or corrupt files. Hostile pickles are built as bytes (pickle.dumps of an object whose
__reduce__ names os.system only writes the name; nothing here ever unpickles them)."""
import collections
import io
import json
import os
import pickle
import struct
import zipfile

import torch

MARKER = '/tmp/deepgraph-torch-import-pwned'


def write_zip(path, folder, records):
    """records: name -> bytes, stored (uncompressed) as torch.save does; names are used as given."""
    with zipfile.ZipFile(path, 'w', compression=zipfile.ZIP_STORED) as z:
        for name, data in records.items():
            z.writestr(zipfile.ZipInfo(name if name.startswith(('/', '..')) else f'{folder}/{name}'), data)


def saved_records(obj):
    """The records torch.save writes for obj, keyed without the archive folder."""
    buf = io.BytesIO()
    torch.save(obj, buf)
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as z:
        return {n.split('/', 1)[1]: z.read(n) for n in z.namelist()}


def expected(t):
    dtype = {torch.float32: 'float32', torch.float64: 'float64', torch.float16: 'float32', torch.bfloat16: 'float32',
             torch.int64: 'int32', torch.int32: 'int32', torch.int16: 'int32', torch.int8: 'int32',
             torch.uint8: 'uint8', torch.bool: 'bool'}[t.dtype]
    values = t.double().flatten().tolist() if t.is_floating_point() else t.long().flatten().tolist()
    return {'shape': list(t.shape), 'dtype': dtype, 'values': values}


def dtype_fixtures(out):
    base = torch.arange(12, dtype=torch.float32).reshape(3, 4) * 0.5
    half = torch.tensor([[0.5, -1.25, 65504.0], [6e-8, 1e-4, -0.0]], dtype=torch.float16)
    tensors = {
        'base': base,
        'transposed': base.t(),              # non-contiguous, shares base's storage
        'row': base[1],                      # storage offset 4
        'column': base[:, 2],                # offset 2, stride 4
        'expanded': torch.tensor([1.0, 2.0, 3.0]).expand(2, 3),  # stride 0
        'f64': torch.tensor([[1.5, -2.25], [1e-300, 3.0]], dtype=torch.float64),
        'f16': half,
        'f16_t': half.t(),
        'bf16': torch.tensor([1.0, -3.140625, 1e30, 2.0 ** -130], dtype=torch.bfloat16),
        'i64': torch.tensor([-2147483648, 2147483647, 0, 42], dtype=torch.int64),
        'i32': torch.tensor([[-7, 8], [9, -10]], dtype=torch.int32),
        'i16': torch.tensor([-32768, 32767], dtype=torch.int16),
        'i8': torch.tensor([-128, 127, 3], dtype=torch.int8),
        'u8': torch.tensor([0, 255, 17], dtype=torch.uint8),
        'bool': torch.tensor([True, False, True]),
        'scalar': torch.tensor(3.5),
        'empty': torch.zeros(0, 4),
    }
    torch.save({**tensors, 'nested': {'inner': torch.tensor([1.0, 2.0])}, 'epoch': 7}, os.path.join(out, 'dtypes.pt'))
    want = {k: expected(v) for k, v in tensors.items()}
    want['nested.inner'] = expected(torch.tensor([1.0, 2.0]))
    with open(os.path.join(out, 'dtypes.json'), 'w') as f:
        json.dump(want, f, indent=1)
    torch.save({'ids': torch.tensor([1, 2 ** 40, 3])}, os.path.join(out, 'int64-overflow.pt'))
    # Big-endian archive (as PyTorch >= 2.1 writes on such machines): storages byte-swapped, byteorder 'big'.
    small = collections.OrderedDict(w=torch.tensor([[1.5, -2.0, 3.25]]), i=torch.tensor([5, -6]), h=torch.tensor([0.5, 2.0], dtype=torch.float16))
    rec = saved_records(small)
    for key, t in zip(('0', '1', '2'), small.values()):
        rec[f'data/{key}'] = t.numpy().astype(t.numpy().dtype.newbyteorder('>')).tobytes()
    rec['byteorder'] = b'big'
    write_zip(os.path.join(out, 'big-endian.pt'), 'big-endian', rec)
    # Protocol 4 (FRAME, SHORT_BINUNICODE, MEMOIZE, STACK_GLOBAL) instead of torch.save's default 2.
    torch.save(small, os.path.join(out, 'protocol4.pt'), pickle_protocol=4)


class Reduces:
    """Pickles as a call of fn(*args); used only to write bytes."""
    def __init__(self, fn, args):
        self.fn, self.args = fn, args

    def __reduce__(self):
        return self.fn, self.args


class FakeStorage:
    pass


class StoragePickler(pickle.Pickler):
    def __init__(self, f, numel):
        super().__init__(f, protocol=2)
        self.numel = numel

    def persistent_id(self, obj):
        return ('storage', torch.FloatStorage, '0', 'cpu', self.numel) if isinstance(obj, FakeStorage) else None


def hostile_fixtures(out):
    version = b'3\n'
    # GLOBAL 'os system' + REDUCE, written opcode by opcode (protocol 2).
    cmd = f'touch {MARKER}-os-system'.encode()
    os_system = b'\x80\x02cos\nsystem\nq\x00X' + struct.pack('<I', len(cmd)) + cmd + b'\x85R.'
    write_zip(os.path.join(out, 'evil-os-system.pt'), 'evil-os-system', {'data.pkl': os_system, 'version': version})
    code = f'__import__("os").system("touch {MARKER}-eval")'.encode()
    evalp = b'\x80\x02cbuiltins\neval\nX' + struct.pack('<I', len(code)) + code + b'\x85R.'
    write_zip(os.path.join(out, 'evil-builtins-eval.pt'), 'evil-builtins-eval', {'data.pkl': evalp, 'version': version})
    # pickle.dumps names os.system by its real module (posix); hidden inside an otherwise valid state dict.
    nested = pickle.dumps(collections.OrderedDict(weight=Reduces(os.system, (f'touch {MARKER}-posix',))), protocol=2)
    write_zip(os.path.join(out, 'evil-posix-system.pt'), 'evil-posix-system', {'data.pkl': nested, 'version': version})
    # A member name that climbs out of the folder (zip slip).
    rec = saved_records({'w': torch.ones(2)})
    rec['../../escaped'] = b'x'
    write_zip(os.path.join(out, 'zip-slip.pt'), 'zip-slip', rec)
    # Storage data/0 shorter than the 9 float32 the pickle declares.
    rec = saved_records({'w': torch.ones(3, 3)})
    rec['data/0'] = rec['data/0'][:16]
    write_zip(os.path.join(out, 'short-storage.pt'), 'short-storage', rec)
    # A [3, 3] view of a storage declared with 4 elements (16 bytes present).
    buf = io.BytesIO()
    fake = Reduces(torch._utils._rebuild_tensor_v2, (FakeStorage(), 0, (3, 3), (3, 1), False, collections.OrderedDict()))
    StoragePickler(buf, 4).dump(collections.OrderedDict(w=fake))
    write_zip(os.path.join(out, 'view-past-storage.pt'), 'view-past-storage',
              {'data.pkl': buf.getvalue(), 'data/0': struct.pack('<4f', 1, 2, 3, 4), 'version': version})


def write_all(out):
    # A Linear(3, 2) state dict small enough to inline (base64) into test/browser/torch-bytes.ts.
    torch.manual_seed(0)
    torch.save(torch.nn.Linear(3, 2).state_dict(), os.path.join(out, 'tiny-linear.pt'))
    dtype_fixtures(out)
    hostile_fixtures(out)


if __name__ == '__main__':
    write_all(os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures', 'torch'))
