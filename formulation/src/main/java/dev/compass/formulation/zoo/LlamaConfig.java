package dev.compass.formulation.zoo;

import dev.compass.formulation.InputException;

/**
 * The shape of a LLaMA-style decoder (HF transformers' {@code LlamaConfig}, multi-head attention
 * without grouped KV heads) and the prefill length it is built for.
 *
 * @param name network name
 * @param layers decoder layers ({@code num_hidden_layers})
 * @param dModel hidden size ({@code hidden_size}); {@code dModel / heads} must be even (rotary)
 * @param heads attention heads ({@code num_attention_heads})
 * @param ffn MLP width ({@code intermediate_size})
 * @param sequence tokens of the prefill
 * @param vocab vocabulary size ({@code vocab_size})
 */
public record LlamaConfig(String name, int layers, int dModel, int heads, int ffn, int sequence, int vocab) {

  public LlamaConfig {
    if (name == null || name.isBlank()) {
      throw new InputException("name", "is missing or empty; give a non-empty name");
    }
    positive(layers, "layers");
    positive(dModel, "dModel");
    positive(heads, "heads");
    positive(ffn, "ffn");
    positive(sequence, "sequence");
    positive(vocab, "vocab");
    if (dModel % heads != 0 || (dModel / heads) % 2 != 0) {
      throw new InputException("dModel", "dModel " + dModel + " must be a multiple of heads " + heads
          + " with an even head dimension (rotary embedding halves it)");
    }
  }

  /** Llama-2-7B (HF {@code meta-llama/Llama-2-7b-hf}: 32 layers, d 4096, 32 heads, FFN 11008, vocabulary 32000), prefill of 2048 tokens. */
  public static LlamaConfig llama2_7b() {
    return new LlamaConfig("llama2_7b", 32, 4096, 32, 11008, 2048, 32000);
  }

  /** The same model with a prefill of {@code tokens} tokens. */
  public LlamaConfig withSequence(int tokens) {
    return new LlamaConfig(name, layers, dModel, heads, ffn, tokens, vocab);
  }

  /** {@code dModel / heads}. */
  public int headDim() {
    return dModel / heads;
  }

  private static void positive(int v, String field) {
    if (v <= 0) {
      throw new InputException(field, "must be positive, got " + v);
    }
  }
}
