package dev.compass.formulation.zoo;

import dev.compass.formulation.network.Network;
import dev.compass.formulation.network.NetworkBuilder;

/**
 * BERT-base as HF transformers' {@code BertModel} (config {@code bert-base-uncased}: 12 layers,
 * hidden 768, 12 heads, intermediate 3072, vocabulary 30522; with the pooler), eval mode, one
 * sequence of 128 tokens: input {@code input} holds the token ids {@code [1, 128]}; outputs are the
 * last hidden state {@code [1, 128, 768]} and the pooled output {@code [1, 768]}.
 *
 * <p>Graph as an ONNX export: {@code embeddings.word_embeddings} is a {@code Gather} from a constant
 * table, token-type and position embeddings are constants added by {@code Add}, then
 * {@code embeddings.LayerNorm}. Each {@code encoder.layer.i}: {@code attention.self.query},
 * {@code key}, {@code value} (MatMul + bias Add), heads by Reshape/Transpose, {@code QK^T} (a
 * {@code MatMul} vector operator, 12 x 128 x 64 x 128 MACs), {@code Div} by 8, the (all-ones)
 * attention mask as a constant {@code Add}, {@code Softmax}, {@code attn x V} (the same MACs),
 * heads merged, {@code attention.output.dense}, residual {@code Add} and
 * {@code attention.output.LayerNorm}, {@code intermediate.dense} + {@code Gelu},
 * {@code output.dense}, residual {@code Add} and {@code output.LayerNorm}. The pooler takes token 0
 * ({@code Gather}), {@code pooler.dense} (Gemm) and {@code Tanh}.
 */
final class Bert {
  private Bert() {}

  static Network base() {
    final long n = 128;
    final long d = 768;
    final long heads = 12;
    final long ffn = 3072;
    NetworkBuilder b = new NetworkBuilder("bert_base");
    String ids = b.input("input", 1, n);
    String x = TransformerOps.embedding(b, "embeddings.word_embeddings", ids, 30522, d);
    x = b.vector("embeddings.add", "Add", x, b.constant("embeddings.token_type", 1, n, d));
    x = b.vector("embeddings.add_1", "Add", x, b.constant("embeddings.position", 1, n, d));
    x = b.vector("embeddings.LayerNorm", "LayerNormalization", x);
    for (int i = 0; i < 12; i++) {
      String p = "encoder.layer." + i + ".";
      String a = p + "attention.self.";
      String q = TransformerOps.linear3d(b, a + "query", x, d, true);
      String k = TransformerOps.linear3d(b, a + "key", x, d, true);
      String v = TransformerOps.linear3d(b, a + "value", x, d, true);
      q = TransformerOps.splitHeads(b, a + "q", q, heads);
      k = TransformerOps.splitHeads(b, a + "k", k, heads);
      v = TransformerOps.splitHeads(b, a + "v", v, heads);
      String s = TransformerOps.scores(b, a, q, k);
      s = b.vector(a + "mask", "Add", s, b.constant(a + "attention_mask", 1, 1, 1, n));
      String o = TransformerOps.context(b, a, s, v);
      o = TransformerOps.linear3d(b, p + "attention.output.dense", o, d, true);
      o = b.vector(p + "attention.output.add", "Add", o, x);
      x = b.vector(p + "attention.output.LayerNorm", "LayerNormalization", o);
      String h = TransformerOps.linear3d(b, p + "intermediate.dense", x, ffn, true);
      h = b.vector(p + "intermediate.intermediate_act_fn", "Gelu", h);
      h = TransformerOps.linear3d(b, p + "output.dense", h, d, true);
      h = b.vector(p + "output.add", "Add", h, x);
      x = b.vector(p + "output.LayerNorm", "LayerNormalization", h);
    }
    String first = b.vectorShaped("pooler.gather", "Gather", new long[] {1, d}, 0, x);
    String pooled = b.vector("pooler.activation", "Tanh", b.linear("pooler.dense", first, d));
    return b.build(x, pooled);
  }
}
