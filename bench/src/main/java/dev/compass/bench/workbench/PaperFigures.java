package dev.compass.bench.workbench;

import java.util.Map;
import java.util.Optional;

/**
 * The COMPASS paper's (DATE 2025) reported improvements of its genetic partitioning over the
 * baselines: throughput per network, EDP as an average over the networks.
 */
public final class PaperFigures {
  private PaperFigures() {}

  /** Throughput of COMPASS over greedy, per zoo model name. */
  public static final Map<String, Double> THROUGHPUT_VS_GREEDY = Map.of("vgg16", 1.80, "resnet18", 1.71, "squeezenet1_0", 2.24);
  /** Throughput of COMPASS over layerwise, per zoo model name. */
  public static final Map<String, Double> THROUGHPUT_VS_LAYERWISE = Map.of("vgg16", 1.56, "resnet18", 1.31, "squeezenet1_0", 1.98);
  /** EDP improvement over greedy, averaged over the networks. */
  public static final double EDP_VS_GREEDY = 1.28;
  /** EDP improvement over layerwise, averaged over the networks. */
  public static final double EDP_VS_LAYERWISE = 2.08;

  /**
   * The paper's improvement of {@code objective} over {@code baseline} ({@code greedy} or {@code
   * layerwise}) for a model: throughput (objective {@code latency}) per model, EDP as the average.
   */
  public static Optional<Double> ratio(String model, String objective, String baseline) {
    boolean greedy = baseline.equals("greedy");
    if (!greedy && !baseline.equals("layerwise")) return Optional.empty();
    return switch (objective) {
      case "latency" -> Optional.ofNullable((greedy ? THROUGHPUT_VS_GREEDY : THROUGHPUT_VS_LAYERWISE).get(model));
      case "edp" -> Optional.of(greedy ? EDP_VS_GREEDY : EDP_VS_LAYERWISE);
      default -> Optional.empty();
    };
  }
}
