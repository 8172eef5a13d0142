package dev.compass.formulation.zoo;

import dev.compass.formulation.network.Network;
import dev.compass.formulation.network.NetworkBuilder;

/**
 * MobileNetV2 (width 1.0) as in torchvision 0.14 ({@code torchvision.models.mobilenet_v2}), eval
 * mode, input {@code [1, 3, 224, 224]}.
 *
 * <p>Inverted residual blocks {@code features.1..17} from the table (t, c, n, s) = (1,16,1,1),
 * (6,24,2,2), (6,32,3,2), (6,64,4,2), (6,96,3,1), (6,160,3,2), (6,320,1,1): an expanding 1x1 conv
 * {@code conv.0.0} (absent when t = 1), the depthwise 3x3 conv, each followed by ReLU6 (exported as
 * {@code Clip}), the projecting 1x1 conv, and a residual {@code Add} when the stride is 1 and the
 * channels match. Then {@code features.18.0} (1x1 to 1280) + ReLU6, {@code GlobalAveragePool},
 * {@code Flatten} and {@code classifier.1} (Gemm).
 */
final class MobileNetV2 {
  private MobileNetV2() {}

  private static final int[][] SETTINGS = {
    {1, 16, 1, 1}, {6, 24, 2, 2}, {6, 32, 3, 2}, {6, 64, 4, 2}, {6, 96, 3, 1}, {6, 160, 3, 2}, {6, 320, 1, 1}
  };

  static Network build() {
    NetworkBuilder b = new NetworkBuilder("mobilenet_v2");
    String x = b.input("input", 1, 3, 224, 224);
    x = b.vector("features.0.2", "Clip", b.conv("features.0.0", x, 32, 3, 2, 1));
    long inp = 32;
    int f = 1;
    for (int[] s : SETTINGS) {
      for (int i = 0; i < s[2]; i++) {
        int stride = i == 0 ? s[3] : 1;
        long oup = s[1];
        long hidden = inp * s[0];
        String p = "features." + f + ".conv.";
        String y = x;
        int j = 0;
        if (s[0] != 1) {
          y = b.vector(p + j + ".2", "Clip", b.conv(p + j + ".0", y, hidden, 1, 1, 0));
          j++;
        }
        y = b.vector(p + j + ".2", "Clip", b.conv(p + j + ".0", y, hidden, 3, stride, 1, (int) hidden));
        j++;
        y = b.conv(p + j, y, oup, 1, 1, 0);
        if (stride == 1 && inp == oup) {
          y = b.vector("features." + f + ".add", "Add", x, y);
        }
        x = y;
        inp = oup;
        f++;
      }
    }
    x = b.vector("features.18.2", "Clip", b.conv("features.18.0", x, 1280, 1, 1, 0));
    x = b.globalPool("avgpool", x);
    x = b.flatten("flatten", x);
    return b.build(b.linear("classifier.1", x, 1000));
  }
}
