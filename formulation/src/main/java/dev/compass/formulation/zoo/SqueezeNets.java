package dev.compass.formulation.zoo;

import dev.compass.formulation.network.Network;
import dev.compass.formulation.network.NetworkBuilder;

/**
 * SqueezeNet 1.0 and 1.1 as in torchvision 0.14 ({@code torchvision.models.squeezenet}), eval mode,
 * input {@code [1, 3, 224, 224]}.
 *
 * <p>A Fire module {@code features.i} is {@code squeeze} (1x1) + {@code Relu}, then
 * {@code expand1x1} and {@code expand3x3} (pad 1) each + {@code Relu}, joined by a channel
 * {@code Concat} (a view). Max pools are 3x3/2 with {@code ceil_mode}. The classifier is
 * {@code classifier.1}, a 1x1 conv to 1000 channels, + {@code Relu}, {@code GlobalAveragePool} and
 * {@code Flatten}; there is no Gemm.
 */
final class SqueezeNets {
  private SqueezeNets() {}

  static Network v10() {
    NetworkBuilder b = new NetworkBuilder("squeezenet1_0");
    String x = b.input("input", 1, 3, 224, 224);
    x = b.vector("features.1", "Relu", b.conv("features.0", x, 96, 7, 2, 0));
    x = b.pool("features.2", "MaxPool", x, 3, 2, 0, true);
    x = fire(b, "features.3", x, 16, 64);
    x = fire(b, "features.4", x, 16, 64);
    x = fire(b, "features.5", x, 32, 128);
    x = b.pool("features.6", "MaxPool", x, 3, 2, 0, true);
    x = fire(b, "features.7", x, 32, 128);
    x = fire(b, "features.8", x, 48, 192);
    x = fire(b, "features.9", x, 48, 192);
    x = fire(b, "features.10", x, 64, 256);
    x = b.pool("features.11", "MaxPool", x, 3, 2, 0, true);
    x = fire(b, "features.12", x, 64, 256);
    return classifier(b, x);
  }

  static Network v11() {
    NetworkBuilder b = new NetworkBuilder("squeezenet1_1");
    String x = b.input("input", 1, 3, 224, 224);
    x = b.vector("features.1", "Relu", b.conv("features.0", x, 64, 3, 2, 0));
    x = b.pool("features.2", "MaxPool", x, 3, 2, 0, true);
    x = fire(b, "features.3", x, 16, 64);
    x = fire(b, "features.4", x, 16, 64);
    x = b.pool("features.5", "MaxPool", x, 3, 2, 0, true);
    x = fire(b, "features.6", x, 32, 128);
    x = fire(b, "features.7", x, 32, 128);
    x = b.pool("features.8", "MaxPool", x, 3, 2, 0, true);
    x = fire(b, "features.9", x, 48, 192);
    x = fire(b, "features.10", x, 48, 192);
    x = fire(b, "features.11", x, 64, 256);
    x = fire(b, "features.12", x, 64, 256);
    return classifier(b, x);
  }

  private static String fire(NetworkBuilder b, String p, String x, long squeeze, long expand) {
    String s = b.vector(p + ".squeeze_activation", "Relu", b.conv(p + ".squeeze", x, squeeze, 1, 1, 0));
    String e1 = b.vector(p + ".expand1x1_activation", "Relu", b.conv(p + ".expand1x1", s, expand, 1, 1, 0));
    String e3 = b.vector(p + ".expand3x3_activation", "Relu", b.conv(p + ".expand3x3", s, expand, 3, 1, 1));
    return b.concat(p + ".concat", 1, e1, e3);
  }

  private static Network classifier(NetworkBuilder b, String x) {
    x = b.vector("classifier.2", "Relu", b.conv("classifier.1", x, 1000, 1, 1, 0));
    x = b.globalPool("classifier.3", x);
    return b.build(b.flatten("flatten", x));
  }
}
