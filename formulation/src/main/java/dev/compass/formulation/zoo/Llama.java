package dev.compass.formulation.zoo;

import dev.compass.formulation.network.Network;
import dev.compass.formulation.network.NetworkBuilder;

/**
 * A LLaMA decoder as HF transformers' {@code LlamaForCausalLM} (4.31, the Llama 2 release), eval
 * mode, prefill of {@code sequence} tokens, batch 1, no KV cache output: input {@code input} holds
 * the token ids {@code [1, n]}, the output is the logits {@code [1, n, vocab]}.
 *
 * <p>Graph as an ONNX export: {@code model.embed_tokens} is a {@code Gather} from a constant table.
 * Each {@code model.layers.i}: {@code input_layernorm} (RMSNorm, one vector operator),
 * {@code self_attn.q_proj}, {@code k_proj}, {@code v_proj} (MatMul with a constant, no bias), heads
 * by Reshape/Transpose, the rotary embedding on q and k ({@code x*cos + rotate_half(x)*sin} with
 * constant cos/sin: Mul, two Slices, Neg, a Concat view, Mul, Add), {@code QK^T} (a {@code MatMul}
 * vector operator, heads x n x hd x n MACs), {@code Div} by sqrt(hd), the causal mask as a
 * constant {@code Add}, {@code Softmax}, {@code attn x V} (the same MACs), heads merged,
 * {@code self_attn.o_proj}, residual {@code Add}; {@code post_attention_layernorm},
 * {@code mlp.gate_proj}, SiLU ({@code Sigmoid}, {@code Mul}), {@code mlp.up_proj}, {@code Mul},
 * {@code mlp.down_proj}, residual {@code Add}. Then {@code model.norm} and {@code lm_head} (untied,
 * no bias) on all positions.
 */
final class Llama {
  private Llama() {}

  static Network build(LlamaConfig c) {
    final long n = c.sequence();
    final long d = c.dModel();
    final long hd = c.headDim();
    NetworkBuilder b = new NetworkBuilder(c.name());
    String ids = b.input("input", 1, n);
    String x = TransformerOps.embedding(b, "model.embed_tokens", ids, c.vocab(), d);
    String cos = b.constant("model.rotary.cos", 1, 1, n, hd);
    String sin = b.constant("model.rotary.sin", 1, 1, n, hd);
    String mask = b.constant("model.causal_mask", 1, 1, n, n);
    for (int i = 0; i < c.layers(); i++) {
      String p = "model.layers." + i + ".";
      String a = p + "self_attn.";
      String h = b.vector(p + "input_layernorm", "RMSNormalization", x);
      String q = b.matmulConst(a + "q_proj", h, d);
      String k = b.matmulConst(a + "k_proj", h, d);
      String v = b.matmulConst(a + "v_proj", h, d);
      q = TransformerOps.splitHeads(b, a + "q", q, c.heads());
      k = TransformerOps.splitHeads(b, a + "k", k, c.heads());
      v = TransformerOps.splitHeads(b, a + "v", v, c.heads());
      q = rotary(b, a + "q.rotary", q, cos, sin);
      k = rotary(b, a + "k.rotary", k, cos, sin);
      String s = TransformerOps.scores(b, a, q, k);
      s = b.vector(a + "mask", "Add", s, mask);
      String o = TransformerOps.context(b, a, s, v);
      o = b.matmulConst(a + "o_proj", o, d);
      x = b.vector(p + "add", "Add", x, o);
      h = b.vector(p + "post_attention_layernorm", "RMSNormalization", x);
      String m = p + "mlp.";
      String g = b.matmulConst(m + "gate_proj", h, c.ffn());
      g = b.vector(m + "act_fn.mul", "Mul", g, b.vector(m + "act_fn.sigmoid", "Sigmoid", g));
      String u = b.matmulConst(m + "up_proj", h, c.ffn());
      String y = b.vector(m + "mul", "Mul", g, u);
      y = b.matmulConst(m + "down_proj", y, d);
      x = b.vector(p + "add_1", "Add", x, y);
    }
    x = b.vector("model.norm", "RMSNormalization", x);
    return b.build(b.matmulConst("lm_head", x, c.vocab()));
  }

  /** {@code x*cos + cat(-x[..., hd/2:], x[..., :hd/2])*sin}. */
  private static String rotary(NetworkBuilder b, String name, String x, String cos, String sin) {
    long[] s = b.shape(x);
    long[] half = s.clone();
    half[3] = s[3] / 2;
    String xc = b.vector(name + ".mul_cos", "Mul", x, cos);
    String x1 = b.vectorShaped(name + ".slice_1", "Slice", half, 0, x);
    String x2 = b.vectorShaped(name + ".slice_2", "Slice", half, 0, x);
    String rot = b.concat(name + ".concat", 3, b.vector(name + ".neg", "Neg", x2), x1);
    String rs = b.vector(name + ".mul_sin", "Mul", rot, sin);
    return b.vector(name + ".add", "Add", xc, rs);
  }
}
