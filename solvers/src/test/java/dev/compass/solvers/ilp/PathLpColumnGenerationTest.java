package dev.compass.solvers.ilp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.compass.costmodel.CostModel;
import dev.compass.costmodel.FormulationTables;
import dev.compass.formulation.hardware.HardwarePresets;
import dev.compass.formulation.zoo.ModelZoo;
import dev.compass.solvers.SolverOptions;
import dev.compass.solvers.certificate.Facet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code lp-path}'s column generation keeps one restricted master (one GLOP model) across the weighted solves of an
 * EDP search: each later solve changes the objective, adds a few columns and re-solves from the previous basis. That
 * re-solved master must reach the same optimum as a master built from scratch for the same weights, and both must
 * equal the shortest path over every column of the table ({@code Candidates.labels}: a DAG relaxation that uses
 * neither GLOP nor the master). The potentials of every solve must satisfy every column's dual inequality.
 */
class PathLpColumnGenerationTest {

  private static final double TOL = PathFormulation.GLOP_TOLERANCE;

  @Test
  void aMasterKeptAcrossWeightsReachesTheSameOptimumAsOneBuiltFromScratch() {
    CostModel m = CostModel.of(ModelZoo.build("resnet50"), HardwarePresets.get("compass-s"), 16);
    PathColumns cols = new PathColumns(m, FormulationTables.candidates(m));
    PathFormulation warm = new PathFormulation(cols, PathFormulation.Backend.GLOP, SolverOptions.DEFAULT, "test");
    try {
      Weighted fast = warm.solve(1, 0, 0);
      Weighted frugal = warm.solve(0, 1, 0);
      // the first hull segment's slope, and weights on both sides of it: the master is re-solved four times
      double lambda = (fast.energy() - frugal.energy()) / (frugal.latency() - fast.latency());
      List<double[]> weights = List.of(new double[] {1, 0}, new double[] {0, 1}, new double[] {lambda, 1},
          new double[] {lambda / 4, 1}, new double[] {4 * lambda, 1}, new double[] {1, 0});
      List<Weighted> warmSolves = new ArrayList<>(List.of(fast, frugal));
      for (double[] w : weights.subList(2, weights.size())) warmSolves.add(warm.solve(w[0], w[1], 0));
      assertThat((Integer) fast.statistics().get("pricingRounds")).as("the first solve prices more than once").isGreaterThan(1);
      assertThat((Integer) fast.statistics().get("columns")).as("a restricted master").isLessThan(cols.size);
      for (int k = 0; k < weights.size(); k++) {
        double a = weights.get(k)[0];
        double b = weights.get(k)[1];
        Weighted w = warmSolves.get(k);
        String what = "weights (" + a + ", " + b + ")";
        assertThat(w.proven()).as(what).isTrue();
        assertThat(w.statistics().get("warmStart")).as(what).isEqualTo(k > 0);
        double value = a * w.latency() + b * w.energy();
        double[] labels = cols.labels(a, b);
        double shortest = labels[cols.units] - labels[0];
        assertThat(value).as(what + " vs the shortest path").isCloseTo(shortest, org.assertj.core.data.Offset.offset(TOL * shortest));
        PathFormulation fresh = new PathFormulation(cols, PathFormulation.Backend.GLOP, SolverOptions.DEFAULT, "test");
        try {
          Weighted f = fresh.solve(a, b, 0);
          assertThat(f.statistics().get("warmStart")).isEqualTo(false);
          double fv = a * f.latency() + b * f.energy();
          assertThat(value).as(what + " vs a master built from scratch").isCloseTo(fv, org.assertj.core.data.Offset.offset(TOL * fv));
        } finally {
          fresh.close();
        }
        Facet facet = w.facet().orElseThrow();
        double[] pi = facet.potentials();
        assertThat(pi[cols.units] - pi[0]).as(what + " dual value").isCloseTo(value, org.assertj.core.data.Offset.offset(1e-8 * value));
        for (int c = 0; c < cols.size; c++) {
          double cost = cols.cost(c, a, b);
          assertThat(pi[cols.last(c) + 1] - pi[cols.first(c)]).as(what + " column " + c).isLessThanOrEqualTo(cost + 1e-9 * value);
        }
      }
    } finally {
      warm.close();
    }
  }
}
