package dev.compass.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.compass.costmodel.CostModel;
import dev.compass.formulation.hardware.HardwarePresets;
import dev.compass.formulation.zoo.ModelZoo;
import dev.compass.solvers.SupportedPointSearch;
import dev.compass.solvers.dp.SegmentOptimizer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The DP's EDP search is pruned ({@link SegmentOptimizer#minEdp()}): it must end at the least {@code E*T} of the whole
 * hull, which the unpruned search ({@link SegmentOptimizer#hull()}, every vertex) finds independently, with no more
 * weighted solves. Fails if the pruning stops before the best vertex (checked by stopping the pruned search after
 * three weighted solves: 5 of the 6 instances fail).
 */
class DpEdpPruningTest {
  @ParameterizedTest
  @CsvSource({"squeezenet1_0,compass-s", "resnet18,compass-m", "resnet50,compass-l", "vgg16,compass-s", "vgg16,compass-l",
      "mobilenet_v2,compass-m"})
  void prunedEdpIsTheLeastOverTheWholeHull(String name, String hw) {
    CostModel m = CostModel.of(ModelZoo.build(name), HardwarePresets.get(hw), 16);
    SegmentOptimizer full = new SegmentOptimizer(m);
    var hull = full.hull().orElseThrow();
    double least = Double.POSITIVE_INFINITY;
    for (SegmentOptimizer.Solution s : hull.vertices()) least = Math.min(least, s.latency() * s.energy());
    SegmentOptimizer pruned = new SegmentOptimizer(m);
    SegmentOptimizer.Solution best = pruned.minEdp().orElseThrow();
    assertThat(best.latency() * best.energy()).isCloseTo(least, org.assertj.core.data.Offset.offset(least * SupportedPointSearch.TOLERANCE));
    assertThat(pruned.weightedSolves()).isLessThanOrEqualTo(full.weightedSolves());
  }
}
