package dev.compass.bench.jmh;

import dev.compass.costmodel.CostModel;
import dev.compass.formulation.hardware.HardwarePresets;
import dev.compass.formulation.plan.Objective;
import dev.compass.formulation.zoo.ModelZoo;
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
 * A whole DP solve with weight prefetch (FORMULATION.md §9) on one core: the candidate table, the pair
 * DP over candidates and the certificate, the cost model's tables already built. The chip is the
 * preset with {@code prefetch = true}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xss8m")
public class PairDpBench {
  @Param({"resnet50:compass-s", "gpt2_xl:compass-l"})
  public String instance;

  @Param({"latency"})
  public String objective;

  @Param({"16"})
  public int batch;

  private CostModel model;
  private Objective obj;

  @Setup(Level.Trial)
  public void setUp() {
    String[] p = instance.split(":");
    model = CostModel.of(ModelZoo.build(p[0]), HardwarePresets.get(p[1]).withPrefetch(true), batch);
    obj = Objective.parse(objective);
  }

  @Benchmark
  public double solve() {
    return new DpSolver().solve(model, obj, SolverOptions.DEFAULT).objectiveValue();
  }
}
