#!/usr/bin/python3
"""The peer of `benchmarks/run.sh serving`: the seed project's serving stack, FastAPI + uvicorn +
PyTorch (Debian's python3-fastapi, python3-uvicorn, python3-torch, python3-pil), serving the same
architecture with the same thread count and the same request format as mlops-serving:

  POST /predictions/{model} with one image as the raw body (Content-Type image/png)
  -> {"model", "label", "confidence", "probabilities": {label: p}, "latencyMs"}

Each request is decoded with PIL, converted to the model's channels, resized to SIZE x SIZE with
PIL's bilinear filter (antialiased, as mlops' resize), scaled to [0,1], normalised with the ImageNet
mean and std, and classified in eval mode under torch.inference_mode().

--mode inline: `async def` endpoint that runs the model on the event loop (one request at a time,
  torch's intra-op threads inside it). --mode threadpool: plain `def` endpoint, which FastAPI runs
  on its thread pool (several requests at once, each with torch's intra-op threads).
--onnx FILE: copy the weights of an mlops ONNX export into the module (cnn-small), so both servers
  answer with the same model; resnet18 keeps torchvision's seeded random weights.

Binds 127.0.0.1 on a free port and prints {"port": N} once it listens; SIGTERM stops it.
"""
import argparse
import io
import json
import os
import socket
import sys
import time

import numpy as np
import torch
import uvicorn
from fastapi import FastAPI, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from PIL import Image

sys.dont_write_bytecode = True  # keep benchmarks/ free of __pycache__
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from pytorch_reference import cnn_small, resnet18  # noqa: E402  the architectures, kept in step

MEAN = {1: [0.449], 3: [0.485, 0.456, 0.406]}
STD = {1: [0.226], 3: [0.229, 0.224, 0.225]}


def load_onnx_weights(model, path):
    """Copies the ONNX file's weights into the module, matched by name and shape, else in order."""
    import onnx
    from onnx import numpy_helper
    tensors = [(t.name, numpy_helper.to_array(t)) for t in onnx.load(path).graph.initializer]
    state = model.state_dict()
    keys = [k for k in state if not k.endswith("num_batches_tracked")]
    by_name = dict(tensors)
    if all(k in by_name and by_name[k].shape == tuple(state[k].shape) for k in keys):
        picked = {k: by_name[k] for k in keys}
    else:
        arrays = [a for _, a in tensors if a.ndim > 0]
        if len(arrays) < len(keys):
            raise SystemExit(f"{path}: {len(arrays)} weight tensors for {len(keys)} parameters")
        picked = {}
        for k, a in zip(keys, arrays):
            if a.shape != tuple(state[k].shape):
                raise SystemExit(f"{path}: {k} is {tuple(state[k].shape)}, ONNX has {a.shape}")
            picked[k] = a
    model.load_state_dict({k: torch.from_numpy(np.array(v)) for k, v in picked.items()},
                          strict=False)


def build(args):
    torch.manual_seed(42)
    model = {"resnet18": resnet18, "cnn-small": cnn_small}[args.arch](args.channels, args.classes)
    if args.onnx and args.arch == "cnn-small":
        load_onnx_weights(model, args.onnx)
    model.eval()
    return model


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--arch", required=True)
    parser.add_argument("--size", type=int, required=True)
    parser.add_argument("--name", required=True)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--mode", choices=["inline", "threadpool"], default="inline")
    parser.add_argument("--onnx")
    parser.add_argument("--classes", type=int, default=10)
    args = parser.parse_args()
    if args.onnx:
        import onnx
        meta = {p.key: p.value for p in onnx.load(args.onnx).metadata_props}
        labels = json.loads(meta["labels"])
        args.channels = int(meta["channels"])
        mean, std = json.loads(meta["mean"]), json.loads(meta["std"])
    else:
        labels = [f"class-{i}" for i in range(args.classes)]
        args.channels = 3
        mean, std = MEAN[3], STD[3]
    args.classes = len(labels)
    torch.set_num_threads(args.threads)
    model = build(args)
    mean = np.array(mean, dtype=np.float32)[:, None, None]
    std = np.array(std, dtype=np.float32)[:, None, None]
    mode = "L" if args.channels == 1 else "RGB"

    def classify(body):
        start = time.perf_counter()
        try:
            image = Image.open(io.BytesIO(body))
            image = image.convert(mode)
        except Exception as e:  # PIL raises many types for bad input
            raise HTTPException(status_code=400, detail=f"not an image: {e}")
        if image.size != (args.size, args.size):
            image = image.resize((args.size, args.size), Image.BILINEAR)
        x = np.asarray(image, dtype=np.float32) / 255.0
        x = x[None] if args.channels == 1 else x.transpose(2, 0, 1)
        x = (x - mean) / std
        with torch.inference_mode():
            p = torch.softmax(model(torch.from_numpy(np.ascontiguousarray(x))[None]), 1)[0]
        p = p.tolist()
        best = max(range(len(p)), key=p.__getitem__)
        return {"model": args.name, "label": labels[best], "confidence": p[best],
                "probabilities": dict(zip(labels, p)),
                "latencyMs": round((time.perf_counter() - start) * 1000, 3)}

    app = FastAPI()
    if args.mode == "inline":
        @app.post("/predictions/{name}")
        async def predict(name: str, request: Request):
            check(name)
            return JSONResponse(classify(await request.body()))
    else:
        @app.post("/predictions/{name}")
        async def predict(name: str, request: Request):
            check(name)
            body = await request.body()
            return JSONResponse(await run_in_threadpool(classify, body))

    def check(name):
        if name != args.name:
            raise HTTPException(status_code=404, detail=f"no model {name}")

    with torch.inference_mode():  # warm-up, as mlops-serving warms up before it listens
        model(torch.zeros(1, args.channels, args.size, args.size))
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(2048)  # connections made before the event loop starts wait in the backlog
    loop = "uvloop" if _importable("uvloop") else "asyncio"
    http = "httptools" if _importable("httptools") else "h11"
    config = uvicorn.Config(app, loop=loop, http=http, access_log=False, log_level="warning",
                            timeout_keep_alive=600, workers=1)
    server = uvicorn.Server(config)
    print(json.dumps({"port": sock.getsockname()[1], "torch": torch.__version__,
                      "threads": torch.get_num_threads(), "mode": args.mode, "loop": loop,
                      "http": http, "uvicorn": uvicorn.__version__}), flush=True)
    server.run(sockets=[sock])


def _importable(name):
    try:
        __import__(name)
        return True
    except ImportError:
        return False


if __name__ == "__main__":
    main()
