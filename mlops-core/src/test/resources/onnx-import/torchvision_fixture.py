"""Writes the ONNX import test fixture into the directory given as the only argument.

torchvision resnet18 and resnet34 (5 classes) with seeded random weights, including batch-norm
scale, shift and running statistics (so folding batch norm into the convolutions matters),
exported to ONNX twice: eval mode (batch norm folded into 20/36 convolutions with biases) and
TRAINING mode (separate BatchNormalization nodes). Also: 4 PNG images, the ImageNet-normalised
float tensor of them (inputs.f32, NCHW little-endian float32), PyTorch's eval-mode logits for each
architecture (<arch>-logits.f32), a state_dict saved with torch.save (resnet18.pt), and a small
non-ResNet convolutional network (cnn-small.onnx), and a default-initialised resnet18 whose
eval-mode export shares equal initializers through Identity nodes (resnet18-fresh.onnx).
"""
import os
import sys

import numpy as np
import torch
import torchvision
from PIL import Image

SIZE = 64
CLASSES = 5
MEAN = np.array([0.485, 0.456, 0.406], dtype=np.float32).reshape(3, 1, 1)
STD = np.array([0.229, 0.224, 0.225], dtype=np.float32).reshape(3, 1, 1)


def images(out):
    rng = np.random.default_rng(7)
    tensors = []
    for i in range(4):
        y, x = np.mgrid[0:SIZE, 0:SIZE]
        base = np.stack([x * 4, y * 4, (x + y) * 2], axis=-1) % 256
        noise = rng.integers(0, 64, size=(SIZE, SIZE, 3))
        pixels = ((base + noise + 40 * i) % 256).astype(np.uint8)
        Image.fromarray(pixels, "RGB").save(os.path.join(out, "image-%d.png" % i))
        chw = pixels.transpose(2, 0, 1).astype(np.float32) / 255.0
        tensors.append((chw - MEAN) / STD)
    batch = np.stack(tensors).astype("<f4")
    batch.tofile(os.path.join(out, "inputs.f32"))
    return torch.from_numpy(batch)


def randomised(name, seed):
    torch.manual_seed(seed)
    model = getattr(torchvision.models, name)(num_classes=CLASSES)
    # Running statistics from real batches keep activations in range; then perturb everything.
    model.train()
    for m in model.modules():
        if isinstance(m, torch.nn.BatchNorm2d):
            m.momentum = None
    with torch.no_grad():
        model(torch.randn(8, 3, SIZE, SIZE))
        for m in model.modules():
            if isinstance(m, torch.nn.BatchNorm2d):
                n = m.num_features
                m.weight.copy_(torch.empty(n).uniform_(0.5, 1.5))
                m.bias.copy_(torch.randn(n) * 0.1)
                m.running_mean.add_(torch.randn(n) * 0.05)
                m.running_var.mul_(torch.empty(n).uniform_(0.8, 1.25))
                # TRAINING-mode export runs a forward pass: momentum 0 leaves the statistics alone.
                m.momentum = 0.0
    return model.eval()


def export(model, path, training):
    batch = 2 if training else 1
    mode = torch.onnx.TrainingMode.TRAINING if training else torch.onnx.TrainingMode.EVAL
    model.train(training)
    torch.onnx.export(
        model, torch.zeros(batch, 3, SIZE, SIZE), path, opset_version=13, training=mode)
    model.eval()


def cnn_small(path):
    torch.manual_seed(3)
    layers = []
    channels = 3
    for width in (32, 64, 128):
        layers += [torch.nn.Conv2d(channels, width, 3, padding=1, bias=False),
                   torch.nn.BatchNorm2d(width), torch.nn.ReLU(), torch.nn.MaxPool2d(2)]
        channels = width
    layers += [torch.nn.AdaptiveAvgPool2d(1), torch.nn.Flatten(), torch.nn.Linear(128, CLASSES)]
    torch.onnx.export(torch.nn.Sequential(*layers).eval(), torch.zeros(1, 3, 32, 32), path,
                      opset_version=13)


def main(out):
    os.makedirs(out, exist_ok=True)
    batch = images(out)
    for seed, name in enumerate(("resnet18", "resnet34")):
        model = randomised(name, 100 + seed)
        with torch.no_grad():
            logits = model(batch).numpy().astype("<f4")
        export(model, os.path.join(out, name + "-folded.onnx"), False)
        export(model, os.path.join(out, name + "-unfolded.onnx"), True)
        with torch.no_grad():
            again = model(batch).numpy()
        assert np.array_equal(again, logits), "the export changed the model"
        logits.tofile(os.path.join(out, name + "-logits.f32"))
        if name == "resnet18":
            torch.save(model.state_dict(), os.path.join(out, "resnet18.pt"))
    # Default initialisation: equal folded biases, which the exporter shares through Identity nodes.
    torch.manual_seed(5)
    fresh = torchvision.models.resnet18(num_classes=CLASSES).eval()
    export(fresh, os.path.join(out, "resnet18-fresh.onnx"), False)
    with torch.no_grad():
        fresh(batch).numpy().astype("<f4").tofile(os.path.join(out, "resnet18-fresh-logits.f32"))
    cnn_small(os.path.join(out, "cnn-small.onnx"))
    print("versions torch=%s torchvision=%s" % (torch.__version__, torchvision.__version__))


if __name__ == "__main__":
    main(sys.argv[1])
