package dev.compass.bench.study;

import static org.assertj.core.api.Assertions.assertThat;

import dev.compass.bench.study.IlpStudy.Row;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The study's README table, proven-optimal line and self-check, on rows built by hand (no solver runs). Expected
 * strings are written from the README's "Exact solvers" tables (cells like {@code feas gap 70% root 8.3% 10.0s}).
 */
class IlpStudyTest {
  private static final double NONE = Double.NaN;
  private static final double NO_BOUND = Double.NEGATIVE_INFINITY;

  private static Row row(String solver, String hw, String status, double value, double bound, double gap, double seconds,
      double rootGap) {
    return new Row(solver, "squeezenet1_0", hw, 16, "latency", status, value, bound, gap, seconds, NONE, rootGap, NONE);
  }

  /**
   * Two instances, dp optimum 1e-3 on compass-s and 2e-3 on compass-m; every value and bound consistent with it.
   * Index: 0 dp/s, 1 lp-path/s, 2 cp/s, 3 dp/m, 4 lp-path/m, 5 cp/m.
   */
  private static List<Row> consistent() {
    return new ArrayList<>(List.of(
        row("dp", "compass-s", "OPTIMAL", 1e-3, 1e-3, 0, 0.04, NONE),
        // 5e-7 above dp's optimum: within the 1e-6 tolerance
        row("lp-path", "compass-s", "OPTIMAL", 1e-3 * (1 + 5e-7), 1e-3, 5e-7, 0.41, 2.2e-16),
        row("cp", "compass-s", "FEASIBLE", 1.5e-3, 0.9e-3, 0.4, 10.02, 0.0834),
        row("dp", "compass-m", "OPTIMAL", 2e-3, 2e-3, 0, 0.02, NONE),
        row("lp-path", "compass-m", "OPTIMAL", 2e-3, 2e-3, 0, 0.03, 0),
        row("cp", "compass-m", "TIMEOUT", NONE, 1.57e-3, NONE, 10.08, 0.2149)));
  }

  @Test
  void fractionsAsTheReadmeWritesThem() {
    assertThat(IlpStudy.fraction(0)).isEqualTo("0");
    assertThat(IlpStudy.fraction(2.2e-16)).isEqualTo("2e-16");
    assertThat(IlpStudy.fraction(8.4e-7)).isEqualTo("8e-07");
    assertThat(IlpStudy.fraction(1.2e-5)).isEqualTo("1e-05");
    assertThat(IlpStudy.fraction(9.4e-4)).isEqualTo("9e-04");
    assertThat(IlpStudy.fraction(1e-3)).isEqualTo("0.1%");
    assertThat(IlpStudy.fraction(0.0024)).isEqualTo("0.24%");
    assertThat(IlpStudy.fraction(0.0834)).isEqualTo("8.3%");
    assertThat(IlpStudy.fraction(0.0701)).isEqualTo("7%");
    assertThat(IlpStudy.fraction(0.1449)).isEqualTo("14%");
    assertThat(IlpStudy.fraction(0.7012)).isEqualTo("70%");
    assertThat(IlpStudy.fraction(0.999)).isEqualTo("100%");
  }

  @Test
  void cellsAsInTheReadme() {
    assertThat(IlpStudy.cell(row("dp", "compass-s", "OPTIMAL", 1e-3, 1e-3, 0, 0.04, NONE))).isEqualTo("opt 0.0s");
    // an OPTIMAL row's gap (within tolerance) is not shown
    assertThat(IlpStudy.cell(row("lp-path", "compass-s", "OPTIMAL", 1e-3, 1e-3, 1e-12, 0.41, 2.2e-16))).isEqualTo("opt root 2e-16 0.4s");
    assertThat(IlpStudy.cell(row("ilp-path", "compass-s", "OPTIMAL", 1e-3, 1e-3, 0, 0.2, 0))).isEqualTo("opt root 0 0.2s");
    assertThat(IlpStudy.cell(row("ilp-compact", "compass-s", "FEASIBLE", 3e-3, 0.9e-3, 0.7012, 10.02, 0.0834)))
        .isEqualTo("feas gap 70% root 8.3% 10.0s");
    assertThat(IlpStudy.cell(row("ilp-compact", "compass-s", "FEASIBLE", 3e-3, NO_BOUND, NONE, 6.94, NONE))).isEqualTo("feas 6.9s");
    assertThat(IlpStudy.cell(row("ilp-path-scip", "compass-s", "FEASIBLE", 1e-3, NO_BOUND, NONE, 11.46, 0))).isEqualTo("feas root 0 11.5s");
    assertThat(IlpStudy.cell(row("cp-compact", "compass-s", "TIMEOUT", NONE, 0.8e-3, NONE, 10.08, 0.2149)))
        .isEqualTo("timeout root 21% 10.1s");
    assertThat(IlpStudy.cell(row("cp-compact", "compass-s", "TIMEOUT", NONE, NO_BOUND, NONE, 0.31, NONE))).isEqualTo("timeout 0.3s");
    assertThat(IlpStudy.cell(row("cp", "compass-s", "FEASIBLE", 1e-3, 1e-3, 1.2e-5, 10.01, 1.1e-5)))
        .isEqualTo("feas gap 1e-05 root 1e-05 10.0s");
    assertThat(IlpStudy.cell(row("lp-path", "compass-s", "FEASIBLE", 1e-3, 1e-3, 0.0024, 9.96, NONE))).isEqualTo("feas gap 0.24% 10.0s");
    assertThat(IlpStudy.cell(row("cp", "compass-s", "INFEASIBLE", NONE, NO_BOUND, NONE, 0.25, NONE))).isEqualTo("infeasible 0.3s");
  }

  @Test
  void tableHasOneRowPerInstanceAndTheSolversInTheGivenOrder() {
    // "nope" is not registered (no rows): no column
    assertThat(IlpStudy.instanceTable(List.of("dp", "cp", "lp-path", "nope"), consistent())).containsExactly(
        "| model | chip | objective | dp | cp | lp-path |",
        "| --- | --- | --- | --- | --- | --- |",
        "| squeezenet1_0 | compass-s | latency | opt 0.0s | feas gap 40% root 8.3% 10.0s | opt root 2e-16 0.4s |",
        "| squeezenet1_0 | compass-m | latency | opt 0.0s | timeout root 21% 10.1s | opt root 0 0.0s |");
  }

  @Test
  void oneChipLeavesOutTheChipColumnAndAMissingRowIsADash() {
    List<Row> rows = consistent().subList(0, 2);
    assertThat(IlpStudy.instanceTable(List.of("dp", "cp", "lp-path"), rows)).containsExactly(
        "| model | objective | dp | lp-path |",
        "| --- | --- | --- | --- |",
        "| squeezenet1_0 | latency | opt 0.0s | opt root 2e-16 0.4s |");
    List<Row> gap = consistent();
    gap.remove(5); // cp on compass-m
    assertThat(IlpStudy.instanceTable(List.of("dp", "cp", "lp-path"), gap)).contains(
        "| squeezenet1_0 | compass-m | latency | opt 0.0s | - | opt root 0 0.0s |");
  }

  @Test
  void provenLineCountsOptimalRowsPerSolverOverInstances() {
    assertThat(IlpStudy.provenLine(List.of("dp", "cp", "lp-path", "nope"), consistent()))
        .isEqualTo("Proven optimal: dp 2/2, cp 0/2, lp-path 2/2.");
  }

  @Test
  void consistentRowsPassTheCheck() {
    IlpStudy.Check c = IlpStudy.check(consistent());
    // optimal: lp-path on both chips; bounds: lp-path and cp on both chips; other plans: cp's FEASIBLE on compass-s
    assertThat(c.lines()).containsExactly(
        "check: 2 optimal values equal dp's, 4 bounds <= dp's optimum, 1 other plans >= dp's optimum, 0 violations (relative tolerance 1e-06, or the row's stated one if looser)");
  }

  @Test
  void tamperedRowsAreViolations() {
    List<Row> rows = consistent();
    rows.set(4, row("lp-path", "compass-m", "OPTIMAL", 2e-3 * 1.01, 2e-3, 0, 0.03, 0)); // OPTIMAL 1% above dp
    rows.set(5, row("cp", "compass-m", "TIMEOUT", NONE, 2e-3 * 1.001, NONE, 10.08, 0.2149)); // bound above dp's optimum
    rows.set(2, row("cp", "compass-s", "FEASIBLE", 0.99e-3, 0.9e-3, 0.09, 10.02, 0.0834)); // a plan better than the optimum
    IlpStudy.Check c = IlpStudy.check(rows);
    assertThat(c.violations()).hasSize(3);
    assertThat(c.lines()).containsExactly(
        "check: 1 optimal values equal dp's, 3 bounds <= dp's optimum, 0 other plans >= dp's optimum, 3 violations (relative tolerance 1e-06, or the row's stated one if looser)",
        "violation: squeezenet1_0 compass-s batch 16 latency: cp FEASIBLE plan value 0.000990000000 < dp's optimum 0.00100000000",
        "violation: squeezenet1_0 compass-m batch 16 latency: lp-path OPTIMAL value 0.00202000000 != dp's optimum 0.00200000000"
            + " (relative difference 1.0e-02)",
        "violation: squeezenet1_0 compass-m batch 16 latency: cp bound 0.00200200000 > dp's optimum 0.00200000000");
  }

  @Test
  void toleranceIsRelativeToTheLargerValue() {
    List<Row> rows = consistent();
    // the loosest proof (gap 1e-6 of the value, bound at the optimum) gives value = optimum / (1 - 1e-6): accepted
    rows.set(4, row("lp-path", "compass-m", "OPTIMAL", 2e-3 / (1 - 1e-6), 2e-3, 1e-6, 0.03, 0));
    assertThat(IlpStudy.check(rows).violations()).isEmpty();
    rows.set(4, row("lp-path", "compass-m", "OPTIMAL", 2e-3 * (1 + 2e-6), 2e-3, 0, 0.03, 0));
    assertThat(IlpStudy.check(rows).violations()).singleElement().asString().contains("lp-path OPTIMAL value");
  }

  /**
   * A row that states a looser tolerance (an EDP result: three times its formulation's, 3e-6 for cp) is checked at its
   * own: 2e-6 above dp's optimum passes with a stated 3e-6 and is a violation without one; 4e-6 is one either way.
   * A stated tolerance tighter than 1e-6 does not tighten the check.
   */
  @Test
  void aRowIsCheckedAtTheToleranceItStates() {
    List<Row> rows = consistent();
    rows.set(5, new Row("cp", "squeezenet1_0", "compass-m", 16, "latency", "OPTIMAL", 2e-3 * (1 + 2e-6), 2e-3, 0, 1, NONE, NONE, 3e-6));
    assertThat(IlpStudy.check(rows).violations()).isEmpty();
    rows.set(5, new Row("cp", "squeezenet1_0", "compass-m", 16, "latency", "OPTIMAL", 2e-3 * (1 + 2e-6), 2e-3, 0, 1, NONE, NONE, NONE));
    assertThat(IlpStudy.check(rows).violations()).singleElement().asString().contains("cp OPTIMAL value");
    rows.set(5, new Row("cp", "squeezenet1_0", "compass-m", 16, "latency", "OPTIMAL", 2e-3 * (1 + 4e-6), 2e-3, 0, 1, NONE, NONE, 3e-6));
    assertThat(IlpStudy.check(rows).violations()).singleElement().asString().contains("cp OPTIMAL value");
    rows.set(5, new Row("cp", "squeezenet1_0", "compass-m", 16, "latency", "OPTIMAL", 2e-3 * (1 + 5e-7), 2e-3, 0, 1, NONE, NONE, 1e-9));
    assertThat(IlpStudy.check(rows).violations()).isEmpty();
  }

  @Test
  void instancesWithoutAProvenDpAreNotCheckedAndSaySo() {
    List<Row> rows = consistent();
    rows.set(3, row("dp", "compass-m", "TIMEOUT", NONE, NO_BOUND, NONE, 10.0, NONE));
    // only compass-s is checked: lp-path optimal, lp-path and cp bounds, cp's FEASIBLE plan
    assertThat(IlpStudy.check(rows).lines()).containsExactly(
        "check: 1 optimal values equal dp's, 2 bounds <= dp's optimum, 1 other plans >= dp's optimum, 0 violations"
            + " (relative tolerance 1e-06, or the row's stated one if looser; 1 instances without an OPTIMAL dp row not checked)");
  }
}
