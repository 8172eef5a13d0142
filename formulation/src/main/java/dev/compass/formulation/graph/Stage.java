package dev.compass.formulation.graph;

import dev.compass.formulation.network.Operator;
import java.util.List;

/**
 * A stage: one weighted operator and the vector operators attached to it.
 *
 * @param index position in the linear order
 * @param name the weighted operator's name
 * @param operator the weighted operator
 * @param h rows of one group's weight matrix, {@code kh*kw*cin/g} (Dense: inner dimension)
 * @param w columns of one group's weight matrix, {@code cout/g} (Dense: output features)
 * @param groups {@code g}
 * @param mvmsPerImage {@code P}: output pixels for Conv, output elements / W for Dense
 * @param attentionMacs MACs per image of the activation-by-activation products attached to the stage
 * @param vectorOps names of the vector operators attached to the stage, in network order
 */
public record Stage(
    int index,
    String name,
    Operator operator,
    long h,
    long w,
    int groups,
    long mvmsPerImage,
    long attentionMacs,
    List<String> vectorOps) {

  public Stage {
    vectorOps = List.copyOf(vectorOps);
  }

  /** {@code P * H * W * g}. */
  public long macsPerImage() {
    return Math.multiplyExact(Math.multiplyExact(mvmsPerImage, h), Math.multiplyExact(w, (long) groups));
  }

  /** Weight parameters, {@code H * W * g}. */
  public long weights() {
    return h * w * groups;
  }

  /** Short kind for tables: conv, dwconv (depthwise), gconv (grouped), dense. */
  public String kind() {
    if (operator instanceof dev.compass.formulation.network.Conv) {
      if (groups == 1) return "conv";
      return w == 1 ? "dwconv" : "gconv";
    }
    return "dense";
  }
}
