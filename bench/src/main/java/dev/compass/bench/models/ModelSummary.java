package dev.compass.bench.models;

import dev.compass.formulation.graph.Stage;
import dev.compass.formulation.graph.StageGraph;
import dev.compass.formulation.network.Network;

/**
 * The size of a network as {@code compass models} lists it (FORMULATION.md §2-3).
 *
 * @param name the network's name
 * @param stages weighted operators (stages)
 * @param weightParams weight parameters, {@code sum_s H*W*g} (biases excluded)
 * @param macsPerImage crossbar MACs per image, {@code sum_s P*H*W*g}
 * @param attentionMacs activation-by-activation MACs per image (vector units)
 */
public record ModelSummary(String name, int stages, long weightParams, long macsPerImage, long attentionMacs) {

  /** Summarizes a network through its stage graph, under the network's own name. */
  public static ModelSummary of(Network net) {
    return of(net.name(), net);
  }

  /** Summarizes a network through its stage graph, under {@code name} (e.g. its zoo name). */
  public static ModelSummary of(String name, Network net) {
    StageGraph g = StageGraph.of(net);
    long weights = 0;
    long macs = 0;
    long attention = 0;
    for (Stage s : g.stages()) {
      weights = Math.addExact(weights, s.weights());
      macs = Math.addExact(macs, s.macsPerImage());
      attention = Math.addExact(attention, s.attentionMacs());
    }
    return new ModelSummary(name, g.size(), weights, macs, attention);
  }
}
