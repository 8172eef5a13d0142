package dev.compass.formulation.network;

import java.util.List;

/**
 * A 2-D convolution with a constant weight of shape {@code [outChannels, inChannels/groups, kh, kw]}.
 * Input and output tensors are {@code [1, C, H, W]}.
 *
 * @param kernel {@code [kh, kw]}
 * @param stride {@code [sh, sw]}
 * @param pads {@code [top, left, bottom, right]} (ONNX order)
 * @param dilation {@code [dh, dw]}
 */
public record Conv(
    String name,
    String input,
    String output,
    long outChannels,
    List<Integer> kernel,
    List<Integer> stride,
    List<Integer> pads,
    List<Integer> dilation,
    int groups)
    implements Operator {

  public Conv {
    Checks.name(name, "name");
    Checks.name(input, "input");
    Checks.name(output, "output");
    Checks.positive(outChannels, "outChannels");
    kernel = Checks.ints(kernel, 2, 1, "kernel");
    stride = Checks.ints(stride, 2, 1, "stride");
    pads = Checks.ints(pads, 4, 0, "pads");
    dilation = Checks.ints(dilation, 2, 1, "dilation");
    Checks.positive(groups, "groups");
    if (outChannels % groups != 0) {
      throw new dev.compass.formulation.InputException(
          "groups", "outChannels " + outChannels + " is not a multiple of groups " + groups);
    }
  }

  /** A square convolution with symmetric padding. */
  public static Conv of(String name, String input, String output, long outChannels, int k, int stride, int pad, int groups) {
    return new Conv(name, input, output, outChannels, List.of(k, k), List.of(stride, stride), List.of(pad, pad, pad, pad), List.of(1, 1), groups);
  }

  public int kh() { return kernel.get(0); }
  public int kw() { return kernel.get(1); }

  /** Output size along one spatial axis (0 = height, 1 = width) for an input size {@code in}. */
  public long outSize(int axis, long in) {
    long k = kernel.get(axis);
    long d = dilation.get(axis);
    long s = stride.get(axis);
    long padded = in + pads.get(axis) + pads.get(axis + 2);
    return Math.floorDiv(padded - d * (k - 1) - 1, s) + 1;
  }

  @Override public String opType() { return "Conv"; }
  @Override public List<String> inputs() { return List.of(input); }
  @Override public List<String> outputs() { return List.of(output); }
  @Override public boolean weighted() { return true; }
}
