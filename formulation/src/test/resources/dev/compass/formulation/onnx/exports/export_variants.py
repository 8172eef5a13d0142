#!/usr/bin/python3
"""Regenerate the gzipped ONNX exports and PyTorch ground truths in this folder.

Usage (Debian 12: apt-get install python3-torch python3-torchvision python3-onnx, the packages
that made shared/models/onnx; nothing is downloaded):

    /usr/bin/python3 export_variants.py SHARED_DIR

SHARED_DIR is the project's shared folder (it holds models/onnx/export_models.py, whose
build_model, ground_truth and strip_weights are reused unchanged). Writes NAME[.opsetN].onnx.gz and
NAME[.opsetN].layers.json.gz next to this script.
"""
import gzip
import json
import os
import shutil
import sys
import tempfile

import torch
from torch.onnx import TrainingMode

# (model, opset): opset 13 as in shared/models/onnx, plus opset 17 and 11 variants
EXPORTS = [
    ("densenet121", 13), ("efficientnet_b0", 13), ("regnet_y_400mf", 13), ("mnasnet1_0", 13),
    ("shufflenet_v2_x1_0", 13), ("inception_v3", 13), ("resnet101", 13), ("swin_t", 13),
    ("convnext_tiny", 17), ("mobilenet_v3_small", 17), ("vit_b_16", 11),
]


def main():
    shared = sys.argv[1]
    sys.path.insert(0, os.path.join(shared, "models", "onnx"))
    import export_models as em
    here = os.path.dirname(os.path.abspath(__file__))
    tmp = tempfile.mkdtemp(prefix="onnx_variants_")
    for name, opset in EXPORTS:
        stem = name if opset == 13 else f"{name}.opset{opset}"
        model, x = em.build_model(name)
        gt = em.ground_truth(name, model, x)
        full = os.path.join(tmp, f"{name}.full.onnx")
        with torch.enable_grad():  # as export_models.export_onnx, with another opset
            torch.onnx.export(model, (x,), full, export_params=True, opset_version=opset,
                              do_constant_folding=True, training=TrainingMode.EVAL,
                              input_names=["input"], output_names=["output"])
        stripped = os.path.join(tmp, f"{name}.onnx")
        em.strip_weights(full, stripped, name)
        with open(stripped, "rb") as src, gzip.GzipFile(os.path.join(here, stem + ".onnx.gz"), "wb", 9, mtime=0) as dst:
            shutil.copyfileobj(src, dst)
        with gzip.GzipFile(os.path.join(here, stem + ".layers.json.gz"), "wb", 9, mtime=0) as dst:
            dst.write((json.dumps(gt, indent=1) + "\n").encode())
        print("wrote", stem, flush=True)
    shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
