#!/usr/bin/python3
"""An independent safetensors writer and reader (numpy + json only), following the published
layout (https://github.com/huggingface/safetensors#format): 8-byte little-endian u64 header
length N, N bytes of JSON {name: {dtype, shape, data_offsets}, "__metadata__": {str: str}},
then the data buffer, the tensors tiling it with no hole or overlap.

  /usr/bin/python3 scripts/make-safetensors-fixture.py write test/fixtures/safetensors
      writes python-written.safetensors and python-written.json (the expected values, as
      deepgraph should read them) into that folder; test/io/safetensors-interop.test.ts loads them.
  /usr/bin/python3 scripts/make-safetensors-fixture.py verify FILE EXPECTED.json
      reads FILE (written by deepgraph, e.g. with scripts/resave-safetensors.mjs) with this
      reader, checks the layout strictly and compares every array with EXPECTED.json exactly.
  /usr/bin/python3 scripts/make-safetensors-fixture.py check FILE
      checks the layout of any safetensors file (deepgraph weights, graph files, checkpoints) and
      prints the entries, the metadata keys and whether every array is aligned.
"""
import json
import struct
import sys
from pathlib import Path

import numpy as np

NP = {'F64': '<f8', 'F32': '<f4', 'F16': '<f2', 'I64': '<i8', 'I32': '<i4', 'I16': '<i2', 'I8': 'i1',
      'U8': 'u1', 'BOOL': 'u1', 'U16': '<u2', 'U32': '<u4', 'U64': '<u8', 'BF16': '<u2'}
WIDTH = {k: np.dtype(v).itemsize for k, v in NP.items()}
# What deepgraph turns each stored dtype into.
DEEPGRAPH = {'F64': 'float64', 'F32': 'float32', 'F16': 'float32', 'BF16': 'float32', 'I64': 'int32', 'I32': 'int32',
             'I16': 'int32', 'I8': 'int32', 'U8': 'uint8', 'BOOL': 'bool', 'U16': 'int32', 'U32': 'int32', 'U64': 'int32'}


def bf16_bits(x):
    """float32 -> bfloat16 bits by truncation (the values chosen below are exact in bf16)."""
    return (np.asarray(x, dtype='<f4').view('<u4') >> 16).astype('<u2')


def write(path, tensors, metadata):
    """tensors: list of (name, format dtype, numpy array of raw element values)."""
    header, chunks, at = {}, [], 0
    if metadata:
        header['__metadata__'] = metadata
    for name, dtype, arr in sorted(tensors, key=lambda t: t[0]):  # name order, unlike deepgraph's width order
        raw = np.ascontiguousarray(arr, dtype=NP[dtype]).tobytes()
        header[name] = {'dtype': dtype, 'shape': list(arr.shape), 'data_offsets': [at, at + len(raw)]}
        chunks.append(raw)
        at += len(raw)
    text = json.dumps(header, separators=(',', ':')).encode('utf-8')
    text += b' ' * (-len(text) % 8)
    Path(path).write_bytes(struct.pack('<Q', len(text)) + text + b''.join(chunks))


def read(path):
    """Returns ({name: (dtype, numpy array)}, metadata, report) after checking the layout."""
    buf = Path(path).read_bytes()
    assert len(buf) >= 8, 'shorter than 8 bytes'
    (n,) = struct.unpack('<Q', buf[:8])
    assert 8 + n <= len(buf), f'header length {n} beyond the file ({len(buf)} bytes)'
    assert (8 + n) % 8 == 0, f'data buffer starts at {8 + n}, not a multiple of 8'
    header = json.loads(buf[8:8 + n].decode('utf-8'))
    metadata = header.pop('__metadata__', None)
    data = buf[8 + n:]
    spans = sorted((h['data_offsets'][0], h['data_offsets'][1], name) for name, h in header.items())
    at = 0
    for begin, end, name in spans:
        assert begin == at, f'{name}: begins at {begin}, previous tensor ended at {at}'
        at = end
    assert at == len(data), f'tensors end at {at}, buffer has {len(data)} bytes'
    out, misaligned = {}, []
    for name, h in header.items():
        begin, end = h['data_offsets']
        count = int(np.prod(h['shape'], dtype=np.int64))
        assert count * WIDTH[h['dtype']] == end - begin, f'{name}: shape {h["shape"]} does not match {end - begin} bytes'
        if (8 + n + begin) % WIDTH[h['dtype']] != 0:
            misaligned.append(name)
        out[name] = (h['dtype'], np.frombuffer(data[begin:end], dtype=NP[h['dtype']]).reshape(h['shape']))
    return out, metadata, {'headerLength': n, 'tensors': len(out), 'misaligned': misaligned}


def as_deepgraph(dtype, arr):
    """Values as deepgraph holds them (float16/bfloat16 widened to float32)."""
    if dtype == 'BF16':
        return (arr.astype('<u4') << 16).view('<f4')
    return arr.astype(np.float32) if dtype == 'F16' else arr


def fixture():
    rng = np.random.default_rng(7)
    f32 = rng.standard_normal((3, 4)).astype(np.float32)
    return [
        ('weight.f32', 'F32', f32),
        ('weight.f64', 'F64', rng.standard_normal((2, 3, 2))),
        ('ids.i32', 'I32', np.array([0, -1, 2147483647, -2147483648], dtype=np.int32)),
        ('ids.i64', 'I64', np.array([[5, -7], [2147483647, -2147483648]], dtype=np.int64)),
        ('bytes.u8', 'U8', np.array([0, 1, 128, 255], dtype=np.uint8)),
        ('small.i8', 'I8', np.array([-128, -1, 0, 127], dtype=np.int8)),
        ('mask.bool', 'BOOL', np.array([[True, False, True]], dtype=np.uint8)),
        ('half.f16', 'F16', np.array([0.5, -2.0, 65504.0, 6.1035156e-05, 5.9604645e-08, -0.0], dtype=np.float16)),
        ('brain.bf16', 'BF16', bf16_bits(np.array([1.0, -0.5, 3.0e38, 1.5], dtype=np.float32)).reshape(2, 2)),
        ('scalar.f32', 'F32', np.array(3.25, dtype=np.float32)),
        ('empty.f32', 'F32', np.zeros((0, 5), dtype=np.float32)),
    ]


def main():
    cmd = sys.argv[1] if len(sys.argv) > 1 else ''
    if cmd == 'write':
        folder = Path(sys.argv[2])
        folder.mkdir(parents=True, exist_ok=True)
        tensors = fixture()
        write(folder / 'python-written.safetensors', tensors, {'writer': 'make-safetensors-fixture.py', 'note': 'name order'})
        back, _, _ = read(folder / 'python-written.safetensors')
        expected = {name: {'dtype': DEEPGRAPH[d], 'shape': list(a.shape), 'values': as_deepgraph(d, a).ravel().tolist()}
                    for name, (d, a) in back.items()}
        (folder / 'python-written.json').write_text(json.dumps(expected, indent=1) + '\n')
        print(f'wrote {len(tensors)} tensors to {folder}')
    elif cmd == 'verify':
        got, metadata, report = read(sys.argv[2])
        expected = json.loads(Path(sys.argv[3]).read_text())
        assert sorted(got) == sorted(expected), f'names differ: {sorted(got)} vs {sorted(expected)}'
        for name, want in expected.items():
            dtype, arr = got[name]
            assert DEEPGRAPH[dtype] == want['dtype'], f'{name}: stored as {dtype}, expected {want["dtype"]}'
            assert list(arr.shape) == want['shape'], f'{name}: shape {list(arr.shape)} vs {want["shape"]}'
            values = arr.ravel().astype(np.float64)
            assert np.array_equal(values, np.array(want['values'], dtype=np.float64)), f'{name}: values differ'
        assert not report['misaligned'], f'misaligned tensors: {report["misaligned"]}'
        print(json.dumps({'file': sys.argv[2], 'identical': True, 'metadata': metadata, **report}))
    elif cmd == 'check':
        got, metadata, report = read(sys.argv[2])
        entries = {name: [d, list(a.shape)] for name, (d, a) in sorted(got.items())}
        print(json.dumps({'file': sys.argv[2], 'metadataKeys': sorted(metadata or {}), 'entries': entries, **report}))
    else:
        sys.exit(__doc__)


if __name__ == '__main__':
    main()
