package dev.compass.formulation.zoo;

import dev.compass.formulation.InputException;
import dev.compass.formulation.network.Network;
import java.util.List;

/**
 * The built-in networks, built by code with {@link dev.compass.formulation.network.NetworkBuilder}.
 *
 * <p>Conventions shared by every model: one image (or one token sequence) per inference, so every
 * tensor has a leading dimension 1; the network input tensor is named {@code input}
 * ({@code [1, 3, 224, 224]} for the CNNs and ViT, token ids {@code [1, n]} for the language
 * models); weighted operators are named as PyTorch names their modules ({@code layer1.0.conv1},
 * {@code features.0}, {@code transformer.h.0.attn.c_attn}, ...) and listed in PyTorch's execution
 * order, which is the ONNX node order. The graphs mirror a PyTorch ONNX export in eval mode:
 * BatchNorm folded into the convolutions, no Dropout, ReLU6 as {@code Clip}, residual {@code Add}s
 * reading the skip tensor, {@code Concat} views, activation-by-activation products (attention) as
 * {@code MatMul} vector operators carrying their MACs per image. The eight torchvision models also
 * shipped as ONNX files ({@code resnet18}, {@code resnet50}, {@code vgg16}, {@code squeezenet1_0},
 * {@code mobilenet_v2}, {@code alexnet}, {@code googlenet}, {@code vit_b_16}) give the same stages
 * and stage edges as their imports. Each family's class documents its source.
 */
public final class ModelZoo {
  private ModelZoo() {}

  private static final List<String> NAMES = List.of(
      "squeezenet1_0", "squeezenet1_1", "alexnet", "vgg11", "vgg16", "vgg19",
      "resnet18", "resnet34", "resnet50", "resnet101", "resnet152",
      "mobilenet_v2", "googlenet", "vit_b_16", "bert_base",
      "gpt2", "gpt2_medium", "gpt2_large", "gpt2_xl", "llama2_7b");

  /** The names {@link #build(String)} accepts, in a fixed order (CNNs first, then transformers). */
  public static List<String> names() {
    return NAMES;
  }

  /**
   * Builds the model called {@code name}.
   *
   * @throws InputException for a name not in {@link #names()}; the message lists the valid names
   */
  public static Network build(String name) {
    if (name == null) {
      throw new InputException("model", "no model name given; valid names: " + String.join(", ", NAMES));
    }
    return switch (name) {
      case "squeezenet1_0" -> SqueezeNets.v10();
      case "squeezenet1_1" -> SqueezeNets.v11();
      case "alexnet" -> AlexNet.build();
      case "vgg11" -> Vggs.build(name, Vggs.VGG11);
      case "vgg16" -> Vggs.build(name, Vggs.VGG16);
      case "vgg19" -> Vggs.build(name, Vggs.VGG19);
      case "resnet18" -> ResNets.build(name, false, 2, 2, 2, 2);
      case "resnet34" -> ResNets.build(name, false, 3, 4, 6, 3);
      case "resnet50" -> ResNets.build(name, true, 3, 4, 6, 3);
      case "resnet101" -> ResNets.build(name, true, 3, 4, 23, 3);
      case "resnet152" -> ResNets.build(name, true, 3, 8, 36, 3);
      case "mobilenet_v2" -> MobileNetV2.build();
      case "googlenet" -> GoogLeNet.build();
      case "vit_b_16" -> VisionTransformer.vitB16();
      case "bert_base" -> Bert.base();
      case "gpt2" -> Gpt2.build(name, 12, 768, 12);
      case "gpt2_medium" -> Gpt2.build(name, 24, 1024, 16);
      case "gpt2_large" -> Gpt2.build(name, 36, 1280, 20);
      case "gpt2_xl" -> Gpt2.build(name, 48, 1600, 25);
      case "llama2_7b" -> llama(LlamaConfig.llama2_7b());
      default -> throw new InputException("model", "unknown model '" + name + "'; valid names: " + String.join(", ", NAMES));
    };
  }

  /** A LLaMA-style decoder of the given shape (see {@link LlamaConfig}), as {@code LlamaForCausalLM} prefill. */
  public static Network llama(LlamaConfig cfg) {
    return Llama.build(cfg);
  }
}
