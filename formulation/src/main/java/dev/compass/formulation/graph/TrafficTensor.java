package dev.compass.formulation.graph;

import java.util.List;

/**
 * A tensor that may cross a partition boundary: the output of a weighted or vector operator, or a
 * network input. Views are resolved away (their outputs are their inputs) and constants carry no
 * traffic, so neither appears here.
 *
 * @param name tensor name
 * @param producer the producing stage, or {@code -1} for a network input
 * @param elements elements per image
 * @param consumers the stages that read it, sorted, without the producer itself (a stage reads a
 *     tensor when its weighted operator or one of its vector operators reads it)
 * @param output true if it is (part of) a network output
 */
public record TrafficTensor(String name, int producer, long elements, List<Integer> consumers, boolean output) {

  public TrafficTensor {
    consumers = List.copyOf(consumers);
  }

  public boolean networkInput() {
    return producer < 0;
  }
}
