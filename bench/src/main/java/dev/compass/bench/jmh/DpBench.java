package dev.compass.bench.jmh;

import dev.compass.costmodel.CostModel;
import dev.compass.formulation.hardware.HardwarePresets;
import dev.compass.formulation.hardware.HardwareSpec;
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
 * A whole DP solve (one core), the cost model's tables already built: the time a library call takes
 * to return a certified optimum. An instance {@code model:chip} is the preset as shipped;
 * {@code model:chip:prefetch} is the preset with {@code prefetch = true} (FORMULATION.md §9), where
 * the same {@code dp} solve is the pair DP over candidates: the candidate table, the pair DP and the
 * certificate.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xss8m")
public class DpBench {
  @Param({"resnet50:compass-s", "resnet50:compass-m", "resnet50:compass-l", "vgg16:compass-s", "vgg16:compass-m",
      "vgg16:compass-l", "gpt2_xl:compass-s", "gpt2_xl:compass-m", "gpt2_xl:compass-l", "llama2_7b:compass-l",
      "resnet50:compass-s:prefetch", "gpt2_xl:compass-l:prefetch"})
  public String instance;

  @Param({"latency"})
  public String objective;

  private CostModel model;
  private Objective obj;

  @Setup(Level.Trial)
  public void setUp() {
    String[] p = instance.split(":");
    boolean prefetch = p.length > 2 && p[2].equals("prefetch");
    if (p.length > 3 || p.length == 3 && !prefetch) throw new IllegalArgumentException("instance: model:chip[:prefetch], got " + instance);
    HardwareSpec hw = HardwarePresets.get(p[1]);
    model = CostModel.of(ModelZoo.build(p[0]), prefetch ? hw.withPrefetch(true) : hw, 16);
    obj = Objective.parse(objective);
  }

  @Benchmark
  public double solve() {
    return new DpSolver().solve(model, obj, SolverOptions.DEFAULT).objectiveValue();
  }
}
