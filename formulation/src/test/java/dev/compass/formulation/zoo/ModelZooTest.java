package dev.compass.formulation.zoo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.compass.formulation.InputException;
import dev.compass.formulation.graph.Stage;
import dev.compass.formulation.graph.StageGraph;
import dev.compass.formulation.network.Network;
import dev.compass.formulation.network.TensorDecl;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * The zoo models that have no ONNX ground truth, against independently known figures.
 *
 * <p>Parameter counts: the published totals (torchvision's model docs for the CNNs; the HF
 * checkpoints' parameter counts, re-derived from their configs in the comments, for the
 * transformers) minus what is not a crossbar weight: biases, BatchNorm affine parameters (BN is
 * folded into the convs, so it adds no weights), LayerNorm/RMSNorm parameters, and embedding tables
 * (a Gather, not a matrix-vector product). MACs: torchvision's documented GFLOPS ({@code _ops},
 * three decimals, which count one multiply-add as one op), and hand products for the transformers.
 */
class ModelZooTest {

  private static long[] totals(Network net) {
    long weights = 0;
    long macs = 0;
    long attention = 0;
    StageGraph g = StageGraph.of(net);
    for (Stage s : g.stages()) {
      weights += s.weights();
      macs += s.macsPerImage();
      attention += s.attentionMacs();
    }
    return new long[] {g.size(), weights, macs, attention};
  }

  /**
   * torchvision CNNs. Expected weights = documented params - biases - BN params:
   * <ul>
   *   <li>resnet34: 21,797,672 - fc bias 1,000 - BN 2 x (64 + 3x2x64 + 4x2x128+128 + 6x2x256+256
   *       + 3x2x512+512 = 8,512) = 21,797,672 - 1,000 - 17,024 = 21,779,648; stages 1 + 16x2 + 3 + 1 = 37.
   *   <li>resnet101: 44,549,160 - 1,000 - BN 2 x (64 + (3x384+256) + (4x768+512) + (23x1536+1024)
   *       + (3x3072+2048) = 52,672) = 44,549,160 - 1,000 - 105,344 = 44,442,816; stages 1 + 33x3 + 4 + 1 = 105.
   *   <li>resnet152: 60,192,808 - 1,000 - BN 2 x (64 + 1,408 + (8x768+512) + (36x1536+1024) + 11,264
   *       = 75,712) = 60,192,808 - 1,000 - 151,424 = 60,040,384; stages 1 + 50x3 + 4 + 1 = 156.
   *   <li>vgg11: 132,863,336 - conv biases (64+128+2x256+4x512 = 2,752) - fc biases (4096+4096+1000
   *       = 9,192) = 132,851,392; stages 8 + 3.
   *   <li>vgg19: 143,667,240 - conv biases (2x64+2x128+4x256+8x512 = 5,504) - 9,192 = 143,652,544; stages 16 + 3.
   *   <li>squeezenet1_1: 1,235,496 - biases (conv 64 + fires 2x144 + 2x288 + 2x432 + 2x576 + classifier
   *       1000 = 3,944) = 1,231,552; stages 1 + 8x3 + 1 = 26.
   * </ul>
   */
  @ParameterizedTest
  @CsvSource({
      "resnet34,      37, 21779648,  3.664",
      "resnet101,    105, 44442816,  7.801",
      "resnet152,    156, 60040384, 11.514",
      "vgg11,         11, 132851392, 7.609",
      "vgg19,         19, 143652544, 19.632",
      "squeezenet1_1, 26, 1231552,   0.349"})
  void torchvisionModelsMatchDocumentedCounts(String model, int stages, long weights, double gmacs) {
    long[] t = totals(ModelZoo.build(model));
    assertThat(t[0]).isEqualTo(stages);
    assertThat(t[1]).isEqualTo(weights);
    assertThat(t[2] / 1e9).isCloseTo(gmacs, within(0.0005));
    assertThat(t[3]).isZero();
  }

  /**
   * Transformers. HF totals per config (V vocabulary, d width, L layers, n tokens):
   * <ul>
   *   <li>GPT-2 (n_positions 1024, FFN 4d): total = V d + 1024 d + L (12 d^2 + 13 d) + 2 d, where 13 d
   *       are biases (3d + d + 4d + d) and two LayerNorms (4d), 2 d is ln_f. gpt2 (d 768, L 12):
   *       124,439,808 = 38,597,376 + 786,432 + 12 x 7,087,872 + 1,536. Crossbar weights drop wpe,
   *       the biases and norms, and keep the tied wte once as lm_head: 12 x 12 x 768^2 + 50257 x 768
   *       = 84,934,656 + 38,597,376 = 123,532,032. Medium (1024, 24): 354,823,168 total, weights
   *       24 x 12,582,912 + 51,463,168 = 353,453,056. Large (1280, 36): 774,030,080 total, weights
   *       36 x 19,660,800 + 64,328,960 = 772,117,760. XL (1600, 48): 1,557,611,200 total, weights
   *       48 x 30,720,000 + 80,411,200 = 1,554,971,200. Every Linear runs on all 1024 tokens, so
   *       MACs = weights x 1024; attention = L x 2 x 1024^2 x d (QK^T and attn x V over all heads).
   *   <li>BERT-base: 109,482,240 total = embeddings (30522x768 + 512x768 + 2x768 + LN 1,536 =
   *       23,837,184) + 12 x (7,077,888 weights + 6,912 biases + 3,072 LN) + pooler 590,592.
   *       Weights 12 x 7,077,888 + 768^2 = 85,524,480; MACs 84,934,656 x 128 + 589,824 x 1 =
   *       10,872,225,792; attention 12 x 2 x 128^2 x 768 = 301,989,888.
   *   <li>Llama-2-7B: 6,738,415,616 total = 32 x (4 x 4096^2 + 3 x 4096 x 11008 + 2 x 4096) +
   *       2 x 32000 x 4096 + 4096. Weights drop embed_tokens and the norms: 6,738,415,616 -
   *       131,072,000 - 266,240 = 6,607,077,376; MACs x 2048 tokens = 13,531,294,466,048; attention
   *       32 x 2 x 2048^2 x 4096 = 2^40 = 1,099,511,627,776.
   * </ul>
   * Stages: GPT-2 4 per layer + lm_head; BERT 6 per layer + pooler; LLaMA 7 per layer + lm_head.
   */
  @ParameterizedTest
  @CsvSource({
      "gpt2,         49, 123532032,  126496800768,   19327352832",
      "gpt2_medium,  97, 353453056,  361935929344,   51539607552",
      "gpt2_large,  145, 772117760,  790648586240,   96636764160",
      "gpt2_xl,     193, 1554971200, 1592290508800,  161061273600",
      "bert_base,    73, 85524480,   10872225792,    301989888",
      "llama2_7b,   225, 6607077376, 13531294466048, 1099511627776"})
  void transformersMatchHandDerivedCounts(String model, int stages, long weights, long macs, long attention) {
    long[] t = totals(ModelZoo.build(model));
    assertThat(t).containsExactly(stages, weights, macs, attention);
  }

  static List<String> allNames() {
    return ModelZoo.names();
  }

  @ParameterizedTest
  @MethodSource("allNames")
  void everyModelBuildsAndValidates(String model) {
    Network net = ModelZoo.build(model);
    assertThat(net.name()).isEqualTo(model);
    assertThat(net.inputs()).containsExactly("input");
    TensorDecl in = net.tensor("input");
    assertThat(in.dim(0)).isEqualTo(1);
    if (in.rank() == 4) {
      assertThat(in.shape()).containsExactly(1L, 3L, 224L, 224L);
    }
    for (String out : net.outputs()) {
      assertThat(net.tensor(out).dim(0)).isEqualTo(1);
    }
    StageGraph g = StageGraph.of(net);
    assertThat(g.size()).isEqualTo(net.weightedOperators().size()).isPositive();
    // every stage does work and every edge goes forward in the linear order
    assertThat(g.stages()).allSatisfy(s -> assertThat(s.macsPerImage()).isPositive());
    assertThat(g.edges()).allSatisfy(e -> assertThat(e.from()).isLessThan(e.to()));
  }

  @Test
  void namesListsAllTwentyModels() {
    assertThat(ModelZoo.names()).containsExactly(
        "squeezenet1_0", "squeezenet1_1", "alexnet", "vgg11", "vgg16", "vgg19",
        "resnet18", "resnet34", "resnet50", "resnet101", "resnet152",
        "mobilenet_v2", "googlenet", "vit_b_16", "bert_base",
        "gpt2", "gpt2_medium", "gpt2_large", "gpt2_xl", "llama2_7b");
  }

  @Test
  void unknownNameListsTheValidOnes() {
    assertThatThrownBy(() -> ModelZoo.build("resnet"))
        .isInstanceOf(InputException.class)
        .hasMessageStartingWith("model: unknown model 'resnet'; valid names: squeezenet1_0, ")
        .hasMessageContaining("resnet18")
        .hasMessageEndingWith("llama2_7b");
  }
}
