package dev.compass.formulation.zoo;

import dev.compass.formulation.network.Network;
import dev.compass.formulation.network.NetworkBuilder;

/**
 * GoogLeNet (Inception v1) as in torchvision 0.14 ({@code torchvision.models.googlenet}), eval mode,
 * so the auxiliary heads {@code aux1}/{@code aux2} do not run and are left out; no input transform
 * ({@code transform_input=False}, the default without pretrained weights); input
 * {@code [1, 3, 224, 224]}.
 *
 * <p>Every conv is a {@code BasicConv2d} ({@code NAME.conv}, BatchNorm folded, then {@code Relu}).
 * An inception module has four branches, {@code branch1} (1x1), {@code branch2.0/.1} (1x1, 3x3),
 * {@code branch3.0/.1} (1x1 and, as torchvision has it, 3x3 rather than 5x5) and {@code branch4}
 * (3x3/1 max pool, then 1x1 {@code branch4.1}), joined by a channel {@code Concat} (a view). Max
 * pools use {@code ceil_mode}; then {@code GlobalAveragePool}, {@code Flatten} and {@code fc}.
 */
final class GoogLeNet {
  private GoogLeNet() {}

  static Network build() {
    NetworkBuilder b = new NetworkBuilder("googlenet");
    String x = b.input("input", 1, 3, 224, 224);
    x = basic(b, "conv1", x, 64, 7, 2, 3);
    x = b.pool("maxpool1", "MaxPool", x, 3, 2, 0, true);
    x = basic(b, "conv2", x, 64, 1, 1, 0);
    x = basic(b, "conv3", x, 192, 3, 1, 1);
    x = b.pool("maxpool2", "MaxPool", x, 3, 2, 0, true);
    x = inception(b, "inception3a", x, 64, 96, 128, 16, 32, 32);
    x = inception(b, "inception3b", x, 128, 128, 192, 32, 96, 64);
    x = b.pool("maxpool3", "MaxPool", x, 3, 2, 0, true);
    x = inception(b, "inception4a", x, 192, 96, 208, 16, 48, 64);
    x = inception(b, "inception4b", x, 160, 112, 224, 24, 64, 64);
    x = inception(b, "inception4c", x, 128, 128, 256, 24, 64, 64);
    x = inception(b, "inception4d", x, 112, 144, 288, 32, 64, 64);
    x = inception(b, "inception4e", x, 256, 160, 320, 32, 128, 128);
    x = b.pool("maxpool4", "MaxPool", x, 2, 2, 0, true);
    x = inception(b, "inception5a", x, 256, 160, 320, 32, 128, 128);
    x = inception(b, "inception5b", x, 384, 192, 384, 48, 128, 128);
    x = b.globalPool("avgpool", x);
    x = b.flatten("flatten", x);
    return b.build(b.linear("fc", x, 1000));
  }

  private static String basic(NetworkBuilder b, String name, String x, long out, int k, int stride, int pad) {
    return b.vector(name + ".relu", "Relu", b.conv(name + ".conv", x, out, k, stride, pad));
  }

  private static String inception(NetworkBuilder b, String p, String x,
      long c1, long c3red, long c3, long c5red, long c5, long poolProj) {
    String b1 = basic(b, p + ".branch1", x, c1, 1, 1, 0);
    String b2 = basic(b, p + ".branch2.0", x, c3red, 1, 1, 0);
    b2 = basic(b, p + ".branch2.1", b2, c3, 3, 1, 1);
    String b3 = basic(b, p + ".branch3.0", x, c5red, 1, 1, 0);
    b3 = basic(b, p + ".branch3.1", b3, c5, 3, 1, 1);
    String b4 = b.pool(p + ".branch4.0", "MaxPool", x, 3, 1, 1, true);
    b4 = basic(b, p + ".branch4.1", b4, poolProj, 1, 1, 0);
    return b.concat(p + ".concat", 1, b1, b2, b3, b4);
  }
}
