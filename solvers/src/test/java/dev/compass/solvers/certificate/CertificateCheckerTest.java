package dev.compass.solvers.certificate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.compass.costmodel.CostModel;
import dev.compass.formulation.InputException;
import dev.compass.formulation.hardware.HardwarePresets;
import dev.compass.formulation.plan.Objective;
import dev.compass.formulation.zoo.ModelZoo;
import dev.compass.solvers.SolverOptions;
import dev.compass.solvers.SolverResult;
import dev.compass.solvers.baseline.GreedySolver;
import dev.compass.solvers.dp.DpSolver;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The checker accepts the DP's certificates and rejects tampered ones: a potential moved, the end potential
 * lowered, a plan that is not optimal (greedy's), a facet dropped from an EDP certificate.
 */
class CertificateCheckerTest {
  private static final CostModel MODEL = CostModel.of(ModelZoo.build("resnet18"), HardwarePresets.get("compass-s"), 16);

  private static SolverResult dp(Objective o) {
    return new DpSolver().solve(MODEL, o, SolverOptions.DEFAULT);
  }

  /** The dual certificate of a result that has one (also used by {@code PrefetchCertificateTest}). */
  static DualCertificate dual(SolverResult r) {
    return r.certificate().orElseThrow().dual().orElseThrow();
  }

  @ParameterizedTest
  @ValueSource(strings = {"latency", "energy", "edp", "weighted:0.5"})
  void dpCertificatesAreAcceptedAndSurviveJson(String obj) {
    Objective o = Objective.parse(obj);
    SolverResult r = dp(o);
    DualCertificate c = dual(r);
    String text = dev.compass.formulation.io.Json.toJson(CertificateJson.toJson(c, r.objectiveValue(), r.lowerBound()));
    DualCertificate back = CertificateJson.read(text, "cert.json");
    assertThat(back).isEqualTo(c);
    Verdict v = CertificateChecker.check(MODEL, o, r.plan(), back, 1e-9);
    assertThat(v.violation()).isEmpty();
    assertThat(v.optimal()).isTrue();
    assertThat(v.relativeGap()).isLessThan(1e-9);
    assertThat(v.lowerBound()).isLessThanOrEqualTo(r.objectiveValue() * (1 + 1e-12));
    assertThat(v.inequalities()).isGreaterThan(MODEL.units());
  }

  @ParameterizedTest
  @ValueSource(strings = {"latency", "energy", "edp"})
  void aMovedPotentialIsNamed(String obj) {
    Objective o = Objective.parse(obj);
    SolverResult r = dp(o);
    DualCertificate c = dual(r);
    int v = MODEL.units() / 2;
    for (double sign : new double[] {1, -1}) {
      List<Facet> fs = new ArrayList<>();
      for (Facet f : c.facets()) {
        double[] pi = f.potentials();
        pi[v] += sign * 0.01 * Math.abs(f.claimed());
        fs.add(new Facet(f.alpha(), f.beta(), pi));
      }
      Verdict verdict = CertificateChecker.check(MODEL, o, r.plan(), new DualCertificate(o, c.method(), fs), 1e-6);
      assertThat(verdict.optimal()).as("sign %s", sign).isFalse();
      assertThat(verdict.violation().orElseThrow()).contains("is violated").contains("pi_");
    }
  }

  @Test
  void aLoweredEndPotentialFailsTheIdentity() {
    SolverResult r = dp(Objective.LATENCY);
    Facet f = dual(r).facets().get(0);
    double[] pi = f.potentials();
    pi[pi.length - 1] -= 1e-3 * f.claimed();
    Verdict v = CertificateChecker.check(MODEL, Objective.LATENCY, r.plan(),
        new DualCertificate(Objective.LATENCY, "tampered", List.of(new Facet(1, 0, pi))), 1e-6);
    assertThat(v.optimal()).isFalse();
    assertThat(v.violation().orElseThrow()).contains("identity");
    assertThat(v.relativeGap()).isBetween(0.9e-3, 1.1e-3);
  }

  @ParameterizedTest
  @ValueSource(strings = {"latency", "edp"})
  void aPlanThatIsNotOptimalIsRejected(String obj) {
    Objective o = Objective.parse(obj);
    SolverResult best = dp(o);
    SolverResult greedy = new GreedySolver().solve(MODEL, o, SolverOptions.DEFAULT);
    assertThat(greedy.objectiveValue()).isGreaterThan(best.objectiveValue() * (1 + 1e-6));
    Verdict v = CertificateChecker.check(MODEL, o, greedy.plan(), dual(best), 1e-6);
    assertThat(v.optimal()).isFalse();
    // the certified bound is the DP's optimum, independently of the plan checked
    assertThat(v.lowerBound()).isCloseTo(best.objectiveValue(), org.assertj.core.api.Assertions.within(1e-9 * best.objectiveValue()));
    assertThat(v.relativeGap()).isCloseTo(1 - best.objectiveValue() / greedy.objectiveValue(),
        org.assertj.core.api.Assertions.within(1e-9));
  }

  @Test
  void anEdpCertificateWithoutItsLatencyFacetProvesNothing() {
    SolverResult r = dp(Objective.EDP);
    List<Facet> fs = new ArrayList<>();
    for (Facet f : dual(r).facets()) if (f.beta() != 0) fs.add(f);
    Verdict v = CertificateChecker.check(MODEL, Objective.EDP, r.plan(), new DualCertificate(Objective.EDP, "dropped", fs), 1e-6);
    assertThat(v.optimal()).isFalse();
  }

  @Test
  void badCertificatesAreInputErrors() {
    SolverResult r = dp(Objective.LATENCY);
    DualCertificate c = dual(r);
    assertThatThrownBy(() -> CertificateChecker.check(MODEL, Objective.ENERGY, r.plan(), c, 1e-6))
        .isInstanceOf(InputException.class).hasMessageContaining("objective");
    DualCertificate shortOne = new DualCertificate(Objective.LATENCY, "short", List.of(new Facet(1, 0, new double[] {0, 1})));
    assertThatThrownBy(() -> CertificateChecker.check(MODEL, Objective.LATENCY, r.plan(), shortOne, 1e-6))
        .isInstanceOf(InputException.class).hasMessageContaining("needs " + (MODEL.units() + 1));
    assertThatThrownBy(() -> CertificateJson.read("{\"format\":\"compass-certificate\",\"version\":1,\"objective\":\"latency\","
        + "\"units\":1,\"facets\":[{\"alpha\":1,\"beta\":0,\"potentials\":[0,\"x\"]}]}", "c.json"))
        .isInstanceOf(InputException.class).hasMessageContaining("c.json: facets[0].potentials[1]");
    assertThatThrownBy(() -> CertificateJson.read("{\"format\":\"compass-certificate\",\"version\":2}", "c.json"))
        .isInstanceOf(InputException.class).hasMessageContaining("version");
  }
}
