#!/usr/bin/python3
"""PyTorch (from Python) on synthetic tensors: the comparison for our benchmarks. Same
architectures, input size, batch and thread count as the Java side. Prints one JSON object.

Training throughput (optimizer Adam, cross-entropy loss):
  pytorch_reference.py ARCH SIZE BATCH STEPS [THREADS] [CHANNELS] [CLASSES]
Inference (eval mode, torch.no_grad()): latency percentiles at batch 1, throughput at BATCH:
  pytorch_reference.py infer ARCH SIZE THREADS CHANNELS CLASSES WARMUP ITERATIONS \
      BATCH_WARMUP BATCH_ITERATIONS BATCH
ARCH is resnet18 (torchvision's) or cnn-small (defined below exactly like mlops' Architectures).
"""
import json
import sys
import time

import torch
import torch.nn as nn


def cnn_small(channels, classes):
    """Mirror of mlops-core Architectures.cnnSmall: keep the two in step."""
    layers = []
    c_in = channels
    for c_out in (32, 64, 128):
        layers += [nn.Conv2d(c_in, c_out, 3, padding=1, bias=False), nn.BatchNorm2d(c_out),
                   nn.ReLU(inplace=True), nn.MaxPool2d(2, 2)]
        c_in = c_out
    layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Dropout(0.2), nn.Linear(c_in, classes)]
    return nn.Sequential(*layers)


def resnet18(channels, classes):
    import torchvision
    model = torchvision.models.resnet18(num_classes=classes)
    if channels != 3:
        model.conv1 = nn.Conv2d(channels, 64, 7, 2, 3, bias=False)
    return model


def percentile(sorted_values, p):
    """Nearest rank, as mlops' LatencyStats: at least p percent of the values are at or below."""
    rank = -(-p * len(sorted_values) // 100)  # ceil without floats
    return sorted_values[max(0, rank - 1)]


def infer(argv):
    arch, size, threads, channels, classes = argv[2], int(argv[3]), int(argv[4]), int(argv[5]), \
        int(argv[6])
    warmup, iterations, batch_warmup, batch_iterations, batch = (int(a) for a in argv[7:12])
    torch.set_num_threads(threads)
    torch.manual_seed(42)
    model = {"resnet18": resnet18, "cnn-small": cnn_small}[arch](channels, classes)
    model.eval()
    one = torch.randn(1, channels, size, size)
    many = torch.randn(batch, channels, size, size)
    with torch.no_grad():
        for _ in range(warmup):
            torch.softmax(model(one), 1)
        times = []
        for _ in range(iterations):
            start = time.perf_counter()
            torch.softmax(model(one), 1)
            times.append((time.perf_counter() - start) * 1000)
        for _ in range(batch_warmup):
            torch.softmax(model(many), 1)
        start = time.perf_counter()
        for _ in range(batch_iterations):
            torch.softmax(model(many), 1)
        seconds = time.perf_counter() - start
    times.sort()
    print(json.dumps({"framework": f"PyTorch {torch.__version__} (Python)", "arch": arch,
                      "size": size, "channels": channels, "threads": torch.get_num_threads(),
                      "iterations": iterations, "p50_ms": round(percentile(times, 50), 3),
                      "p90_ms": round(percentile(times, 90), 3),
                      "p99_ms": round(percentile(times, 99), 3), "batch": batch,
                      "batch_iterations": batch_iterations,
                      "images_per_second": round(batch * batch_iterations / seconds, 1)}))


def main(argv):
    if argv[1] == "infer":
        infer(argv)
        return
    arch, size, batch, steps = argv[1], int(argv[2]), int(argv[3]), int(argv[4])
    threads = int(argv[5]) if len(argv) > 5 else 2
    channels = int(argv[6]) if len(argv) > 6 else 3
    classes = int(argv[7]) if len(argv) > 7 else 10
    torch.set_num_threads(threads)
    torch.manual_seed(42)
    model = {"resnet18": resnet18, "cnn-small": cnn_small}[arch](channels, classes)
    model.train()
    optimizer = torch.optim.Adam(model.parameters(), lr=0.001)
    loss_fn = nn.CrossEntropyLoss()
    x = torch.randn(batch, channels, size, size)
    y = torch.randint(0, classes, (batch,))

    phases = [0.0, 0.0, 0.0]  # forward with the loss, backward, optimizer step (seconds)

    def step():
        optimizer.zero_grad()
        start = time.perf_counter()
        loss = loss_fn(model(x), y)
        forward_end = time.perf_counter()
        loss.backward()
        backward_end = time.perf_counter()
        optimizer.step()
        phases[0] += forward_end - start
        phases[1] += backward_end - forward_end
        phases[2] += time.perf_counter() - backward_end
        return loss.item()

    for _ in range(2):  # warm-up, as on the Java side
        step()
    phases[:] = [0.0, 0.0, 0.0]
    start = time.perf_counter()
    for _ in range(steps):
        step()
    seconds = time.perf_counter() - start
    per_step = [p * 1000 / steps for p in phases]
    print(json.dumps({"framework": f"PyTorch {torch.__version__} (Python)", "arch": arch,
                      "size": size, "batch": batch, "threads": threads, "steps": steps,
                      "images_per_second": round(batch * steps / seconds, 1),
                      "forward_ms": round(per_step[0], 2), "backward_ms": round(per_step[1], 2),
                      "update_ms": round(per_step[2], 2),
                      "other_ms": round(max(0.0, seconds * 1000 / steps - sum(per_step)), 2)}))


if __name__ == "__main__":
    main(sys.argv)
