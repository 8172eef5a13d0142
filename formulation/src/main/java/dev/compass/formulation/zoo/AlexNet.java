package dev.compass.formulation.zoo;

import dev.compass.formulation.network.Network;
import dev.compass.formulation.network.NetworkBuilder;

/**
 * AlexNet as in torchvision 0.14 ({@code torchvision.models.alexnet}, the one-GPU variant of
 * Krizhevsky 2014), eval mode, input {@code [1, 3, 224, 224]}: five convs {@code features.0/3/6/8/10}
 * with {@code Relu} and three 3x3/2 max pools, {@code avgpool} (AdaptiveAvgPool2d(6), a 1x1
 * {@code AveragePool} in the ONNX export), {@code Flatten}, and {@code classifier.1/4/6} (Gemm).
 */
final class AlexNet {
  private AlexNet() {}

  static Network build() {
    NetworkBuilder b = new NetworkBuilder("alexnet");
    String x = b.input("input", 1, 3, 224, 224);
    x = b.vector("features.1", "Relu", b.conv("features.0", x, 64, 11, 4, 2));
    x = b.pool("features.2", "MaxPool", x, 3, 2, 0, false);
    x = b.vector("features.4", "Relu", b.conv("features.3", x, 192, 5, 1, 2));
    x = b.pool("features.5", "MaxPool", x, 3, 2, 0, false);
    x = b.vector("features.7", "Relu", b.conv("features.6", x, 384, 3, 1, 1));
    x = b.vector("features.9", "Relu", b.conv("features.8", x, 256, 3, 1, 1));
    x = b.vector("features.11", "Relu", b.conv("features.10", x, 256, 3, 1, 1));
    x = b.pool("features.12", "MaxPool", x, 3, 2, 0, false);
    x = b.adaptivePool("avgpool", x, 6, 6);
    x = b.flatten("flatten", x);
    x = b.vector("classifier.2", "Relu", b.linear("classifier.1", x, 4096));
    x = b.vector("classifier.5", "Relu", b.linear("classifier.4", x, 4096));
    return b.build(b.linear("classifier.6", x, 1000));
  }
}
