#!/usr/bin/env python3
"""Runs the ONNX checker (onnx.checker.check_model, full_check=True) on every .onnx file given
(files or folders). Run with Debian's python3-onnx:

    /usr/bin/python3 scripts/check-onnx.py model.onnx [more.onnx | folder ...]

Prints one line per file ("ok <file>" or "FAIL <file>: <reason>") and exits 1 when any file
fails, 2 when onnx is not importable or no file was found.
"""
import os
import sys

try:
    import onnx
except ImportError as e:  # pragma: no cover - reported to the caller
    print(f"onnx is not importable with {sys.executable}: {e}", file=sys.stderr)
    sys.exit(2)


def files_of(args):
    for arg in args:
        if os.path.isdir(arg):
            for name in sorted(os.listdir(arg)):
                if name.endswith(".onnx"):
                    yield os.path.join(arg, name)
        else:
            yield arg


def main(args):
    paths = list(files_of(args))
    if not paths:
        print("no .onnx files given", file=sys.stderr)
        return 2
    failed = 0
    for path in paths:
        try:
            model = onnx.load(path)
            onnx.checker.check_model(model, full_check=True)
            print(f"ok {path} (onnx {onnx.__version__}, opset {model.opset_import[0].version}, {len(model.graph.node)} nodes)")
        except Exception as e:  # the checker raises several exception types
            failed += 1
            print(f"FAIL {path}: {type(e).__name__}: {e}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
