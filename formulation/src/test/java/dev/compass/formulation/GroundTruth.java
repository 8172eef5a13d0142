package dev.compass.formulation;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.compass.formulation.graph.Stage;
import dev.compass.formulation.graph.StageGraph;
import dev.compass.formulation.network.Conv;
import dev.compass.formulation.network.Dense;
import dev.compass.formulation.network.Network;
import dev.compass.formulation.network.TensorDecl;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * PyTorch ground truth for one model: {@code NAME.layers.json} from the shared folder
 * ({@code $compass.shared/models/onnx/}, written by {@code export_models.py} from PyTorch forward
 * hooks), and a comparison of a {@link Network}'s stages against it.
 *
 * <p>Usage in a test:
 *
 * <pre>{@code
 * GroundTruth gt = GroundTruth.load("resnet18");
 * assertThat(gt.mismatches(network)).isEmpty();
 * }</pre>
 *
 * <p>{@link #mismatches(Network)} compares {@code StageGraph.of(net).stages()}, in order, with the
 * ground-truth layers in execution order ({@code index}): name, kind (Conv = {@code conv}, Dense =
 * {@code linear}), conv in/out channels, kernel, stride, padding (symmetric, as PyTorch's
 * {@code [ph, pw]}), dilation and groups, linear in/out features, input and output shapes, weight
 * parameters and MACs; then the network's input and output shapes and the totals: number of weighted
 * layers, weight parameters (biases excluded), MACs and attention MACs (activation x activation
 * products, which the ground truth keeps out of {@code macs}).
 */
public record GroundTruth(
    String model, List<Long> inputShape, List<Long> outputShape, Totals totals, List<Layer> layers) {

  public GroundTruth {
    Objects.requireNonNull(model, "model");
    inputShape = List.copyOf(inputShape);
    outputShape = List.copyOf(outputShape);
    Objects.requireNonNull(totals, "totals");
    layers = layers.stream().sorted(java.util.Comparator.comparingInt(Layer::index)).toList();
  }

  /** The totals block of {@code layers.json} (the fields this helper uses). */
  public record Totals(
      int weightedLayers,
      int convLayers,
      int linearLayers,
      long weightParams,
      long biasParams,
      long macs,
      long attentionMatmulMacs,
      long modelParamsAll) {}

  /**
   * One weighted layer (a Conv2d or Linear call). Conv fields are 0 / empty for linear layers and
   * vice versa.
   */
  public record Layer(
      int index,
      String name,
      String kind,
      long inChannels,
      long outChannels,
      List<Integer> kernelSize,
      List<Integer> stride,
      List<Integer> padding,
      List<Integer> dilation,
      int groups,
      long inFeatures,
      long outFeatures,
      List<Long> inputShape,
      List<Long> outputShape,
      long weightParams,
      long macs,
      int calls) {

    public Layer {
      kernelSize = kernelSize == null ? List.of() : List.copyOf(kernelSize);
      stride = stride == null ? List.of() : List.copyOf(stride);
      padding = padding == null ? List.of() : List.copyOf(padding);
      dilation = dilation == null ? List.of() : List.copyOf(dilation);
      inputShape = List.copyOf(inputShape);
      outputShape = List.copyOf(outputShape);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  /** The shared folder, from the system property {@code compass.shared} (surefire sets it). */
  public static Path sharedDir() {
    String dir = System.getProperty("compass.shared");
    if (dir == null || dir.isBlank()) {
      throw new IllegalStateException("system property compass.shared is not set (surefire sets it to <repo>/../shared)");
    }
    return Path.of(dir);
  }

  /** {@code $compass.shared/models/onnx/NAME.onnx}. */
  public static Path onnxFile(String model) {
    return sharedDir().resolve("models").resolve("onnx").resolve(model + ".onnx");
  }

  /** Loads {@code $compass.shared/models/onnx/MODEL.layers.json}. */
  public static GroundTruth load(String model) {
    return load(sharedDir().resolve("models").resolve("onnx").resolve(model + ".layers.json"));
  }

  /** Loads a {@code layers.json} file. */
  public static GroundTruth load(Path file) {
    try {
      return JSON.readValue(Files.readAllBytes(file), GroundTruth.class);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read ground truth " + file, e);
    }
  }

  /**
   * Everything in which {@code net} differs from this ground truth, one readable line each (empty
   * when they agree), e.g. {@code "stage 3 (layer1.0.conv2): kernel [1, 1], expected [3, 3]"}.
   */
  public List<String> mismatches(Network net) {
    List<String> out = new ArrayList<>();
    StageGraph g = StageGraph.of(net);
    List<Stage> stages = g.stages();
    if (stages.size() != layers.size()) {
      out.add("stages: " + stages.size() + " weighted operators, expected " + layers.size() + " layers");
    }
    int n = Math.min(stages.size(), layers.size());
    for (int i = 0; i < n; i++) {
      compare(net, stages.get(i), layers.get(i), out);
    }
    for (int i = n; i < stages.size(); i++) {
      out.add("stage " + i + " (" + stages.get(i).name() + "): extra, not in the ground truth");
    }
    for (int i = n; i < layers.size(); i++) {
      out.add("layer " + i + " (" + layers.get(i).name() + "): missing in the network");
    }
    check(out, "network", "input shape", net.tensor(net.inputs().get(0)).shape(), inputShape);
    check(out, "network", "output shape", net.tensor(net.outputs().get(0)).shape(), outputShape);
    long params = 0;
    long macs = 0;
    long attention = 0;
    for (Stage s : stages) {
      params += s.weights();
      macs += s.macsPerImage();
      attention += s.attentionMacs();
    }
    check(out, "totals", "weighted layers", (long) stages.size(), (long) totals.weightedLayers());
    check(out, "totals", "weight params", params, totals.weightParams());
    check(out, "totals", "MACs", macs, totals.macs());
    check(out, "totals", "attention MACs", attention, totals.attentionMatmulMacs());
    return out;
  }

  private static void compare(Network net, Stage s, Layer l, List<String> out) {
    String where = "stage " + s.index() + " (" + s.name() + ")";
    check(out, where, "name", s.name(), l.name());
    TensorDecl in;
    TensorDecl o;
    if (s.operator() instanceof Conv c) {
      check(out, where, "kind", "conv", l.kind());
      in = net.tensor(c.input());
      o = net.tensor(c.output());
      if (l.kind().equals("conv")) {
        check(out, where, "in channels", in.dim(1), l.inChannels());
        check(out, where, "out channels", c.outChannels(), l.outChannels());
        check(out, where, "kernel", c.kernel(), l.kernelSize());
        check(out, where, "stride", c.stride(), l.stride());
        List<Integer> p = c.pads();
        Object padding = p.get(0).equals(p.get(2)) && p.get(1).equals(p.get(3))
            ? List.of(p.get(0), p.get(1)) : "asymmetric " + p;
        check(out, where, "padding", padding, l.padding());
        check(out, where, "dilation", c.dilation(), l.dilation());
        check(out, where, "groups", c.groups(), l.groups());
      }
    } else {
      Dense d = (Dense) s.operator();
      check(out, where, "kind", "linear", l.kind());
      in = net.tensor(d.input());
      o = net.tensor(d.output());
      if (l.kind().equals("linear")) {
        check(out, where, "in features", d.inFeatures(), l.inFeatures());
        check(out, where, "out features", d.outFeatures(), l.outFeatures());
      }
    }
    check(out, where, "input shape", in.shape(), l.inputShape());
    check(out, where, "output shape", o.shape(), l.outputShape());
    check(out, where, "weight params", s.weights(), l.weightParams());
    check(out, where, "MACs", s.macsPerImage(), l.macs() / Math.max(1, l.calls()));
  }

  private static void check(List<String> out, String where, String what, Object got, Object expected) {
    if (!Objects.equals(got, expected)) {
      out.add(where + ": " + what + " " + got + ", expected " + expected);
    }
  }
}
