package dev.compass.formulation.zoo;

import dev.compass.formulation.network.Network;
import dev.compass.formulation.network.NetworkBuilder;

/**
 * VGG-11/16/19 (configurations A, D, E, without BatchNorm) as in torchvision 0.14
 * ({@code torchvision.models.vgg}), eval mode, input {@code [1, 3, 224, 224]}.
 *
 * <p>{@code features.i} are 3x3 convs (pad 1), each followed by a {@code Relu}, and 2x2/2 max pools;
 * {@code avgpool} (AdaptiveAvgPool2d(7), a 1x1 {@code AveragePool} on the 7x7 map in the ONNX
 * export), {@code Flatten}, then {@code classifier.0}, {@code classifier.3}, {@code classifier.6}
 * (Gemm) with {@code Relu} after the first two (Dropout is absent in eval).
 */
final class Vggs {
  private Vggs() {}

  /** Channels of each conv; 0 is a max pool. */
  static final int[] VGG11 = {64, 0, 128, 0, 256, 256, 0, 512, 512, 0, 512, 512, 0};
  static final int[] VGG16 = {64, 64, 0, 128, 128, 0, 256, 256, 256, 0, 512, 512, 512, 0, 512, 512, 512, 0};
  static final int[] VGG19 = {64, 64, 0, 128, 128, 0, 256, 256, 256, 256, 0, 512, 512, 512, 512, 0, 512, 512, 512, 512, 0};

  static Network build(String name, int[] cfg) {
    NetworkBuilder b = new NetworkBuilder(name);
    String x = b.input("input", 1, 3, 224, 224);
    int i = 0;
    for (int c : cfg) {
      if (c == 0) {
        x = b.pool("features." + i, "MaxPool", x, 2, 2, 0, false);
        i += 1;
      } else {
        x = b.conv("features." + i, x, c, 3, 1, 1);
        x = b.vector("features." + (i + 1), "Relu", x);
        i += 2;
      }
    }
    x = b.adaptivePool("avgpool", x, 7, 7);
    x = b.flatten("flatten", x);
    x = b.vector("classifier.1", "Relu", b.linear("classifier.0", x, 4096));
    x = b.vector("classifier.4", "Relu", b.linear("classifier.3", x, 4096));
    return b.build(b.linear("classifier.6", x, 1000));
  }
}
