package dev.compass.formulation.zoo;

import dev.compass.formulation.network.Network;
import dev.compass.formulation.network.NetworkBuilder;

/**
 * GPT-2 (small, medium, large, XL) as HF transformers' {@code GPT2LMHeadModel} (configs
 * {@code gpt2}: 12 layers, d 768, 12 heads; {@code gpt2-medium}: 24, 1024, 16; {@code gpt2-large}:
 * 36, 1280, 20; {@code gpt2-xl}: 48, 1600, 25; vocabulary 50257, FFN 4d), prefill of 1024 tokens
 * (the full context), batch 1, no KV cache output ({@code use_cache=False}): input {@code input}
 * holds the token ids {@code [1, 1024]}, the output is the logits {@code [1, 1024, 50257]}.
 *
 * <p>Graph as an ONNX export of the eval model: {@code transformer.wte} is a {@code Gather} from a
 * constant table (not a crossbar layer), the positional embedding a constant {@code Add}. Each
 * block {@code transformer.h.i}: {@code ln_1}, {@code attn.c_attn} (HF {@code Conv1D} = addmm on
 * the {@code [1024, d]} view, so a Gemm between Reshapes), {@code Split} into q, k, v, heads by
 * Reshape/Transpose, {@code QK^T} (a {@code MatMul} vector operator, heads x 1024 x hd x 1024
 * MACs), {@code Div} by sqrt(hd), the causal mask ({@code Where}), {@code Softmax}, {@code attn x
 * V} (the same MACs), heads merged, {@code attn.c_proj} (Gemm), residual {@code Add}, {@code ln_2},
 * {@code mlp.c_fc} (Gemm), {@code Gelu} (gelu_new), {@code mlp.c_proj} (Gemm), residual
 * {@code Add}. Then {@code transformer.ln_f} and {@code lm_head} (MatMul with the constant tied
 * embedding, no bias) on all 1024 positions.
 */
final class Gpt2 {
  private Gpt2() {}

  static final long VOCAB = 50257;
  static final long SEQUENCE = 1024;

  static Network build(String name, int layers, long d, long heads) {
    final long n = SEQUENCE;
    NetworkBuilder b = new NetworkBuilder(name);
    String ids = b.input("input", 1, n);
    String x = TransformerOps.embedding(b, "transformer.wte", ids, VOCAB, d);
    x = b.vector("transformer.add", "Add", x, b.constant("transformer.wpe.positions", 1, n, d));
    for (int i = 0; i < layers; i++) {
      String p = "transformer.h." + i + ".";
      String h = b.vector(p + "ln_1", "LayerNormalization", x);
      h = conv1d(b, p + "attn.c_attn", h, 3 * d);
      String[] qkv = b.split(p + "attn.split", h, 2, d, d, d);
      String q = TransformerOps.splitHeads(b, p + "attn.q", qkv[0], heads);
      String k = TransformerOps.splitHeads(b, p + "attn.k", qkv[1], heads);
      String v = TransformerOps.splitHeads(b, p + "attn.v", qkv[2], heads);
      String s = TransformerOps.scores(b, p + "attn.", q, k);
      s = b.vectorShaped(p + "attn.where", "Where", b.shape(s), 0, b.constant(p + "attn.causal_mask", 1, 1, n, n), s);
      String o = TransformerOps.context(b, p + "attn.", s, v);
      o = conv1d(b, p + "attn.c_proj", o, d);
      x = b.vector(p + "add", "Add", o, x);
      h = b.vector(p + "ln_2", "LayerNormalization", x);
      h = conv1d(b, p + "mlp.c_fc", h, 4 * d);
      h = b.vector(p + "mlp.act", "Gelu", h);
      h = conv1d(b, p + "mlp.c_proj", h, d);
      x = b.vector(p + "add_1", "Add", h, x);
    }
    x = b.vector("transformer.ln_f", "LayerNormalization", x);
    return b.build(b.matmulConst("lm_head", x, VOCAB));
  }

  /** HF {@code Conv1D}: {@code addmm(bias, x.view(-1, in), W).view(1, n, out)}, a Gemm on the 2-D view. */
  private static String conv1d(NetworkBuilder b, String name, String x, long out) {
    long[] s = b.shape(x);
    String flat = b.reshape(name + ".view_in", x, s[1], s[2]);
    String y = b.linear(name, flat, out);
    return b.reshape(name + ".view_out", y, 1, s[1], out);
  }
}
