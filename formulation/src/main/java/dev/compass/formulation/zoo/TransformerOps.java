package dev.compass.formulation.zoo;

import dev.compass.formulation.network.NetworkBuilder;

/** Small building blocks shared by the transformer families. */
final class TransformerOps {
  private TransformerOps() {}

  /** {@code x + bias}, the bias a constant over the last dimension (a Linear exported as MatMul + Add). */
  static String biasAdd(NetworkBuilder b, String name, String x) {
    long[] s = b.shape(x);
    return b.vector(name, "Add", x, b.constant(name + ".bias", s[s.length - 1]));
  }

  /** A Linear on a tensor of rank 3 as exported: MatMul with the constant weight, then the bias Add. */
  static String linear3d(NetworkBuilder b, String name, String x, long out, boolean bias) {
    String y = b.matmulConst(name, x, out);
    return bias ? biasAdd(b, name + ".add", y) : y;
  }

  /** An embedding lookup: {@code Gather} of the rows of a constant {@code [vocab, d]} table by token ids {@code [1, n]}. */
  static String embedding(NetworkBuilder b, String name, String ids, long vocab, long d) {
    long[] s = b.shape(ids);
    String table = b.constant(name + ".weight", vocab, d);
    return b.vectorShaped(name, "Gather", new long[] {s[0], s[1], d}, 0, table, ids);
  }

  /** {@code [1, n, heads*hd]} to {@code [1, heads, n, hd]} (Reshape, then Transpose 0,2,1,3). */
  static String splitHeads(NetworkBuilder b, String name, String x, long heads) {
    long[] s = b.shape(x);
    String r = b.reshape(name + ".reshape", x, s[0], s[1], heads, s[2] / heads);
    return b.transpose(name + ".transpose", r, 0, 2, 1, 3);
  }

  /**
   * Attention scores of heads {@code q}, {@code k} ({@code [1, heads, n, hd]}): {@code k} transposed,
   * {@code q k^T} ({@code prefix + "matmul_qk"}) and the division by {@code sqrt(hd)}
   * ({@code prefix + "div"}); the caller applies its mask.
   */
  static String scores(NetworkBuilder b, String prefix, String q, String k) {
    String kt = b.transpose(prefix + "k.transpose_t", k, 0, 1, 3, 2);
    return b.vector(prefix + "div", "Div", b.matmul(prefix + "matmul_qk", q, kt));
  }

  /** {@code Softmax} of masked scores times {@code v}, merged back to {@code [1, n, heads*hd]}. */
  static String context(NetworkBuilder b, String prefix, String scores, String v) {
    String p = b.vector(prefix + "softmax", "Softmax", scores);
    return mergeHeads(b, prefix + "merge", b.matmul(prefix + "matmul_v", p, v));
  }

  /** {@code [1, heads, n, hd]} to {@code [1, n, heads*hd]} (Transpose 0,2,1,3, then Reshape). */
  static String mergeHeads(NetworkBuilder b, String name, String x) {
    long[] s = b.shape(x);
    String t = b.transpose(name + ".transpose", x, 0, 2, 1, 3);
    return b.reshape(name + ".reshape", t, s[0], s[2], s[1] * s[3]);
  }
}
