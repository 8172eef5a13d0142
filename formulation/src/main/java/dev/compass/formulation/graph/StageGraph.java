package dev.compass.formulation.graph;

import dev.compass.formulation.network.Conv;
import dev.compass.formulation.network.Dense;
import dev.compass.formulation.network.Network;
import dev.compass.formulation.network.Operator;
import dev.compass.formulation.network.TensorDecl;
import dev.compass.formulation.network.VectorOp;
import dev.compass.formulation.network.View;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The stage graph of a network (FORMULATION.md §2, §8.2–8.4, §8.8).
 *
 * <ul>
 *   <li>Each weighted operator is a stage, numbered in the network's order.
 *   <li>Views are resolved: a view's output stands for the tensors it passes (Concat: all inputs,
 *       the others: input 0), recursively.
 *   <li>Constants (declared constant tensors, and outputs of operators whose inputs are all
 *       constant) belong to no stage and carry no traffic.
 *   <li>A vector operator belongs to the stage of its latest weighted producer: the largest stage
 *       among its inputs' producers, where a vector producer stands for its own weighted producer.
 *       One with no weighted producer belongs to the smallest stage among the stages that consume
 *       it, directly or through vector operators; if nothing consumes it (it only feeds network
 *       outputs), to the last stage.
 *   <li>Stage edges join the producer stage of each tensor to every other stage that reads it, with
 *       the tensor's elements per image (several tensors on one edge add up).
 * </ul>
 */
public final class StageGraph {
  private final Network network;
  private final List<Stage> stages;
  private final List<StageEdge> edges;
  private final List<TrafficTensor> tensors;
  private final int[] operatorStage;

  private StageGraph(Network network, List<Stage> stages, List<StageEdge> edges, List<TrafficTensor> tensors, int[] operatorStage) {
    this.network = network;
    this.stages = List.copyOf(stages);
    this.edges = List.copyOf(edges);
    this.tensors = List.copyOf(tensors);
    this.operatorStage = operatorStage;
  }

  public Network network() { return network; }

  /** Stages in linear order. */
  public List<Stage> stages() { return stages; }

  /** Stage edges, sorted by (from, to). */
  public List<StageEdge> edges() { return edges; }

  /** Tensors that can cross partition boundaries (network inputs and operator outputs). */
  public List<TrafficTensor> tensors() { return tensors; }

  /** The stage an operator belongs to (index in {@link Network#operators()}), or -1 for views and constant operators. */
  public int stageOfOperator(int operatorIndex) { return operatorStage[operatorIndex]; }

  public int size() { return stages.size(); }

  public Stage stage(int i) { return stages.get(i); }

  /** Builds the stage graph of a (validated) network. */
  public static StageGraph of(Network net) {
    List<Operator> ops = net.operators();
    Map<String, TensorDecl> decl = net.index();
    Set<String> constants = new HashSet<>();
    for (TensorDecl t : net.tensors()) if (t.constant()) constants.add(t.name());
    Map<String, Integer> producerOp = new HashMap<>();
    Map<String, List<String>> resolved = new HashMap<>();
    for (String in : net.inputs()) resolved.put(in, List.of(in));
    boolean[] constantOp = new boolean[ops.size()];
    int[] weightedStage = new int[ops.size()];
    Arrays.fill(weightedStage, -1);
    int nStages = 0;
    for (int i = 0; i < ops.size(); i++) {
      Operator op = ops.get(i);
      if (op.weighted()) {
        weightedStage[i] = nStages++;
      } else if (op.inputs().stream().allMatch(constants::contains)) {
        constantOp[i] = true;
        constants.addAll(op.outputs());
        continue;
      }
      if (op instanceof View v) {
        Set<String> real = new LinkedHashSet<>();
        for (String in : v.inputs()) if (!constants.contains(in)) real.addAll(resolved.get(in));
        resolved.put(v.output(), List.copyOf(real));
      } else {
        for (String out : op.outputs()) {
          resolved.put(out, List.of(out));
          producerOp.put(out, i);
        }
      }
    }
    // consumers (non-view, non-constant operators) of each real tensor
    Map<String, Set<Integer>> consumerOps = new HashMap<>();
    for (int i = 0; i < ops.size(); i++) {
      Operator op = ops.get(i);
      if (op instanceof View || constantOp[i]) continue;
      for (String in : op.inputs()) {
        if (constants.contains(in)) continue;
        for (String r : resolved.get(in)) consumerOps.computeIfAbsent(r, k -> new TreeSet<>()).add(i);
      }
    }
    // latest weighted producer of each vector operator
    int[] stageOf = weightedStage.clone();
    for (int i = 0; i < ops.size(); i++) {
      Operator op = ops.get(i);
      if (op.weighted() || op instanceof View || constantOp[i]) continue;
      int wp = -1;
      for (String in : op.inputs()) {
        if (constants.contains(in)) continue;
        for (String r : resolved.get(in)) {
          Integer p = producerOp.get(r);
          if (p != null) wp = Math.max(wp, stageOf[p]);
        }
      }
      stageOf[i] = wp;
    }
    // operators without a weighted producer: smallest consuming stage (reverse order)
    for (int i = ops.size() - 1; i >= 0; i--) {
      Operator op = ops.get(i);
      if (op.weighted() || op instanceof View || constantOp[i] || stageOf[i] >= 0) continue;
      int best = Integer.MAX_VALUE;
      for (String out : op.outputs()) {
        for (int c : consumerOps.getOrDefault(out, Set.of())) {
          if (stageOf[c] >= 0) best = Math.min(best, stageOf[c]);
        }
      }
      stageOf[i] = best == Integer.MAX_VALUE ? nStages - 1 : best;
    }
    // stages
    List<List<String>> vectorNames = new ArrayList<>();
    long[] attention = new long[nStages];
    for (int s = 0; s < nStages; s++) vectorNames.add(new ArrayList<>());
    for (int i = 0; i < ops.size(); i++) {
      if (ops.get(i) instanceof VectorOp v && !constantOp[i]) {
        vectorNames.get(stageOf[i]).add(v.name());
        attention[stageOf[i]] += v.macs();
      }
    }
    List<Stage> stages = new ArrayList<>();
    for (int i = 0; i < ops.size(); i++) {
      Operator op = ops.get(i);
      if (!op.weighted()) continue;
      int s = stageOf[i];
      if (op instanceof Conv c) {
        TensorDecl in = decl.get(c.input());
        TensorDecl out = decl.get(c.output());
        long cin = in.dim(1);
        long h = (long) c.kh() * c.kw() * (cin / c.groups());
        long w = c.outChannels() / c.groups();
        long p = out.dim(2) * out.dim(3);
        stages.add(new Stage(s, c.name(), c, h, w, c.groups(), p, attention[s], vectorNames.get(s)));
      } else {
        Dense d = (Dense) op;
        long outElements = decl.get(d.output()).elements();
        stages.add(new Stage(s, d.name(), d, d.inFeatures(), d.outFeatures(), 1, outElements / d.outFeatures(),
            attention[s], vectorNames.get(s)));
      }
    }
    // traffic tensors and edges
    Set<String> outputs = new HashSet<>();
    for (String o : net.outputs()) if (!constants.contains(o)) outputs.addAll(resolved.get(o));
    List<TrafficTensor> traffic = new ArrayList<>();
    Map<Long, Long> edgeElements = new TreeMap<>();
    List<String> realTensors = new ArrayList<>(net.inputs());
    for (int i = 0; i < ops.size(); i++) {
      if (!(ops.get(i) instanceof View) && !constantOp[i]) realTensors.addAll(ops.get(i).outputs());
    }
    for (String t : realTensors) {
      Integer p = producerOp.get(t);
      int producer = p == null ? -1 : stageOf[p];
      Set<Integer> cons = new TreeSet<>();
      for (int c : consumerOps.getOrDefault(t, Set.of())) if (stageOf[c] != producer) cons.add(stageOf[c]);
      long elements = decl.get(t).elements();
      traffic.add(new TrafficTensor(t, producer, elements, List.copyOf(cons), outputs.contains(t)));
      if (producer >= 0) {
        for (int c : cons) {
          if (c < producer) {
            throw new IllegalStateException("stage edge against the linear order: " + t + " from stage " + producer + " to " + c);
          }
          edgeElements.merge(((long) producer << 32) | c, elements, Long::sum);
        }
      }
    }
    List<StageEdge> edges = new ArrayList<>();
    edgeElements.forEach((key, el) -> edges.add(new StageEdge((int) (key >>> 32), (int) (key & 0xffffffffL), el)));
    int[] operatorStage = new int[ops.size()];
    for (int i = 0; i < ops.size(); i++) {
      operatorStage[i] = (ops.get(i) instanceof View || constantOp[i]) ? -1 : stageOf[i];
    }
    return new StageGraph(net, stages, edges, traffic, operatorStage);
  }
}
