package dev.compass.formulation.zoo;

import dev.compass.formulation.network.Network;
import dev.compass.formulation.network.NetworkBuilder;

/**
 * ViT-B/16 as in torchvision 0.14 ({@code torchvision.models.vit_b_16}: patch 16, 12 layers, hidden
 * 768, 12 heads, MLP 3072), eval mode, input {@code [1, 3, 224, 224]}, 197 tokens.
 *
 * <p>The graph follows the ONNX export (opset 13) of {@code nn.MultiheadAttention}'s Python path:
 * {@code conv_proj}, Reshape and Transpose to {@code [1, 196, 768]}, the class token (a constant)
 * joined by {@code Concat}, the positional embedding (a constant) added by {@code Add}. Each
 * {@code encoder.layers.encoder_layer_i}: {@code ln_1} (one LayerNormalization here; the export
 * decomposes it, the same tensors cross stages), Transpose to sequence-first {@code [197, 1, 768]},
 * {@code self_attention.in_proj} (MatMul with a constant, {@code [197, 1, 2304]}), three
 * {@code Slice}s for q, k, v, heads by Reshape/Transpose, q scaled by {@code Div}, the two
 * attention products as {@code MatMul} vector operators ({@code QK^T}: 12 x 197 x 64 x 197 MACs,
 * {@code attn x V} the same) around a {@code Softmax}, back to {@code [197, 768]},
 * {@code self_attention.out_proj} (Gemm), back to {@code [1, 197, 768]}, residual {@code Add},
 * {@code ln_2}, {@code mlp.0} (MatMul), {@code Gelu}, {@code mlp.3}, residual {@code Add}. Then
 * {@code encoder.ln}, the class token picked by {@code Gather} and {@code heads.head} (Gemm).
 */
final class VisionTransformer {
  private VisionTransformer() {}

  static Network vitB16() {
    final long d = 768;
    final long heads = 12;
    final long hd = d / heads;
    final long mlp = 3072;
    NetworkBuilder b = new NetworkBuilder("vit_b_16");
    String x = b.input("input", 1, 3, 224, 224);
    x = b.conv("conv_proj", x, d, 16, 16, 16, 16, 0, 0, 1, 1);
    long patches = b.shape(x)[2] * b.shape(x)[3];
    final long n = patches + 1;
    x = b.reshape("reshape", x, 1, d, patches);
    x = b.transpose("transpose", x, 0, 2, 1);
    String cls = b.constant("class_token", 1, 1, d);
    x = b.concat("concat", 1, cls, x);
    x = b.vector("encoder.add", "Add", x, b.constant("encoder.pos_embedding", 1, n, d));
    for (int i = 0; i < 12; i++) {
      String p = "encoder.layers.encoder_layer_" + i + ".";
      String a = p + "self_attention.";
      String h = b.vector(p + "ln_1", "LayerNormalization", x);
      h = b.transpose(a + "transpose", h, 1, 0, 2);
      h = TransformerOps.linear3d(b, a + "in_proj", h, 3 * d, true);
      String q = b.vectorShaped(a + "slice_q", "Slice", new long[] {n, 1, d}, 0, h);
      String k = b.vectorShaped(a + "slice_k", "Slice", new long[] {n, 1, d}, 0, h);
      String v = b.vectorShaped(a + "slice_v", "Slice", new long[] {n, 1, d}, 0, h);
      q = b.transpose(a + "transpose_q", b.reshape(a + "reshape_q", q, n, heads, hd), 1, 0, 2);
      k = b.transpose(a + "transpose_k", b.reshape(a + "reshape_k", k, n, heads, hd), 1, 2, 0);
      v = b.transpose(a + "transpose_v", b.reshape(a + "reshape_v", v, n, heads, hd), 1, 0, 2);
      q = b.vector(a + "scale", "Div", q);
      String s = b.matmul(a + "matmul_qk", q, k);
      s = b.vector(a + "softmax", "Softmax", s);
      String o = b.matmul(a + "matmul_v", s, v);
      o = b.reshape(a + "reshape_o", b.transpose(a + "transpose_o", o, 1, 0, 2), n, d);
      o = b.linear(a + "out_proj", o, d);
      o = b.transpose(a + "transpose_out", b.reshape(a + "reshape_out", o, n, 1, d), 1, 0, 2);
      x = b.vector(p + "add", "Add", o, x);
      h = b.vector(p + "ln_2", "LayerNormalization", x);
      h = TransformerOps.linear3d(b, p + "mlp.0", h, mlp, true);
      h = b.vector(p + "mlp.1", "Gelu", h);
      h = TransformerOps.linear3d(b, p + "mlp.3", h, d, true);
      x = b.vector(p + "add_1", "Add", x, h);
    }
    x = b.vector("encoder.ln", "LayerNormalization", x);
    x = b.vectorShaped("gather", "Gather", new long[] {1, d}, 0, x);
    return b.build(b.linear("heads.head", x, 1000));
  }
}
