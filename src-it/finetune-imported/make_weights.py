"""Writes a torchvision resnet18 with seeded random weights as PyTorch's eval-mode ONNX export."""
import sys

import torch
import torchvision

torch.manual_seed(16)
model = torchvision.models.resnet18()
with torch.no_grad():
    for module in model.modules():
        if isinstance(module, torch.nn.BatchNorm2d):
            module.weight.uniform_(0.5, 1.5)
            module.bias.uniform_(-0.2, 0.2)
            module.running_mean.uniform_(-0.2, 0.2)
            module.running_var.uniform_(0.5, 1.5)
torch.onnx.export(model.eval(), torch.zeros(1, 3, 224, 224), sys.argv[1], opset_version=13)
