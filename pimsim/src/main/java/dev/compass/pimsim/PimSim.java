package dev.compass.pimsim;

import dev.compass.formulation.graph.StageGraph;
import dev.compass.formulation.hardware.HardwareSpec;
import dev.compass.formulation.mapping.Mapping;
import dev.compass.formulation.network.Network;
import dev.compass.formulation.plan.PartitionPlan;
import dev.compass.pimsim.compile.Compiler;
import dev.compass.pimsim.program.Program;
import dev.compass.pimsim.program.ProgramJson;
import dev.compass.pimsim.sim.ScheduleBound;
import dev.compass.pimsim.sim.SimOptions;
import dev.compass.pimsim.sim.SimResult;
import dev.compass.pimsim.sim.SimResultJson;
import dev.compass.pimsim.sim.Simulator;
import dev.compass.pimsim.trace.Trace;

/**
 * The simulator's entry points: compile a plan into a {@link Program}, simulate it over a batch.
 * Library only: nothing here prints or exits; bad input is an
 * {@link dev.compass.formulation.InputException} naming partition, stage, rule and numbers.
 *
 * <pre>{@code
 * Program prog = PimSim.compile(network, hardware, plan);   // compass compile
 * SimResult r = PimSim.simulate(prog, 16);                  // compass simulate --batch 16
 * Trace t = new Trace();
 * PimSim.simulate(prog, 16, t);  t.write(Path.of("trace.json"));
 * double lb = PimSim.lowerBound(prog, 16).latencySeconds(); // no execution is faster
 * }</pre>
 */
public final class PimSim {
  private PimSim() {}

  /** Compiles a plan for a network on a chip (placement, weight phase, compute phase). */
  public static Program compile(Network network, HardwareSpec hardware, PartitionPlan plan) {
    return compile(Mapping.of(StageGraph.of(network), hardware), plan);
  }

  /** Compiles a plan for an already mapped network. */
  public static Program compile(Mapping mapping, PartitionPlan plan) {
    return Compiler.compile(mapping, plan);
  }

  /** Simulates a program over {@code batch} images. */
  public static SimResult simulate(Program program, int batch) {
    return Simulator.run(program, batch);
  }

  /** Simulates a program over {@code batch} images with explicit options (event granularity). */
  public static SimResult simulate(Program program, int batch, SimOptions options) {
    return Simulator.run(program, batch, options);
  }

  /** Simulates a program over {@code batch} images, recording the timeline into {@code trace}. */
  public static SimResult simulate(Program program, int batch, Trace trace) {
    return Simulator.run(program, batch, SimOptions.DEFAULT, trace);
  }

  /** Simulates with explicit options, recording the timeline into {@code trace}. */
  public static SimResult simulate(Program program, int batch, SimOptions options, Trace trace) {
    return Simulator.run(program, batch, options, trace);
  }

  /** Compiles and simulates in one step. */
  public static SimResult simulate(Network network, HardwareSpec hardware, PartitionPlan plan, int batch) {
    return simulate(compile(network, hardware, plan), batch);
  }

  /**
   * A lower bound on the latency of any execution of {@code program} over {@code batch} images
   * (every granularity, every DRAM and vector-unit arbitration); see {@link ScheduleBound}.
   */
  public static ScheduleBound.Bound lowerBound(Program program, int batch) {
    return ScheduleBound.of(program, batch);
  }

  /** The program as readable JSON. */
  public static String toJson(Program program) {
    return ProgramJson.write(program);
  }

  /** The result as JSON (field names as {@code compass evaluate} where they mean the same). */
  public static String toJson(SimResult result) {
    return SimResultJson.write(result);
  }
}
