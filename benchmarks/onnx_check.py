#!/usr/bin/python3
"""The independent check of our exported ONNX files: the ONNX project's own checker (Debian's
python3-onnx), with full_check=True so shape inference runs over the whole graph too. Prints one
line per file and exits 1 when any file fails.

Usage: onnx_check.py FILE...
"""
import sys

import onnx


def check(path):
    model = onnx.load(path)
    onnx.checker.check_model(model, full_check=True)
    opsets = ", ".join(f"{o.domain or 'ai.onnx'} {o.version}" for o in model.opset_import)
    return (f"OK {path}: onnx {onnx.__version__} check_model(full_check=True) passed; "
            f"ir_version {model.ir_version}, opset {opsets}, {len(model.graph.node)} nodes")


def main(paths):
    failed = 0
    for path in paths:
        try:
            print(check(path))
        except (onnx.checker.ValidationError, onnx.shape_inference.InferenceError, OSError,
                ValueError) as e:
            failed += 1
            print(f"FAILED {path}: {e}")
    return 1 if failed or not paths else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
