package dev.compass.bench.jmh;

import dev.compass.costmodel.CostModel;
import dev.compass.costmodel.RangeScanner;
import dev.compass.formulation.hardware.HardwarePresets;
import dev.compass.formulation.zoo.ModelZoo;
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
 * Range evaluations per second: one {@link RangeScanner#setRange} plus a full scan of the range's
 * bottleneck targets for the LATENCY objective, over the valid ranges of the instance in a fixed
 * pseudo-random order (seed 42). This is the DP's inner loop.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Xss8m")
public class CostModelBench {
  @Param({"resnet50", "vgg16", "gpt2_xl"})
  public String model;

  @Param({"compass-s", "compass-m", "compass-l"})
  public String hw;

  @Param({"16"})
  public int batch;

  private RangeScanner scanner;
  private int[] starts;
  private int[] ends;
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    CostModel m = CostModel.of(ModelZoo.build(model), HardwarePresets.get(hw), batch);
    scanner = m.scanner();
    java.util.Random r = new java.util.Random(42);
    int n = 1 << 14;
    starts = new int[n];
    ends = new int[n];
    for (int k = 0; k < n; k++) {
      int j = r.nextInt(m.units());
      int lo = m.minFirst(j);
      starts[k] = lo + r.nextInt(j - lo + 1);
      ends[k] = j;
    }
  }

  /** One range: set it up and scan its targets; returns the best latency so that nothing is dead code. */
  @Benchmark
  public double rangeEvaluation() {
    int k = next++ & (starts.length - 1);
    scanner.setRange(starts[k], ends[k]);
    return scanner.scan(1, 0, 0, 1);
  }
}
