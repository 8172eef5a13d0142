package dev.compass.formulation.zoo;

import dev.compass.formulation.network.Network;
import dev.compass.formulation.network.NetworkBuilder;

/**
 * ResNet-18/34/50/101/152 as in torchvision 0.14 ({@code torchvision.models.resnet}, ResNet v1.5:
 * the stride of a bottleneck block sits on its 3x3 conv), eval mode, input {@code [1, 3, 224, 224]}.
 *
 * <p>Graph as the ONNX export shows it: BatchNorm folded into the convolutions, {@code Relu},
 * {@code MaxPool}, the residual {@code Add} reading the skip tensor (the block input or the
 * {@code downsample.0} conv), {@code GlobalAveragePool}, {@code Flatten}, {@code fc} (Gemm). Weighted
 * layers in execution order: {@code conv1}, then per block {@code conv1, conv2[, conv3],
 * downsample.0}.
 */
final class ResNets {
  private ResNets() {}

  /** Blocks per stage: resnet18 [2,2,2,2], resnet34 and resnet50 [3,4,6,3], resnet101 [3,4,23,3], resnet152 [3,8,36,3]. */
  static Network build(String name, boolean bottleneck, int... blocks) {
    NetworkBuilder b = new NetworkBuilder(name);
    String x = b.input("input", 1, 3, 224, 224);
    x = b.conv("conv1", x, 64, 7, 2, 3);
    x = b.vector("relu", "Relu", x);
    x = b.pool("maxpool", "MaxPool", x, 3, 2, 1, false);
    long inplanes = 64;
    int expansion = bottleneck ? 4 : 1;
    for (int stage = 0; stage < blocks.length; stage++) {
      long planes = 64L << stage;
      for (int i = 0; i < blocks[stage]; i++) {
        int stride = stage > 0 && i == 0 ? 2 : 1;
        String p = "layer" + (stage + 1) + "." + i + ".";
        String identity = x;
        String out;
        if (bottleneck) {
          out = b.vector(p + "relu", "Relu", b.conv(p + "conv1", x, planes, 1, 1, 0));
          out = b.vector(p + "relu_1", "Relu", b.conv(p + "conv2", out, planes, 3, stride, 1));
          out = b.conv(p + "conv3", out, planes * expansion, 1, 1, 0);
        } else {
          out = b.vector(p + "relu", "Relu", b.conv(p + "conv1", x, planes, 3, stride, 1));
          out = b.conv(p + "conv2", out, planes, 3, 1, 1);
        }
        if (stride != 1 || inplanes != planes * expansion) {
          identity = b.conv(p + "downsample.0", x, planes * expansion, 1, stride, 0);
        }
        inplanes = planes * expansion;
        out = b.vector(p + "add", "Add", out, identity);
        x = b.vector(p + (bottleneck ? "relu_2" : "relu_1"), "Relu", out);
      }
    }
    x = b.globalPool("avgpool", x);
    x = b.flatten("flatten", x);
    return b.build(b.linear("fc", x, 1000));
  }
}
