package dev.compass.bench.jmh;

import dev.compass.costmodel.CostModel;
import dev.compass.formulation.hardware.HardwarePresets;
import dev.compass.formulation.mapping.Mapping;
import dev.compass.formulation.plan.Objective;
import dev.compass.formulation.plan.PartitionPlan;
import dev.compass.formulation.zoo.ModelZoo;
import dev.compass.pimsim.PimSim;
import dev.compass.pimsim.program.Program;
import dev.compass.pimsim.sim.SimOptions;
import dev.compass.solvers.SolverOptions;
import dev.compass.solvers.dp.DpSolver;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The simulator's speed budget (issue "simulator", item 5: resnet50, batch 16, compass-m in under
 * 2 s): compile the DP's LATENCY plan and simulate it over the batch, at the default granularity
 * ({@code K = 64}), coarser and finer. The plan and the mapping are built once (setup); each invocation
 * compiles and simulates from scratch and returns the simulated latency.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xss8m")
public class SimulatorBench {
  @Param({"resnet50:compass-m"})
  public String instance;

  @Param({"16"})
  public int batch;

  /** Segments per (image, stage), {@link SimOptions#segments()}; 64 is the default. */
  @Param({"16", "64", "256"})
  public int segments;

  private Mapping mapping;
  private PartitionPlan plan;
  private SimOptions options;

  @Setup(Level.Trial)
  public void setUp() {
    String[] p = instance.split(":");
    CostModel m = CostModel.of(ModelZoo.build(p[0]), HardwarePresets.get(p[1]), batch);
    plan = new DpSolver().solve(m, Objective.LATENCY, SolverOptions.DEFAULT).plan();
    mapping = m.mapping();
    options = new SimOptions(segments);
  }

  @Benchmark
  public double compileAndSimulate() {
    Program prog = PimSim.compile(mapping, plan);
    return PimSim.simulate(prog, batch, options).latencySeconds();
  }
}
