package dev.compass.formulation.zoo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.compass.formulation.InputException;
import dev.compass.formulation.graph.Stage;
import dev.compass.formulation.graph.StageEdge;
import dev.compass.formulation.graph.StageGraph;
import dev.compass.formulation.network.Network;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Stage structure of zoo models, derived by hand from the architectures: which tensors cross
 * between stages (residual skips, concat branches, attention), with their element counts.
 */
class ZooStructureTest {

  private static List<StageEdge> edgesFrom(StageGraph g, int from) {
    return g.edges().stream().filter(e -> e.from() == from).toList();
  }

  @Test
  void resnet18SkipTensorsCrossToTheAddsStage() {
    StageGraph g = StageGraph.of(ModelZoo.build("resnet18"));
    // stage 0 (conv1) owns relu + maxpool: 64 x 56 x 56 = 200,704 elements, read by layer1.0.conv1
    // (stage 1) and, as the skip, by layer1.0's Add in layer1.0.conv2's stage (2)
    assertThat(edgesFrom(g, 0)).containsExactly(new StageEdge(0, 1, 200_704), new StageEdge(0, 2, 200_704));
    // layer2.0: conv1 (5), conv2 (6), downsample.0 (7); the Add joins conv2 and downsample, so it
    // belongs to stage 7 and conv2's output (128 x 28 x 28 = 100,352) crosses 6 -> 7
    assertThat(g.stage(7).name()).isEqualTo("layer2.0.downsample.0");
    assertThat(g.stage(7).vectorOps()).containsExactly("layer2.0.add", "layer2.0.relu_1");
    assertThat(edgesFrom(g, 6)).containsExactly(new StageEdge(6, 7, 100_352));
    // layer1.1's output (stage 4) feeds layer2.0.conv1 and layer2.0.downsample.0
    assertThat(edgesFrom(g, 4)).containsExactly(new StageEdge(4, 5, 200_704), new StageEdge(4, 7, 200_704));
  }

  @Test
  void googlenetConcatBranchesFeedTheNextModule() {
    StageGraph g = StageGraph.of(ModelZoo.build("googlenet"));
    // stages: conv1 0, conv2 1, conv3 2, then inception3a: branch1 3, branch2.0/.1 4/5,
    // branch3.0/.1 6/7, branch4.1 8 (its max pool is a vector operator); inception3b starts at 9
    assertThat(g.stage(3).name()).isEqualTo("inception3a.branch1.conv");
    assertThat(g.stage(8).name()).isEqualTo("inception3a.branch4.1.conv");
    assertThat(g.stage(9).name()).isEqualTo("inception3b.branch1.conv");
    // inception3a.branch1's 64 x 28 x 28 = 50,176 elements pass the Concat view to inception3b's
    // branch1 (9), branch2.0 (10), branch3.0 (12), and to the branch4 max pool, which belongs to the
    // latest producer among the concat inputs, inception3a.branch4.1 (8)
    assertThat(edgesFrom(g, 3)).containsExactly(
        new StageEdge(3, 8, 50_176), new StageEdge(3, 9, 50_176),
        new StageEdge(3, 10, 50_176), new StageEdge(3, 12, 50_176));
    assertThat(g.stage(8).vectorOps()).contains("inception3b.branch4.0");
  }

  @Test
  void vitLayerZeroCrossings() {
    StageGraph g = StageGraph.of(ModelZoo.build("vit_b_16"));
    // stages: conv_proj 0, in_proj 1, out_proj 2, mlp.0 3, mlp.3 4, next in_proj 5, next out_proj 6
    // 197 x 768 = 151,296; 197 x 3072 = 605,184
    assertThat(g.edges()).startsWith(
        new StageEdge(0, 1, 151_296), // ln_1 output
        new StageEdge(0, 2, 151_296), // residual skip (class token + patches + positions)
        new StageEdge(1, 2, 151_296), // attention output (12 x 197 x 64)
        new StageEdge(2, 3, 151_296), // ln_2 output
        new StageEdge(2, 4, 151_296), // residual skip
        new StageEdge(3, 4, 605_184), // GELU output
        new StageEdge(4, 5, 151_296),
        new StageEdge(4, 6, 151_296));
    // QK^T and attn x V: 2 x 12 heads x 197 x 64 x 197 = 2 x 29,805,312 = 59,610,624
    assertThat(g.stage(1).attentionMacs()).isEqualTo(59_610_624L);
    // the head reads the class token only: 768 elements
    assertThat(edgesFrom(g, 48)).containsExactly(new StageEdge(48, 49, 768));
  }

  @Test
  void gpt2BlockCrossings() {
    StageGraph g = StageGraph.of(ModelZoo.build("gpt2"));
    assertThat(g.stages().subList(0, 5)).extracting(Stage::name).containsExactly(
        "transformer.h.0.attn.c_attn", "transformer.h.0.attn.c_proj",
        "transformer.h.0.mlp.c_fc", "transformer.h.0.mlp.c_proj", "transformer.h.1.attn.c_attn");
    assertThat(g.stage(48).name()).isEqualTo("lm_head");
    // 1024 x 768 = 786,432: attention output + embedding skip both cross 0 -> 1
    assertThat(edgesFrom(g, 0)).containsExactly(new StageEdge(0, 1, 2 * 786_432));
    assertThat(edgesFrom(g, 2)).containsExactly(new StageEdge(2, 3, 1024 * 3072));
    // 2 x 12 heads x 1024 x 64 x 1024 = 1,610,612,736, on c_attn's stage
    assertThat(g.stage(0).attentionMacs()).isEqualTo(1_610_612_736L);
    // lm_head: 1024 positions x 768 x 50257
    assertThat(g.stage(48).macsPerImage()).isEqualTo(1024L * 768 * 50257);
    // the embedding Gather has no weighted producer: it joins the first stage that reads it
    assertThat(g.stage(0).vectorOps()).startsWith("transformer.wte", "transformer.add");
  }

  @Test
  void llamaFromAConfig() {
    LlamaConfig c = new LlamaConfig("tiny", 2, 64, 4, 128, 16, 100);
    Network net = ModelZoo.llama(c);
    StageGraph g = StageGraph.of(net);
    assertThat(g.stages().subList(0, 8)).extracting(Stage::name).containsExactly(
        "model.layers.0.self_attn.q_proj", "model.layers.0.self_attn.k_proj",
        "model.layers.0.self_attn.v_proj", "model.layers.0.self_attn.o_proj",
        "model.layers.0.mlp.gate_proj", "model.layers.0.mlp.up_proj", "model.layers.0.mlp.down_proj",
        "model.layers.1.self_attn.q_proj");
    assertThat(g.size()).isEqualTo(2 * 7 + 1);
    // weights: 2 x (4 x 64^2 + 3 x 64 x 128) + 64 x 100 = 2 x (16,384 + 24,576) + 6,400 = 88,320
    assertThat(g.stages().stream().mapToLong(Stage::weights).sum()).isEqualTo(88_320L);
    // attention: QK^T on k_proj's stage, attn x V on v_proj's, 4 heads x 16 x 16 x 16 = 16,384 each
    assertThat(g.stage(1).attentionMacs()).isEqualTo(16_384L);
    assertThat(g.stage(2).attentionMacs()).isEqualTo(16_384L);
    assertThat(net.tensor(net.outputs().get(0)).shape()).containsExactly(1L, 16L, 100L);
    // v_proj (2) reads the RMSNorm output made on q_proj's stage (16 x 64 = 1,024) and hands
    // attn x V to o_proj (3); o_proj also reads the embedding skip from stage 0
    assertThat(g.edges()).contains(new StageEdge(0, 2, 1_024), new StageEdge(2, 3, 1_024), new StageEdge(0, 3, 1_024));
  }

  @Test
  void llamaPresetAndConfigChecks() {
    LlamaConfig c = LlamaConfig.llama2_7b();
    assertThat(c).isEqualTo(new LlamaConfig("llama2_7b", 32, 4096, 32, 11008, 2048, 32000));
    assertThat(c.headDim()).isEqualTo(128);
    assertThat(c.withSequence(512).sequence()).isEqualTo(512);
    assertThatThrownBy(() -> new LlamaConfig("x", 2, 100, 3, 128, 16, 100))
        .isInstanceOf(InputException.class).hasMessageStartingWith("dModel: dModel 100 must be a multiple of heads 3");
    assertThatThrownBy(() -> new LlamaConfig("x", 2, 12, 4, 128, 16, 100)) // head dim 3 is odd
        .isInstanceOf(InputException.class).hasMessageContaining("even head dimension");
    assertThatThrownBy(() -> new LlamaConfig("x", 0, 64, 4, 128, 16, 100))
        .isInstanceOf(InputException.class).hasMessage("layers: must be positive, got 0");
  }
}
