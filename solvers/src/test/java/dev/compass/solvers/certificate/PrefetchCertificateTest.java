package dev.compass.solvers.certificate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.compass.costmodel.CostModel;
import dev.compass.costmodel.PairCost;
import dev.compass.formulation.InputException;
import dev.compass.formulation.hardware.HardwarePresets;
import dev.compass.formulation.plan.Objective;
import dev.compass.formulation.zoo.ModelZoo;
import dev.compass.solvers.SolverOptions;
import dev.compass.solvers.SolverResult;
import dev.compass.solvers.dp.DpSolver;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Certificates over candidates (weight prefetch, FORMULATION.md §9): the DP's (the pair DP's labels) are accepted for
 * every objective and survive JSON; a moved potential on the optimal plan's path, a lowered sink and a certificate over
 * the wrong nodes are rejected. Agreement with brute force on random prefetch chips: {@code PairDpAgreesWithBruteForceTest}.
 */
class PrefetchCertificateTest {
  private static final CostModel MODEL =
      CostModel.of(ModelZoo.build("resnet18"), HardwarePresets.get("compass-s").withPrefetch(true), 16);

  private static SolverResult dp(Objective o) {
    return new DpSolver().solve(MODEL, o, SolverOptions.DEFAULT);
  }

  @ParameterizedTest
  @ValueSource(strings = {"latency", "energy", "edp", "weighted:0.5"})
  void dpCertificatesOverCandidatesAreAcceptedAndSurviveJson(String obj) {
    Objective o = Objective.parse(obj);
    SolverResult r = dp(o);
    assertThat(r.cost().orElseThrow().prefetched()).isTrue();
    DualCertificate c = CertificateCheckerTest.dual(r);
    assertThat(c.nodes()).isEqualTo(DualCertificate.Nodes.CANDIDATES);
    int candidates = PairCost.forEachCandidate(MODEL, (f, l, st, tau, u, rows, w, io, idle, write, e) -> { });
    for (Facet f : c.facets()) assertThat(f.size()).isEqualTo(candidates + 2);
    String text = dev.compass.formulation.io.Json.toJson(CertificateJson.toJson(c, r.objectiveValue(), r.lowerBound()));
    assertThat(text).contains("\"nodes\" : \"candidates\"").contains("\"candidates\" : " + candidates);
    DualCertificate back = CertificateJson.read(text, "cert.json");
    assertThat(back).isEqualTo(c);
    Verdict v = CertificateChecker.check(MODEL, o, r.plan(), back, 1e-9);
    assertThat(v.violation()).isEmpty();
    assertThat(v.optimal()).isTrue();
    assertThat(v.lowerBound()).isLessThanOrEqualTo(r.objectiveValue() * (1 + 1e-12));
  }

  /** A potential on the optimal plan's path raised by 1% of the bound, or the sink lowered by 0.1%: both rejected. */
  @Test
  void aRaisedPotentialOrALoweredSinkIsRejected() {
    SolverResult r = dp(Objective.LATENCY);
    Facet f = CertificateCheckerTest.dual(r).facets().get(0);
    double bound = f.claimed();
    // the candidates of the optimal plan's path: raise one of them (its incoming arcs then fail)
    int[] index = {0};
    List<Integer> onPath = new ArrayList<>();
    var plan = r.plan().partitions();
    PairCost.forEachCandidate(MODEL, (first, last, st, tau, u, rows, w, io, idle, write, e) -> {
      for (var p : plan) {
        if (p.firstUnit() == first && p.lastUnit() == last && onPath.size() < 3) onPath.add(index[0]);
      }
      index[0]++;
    });
    assertThat(onPath).isNotEmpty();
    double[] pi = f.potentials();
    pi[1 + onPath.get(onPath.size() - 1)] += 0.01 * bound;
    Verdict raised = CertificateChecker.check(MODEL, Objective.LATENCY, r.plan(),
        new DualCertificate(Objective.LATENCY, "raised", List.of(new Facet(1, 0, pi)), DualCertificate.Nodes.CANDIDATES), 1e-6);
    assertThat(raised.optimal()).isFalse();
    assertThat(raised.violation().orElseThrow()).contains("is violated").contains("pi[units ");

    double[] low = f.potentials();
    low[low.length - 1] -= 1e-3 * bound;
    Verdict lowered = CertificateChecker.check(MODEL, Objective.LATENCY, r.plan(),
        new DualCertificate(Objective.LATENCY, "lowered", List.of(new Facet(1, 0, low)), DualCertificate.Nodes.CANDIDATES), 1e-6);
    assertThat(lowered.optimal()).isFalse();
    assertThat(lowered.violation().orElseThrow()).contains("identity").contains("pi[sink] - pi[source]");
    assertThat(lowered.relativeGap()).isBetween(0.9e-3, 1.1e-3);
  }

  @Test
  void aCertificateOverTheWrongNodesIsAnInputError() {
    SolverResult r = dp(Objective.LATENCY);
    DualCertificate overCandidates = CertificateCheckerTest.dual(r);
    CostModel noPrefetch = CostModel.of(ModelZoo.build("resnet18"), HardwarePresets.get("compass-s"), 16);
    assertThatThrownBy(() -> CertificateChecker.check(noPrefetch, Objective.LATENCY, r.plan(), overCandidates, 1e-6))
        .isInstanceOf(InputException.class).hasMessageContaining("no weight prefetch");
    SolverResult plain = new DpSolver().solve(noPrefetch, Objective.LATENCY, SolverOptions.DEFAULT);
    assertThatThrownBy(() -> CertificateChecker.check(MODEL, Objective.LATENCY, plain.plan(), CertificateCheckerTest.dual(plain), 1e-6))
        .isInstanceOf(InputException.class).hasMessageContaining("must be over candidates");
    DualCertificate shortOne = new DualCertificate(Objective.LATENCY, "short", List.of(new Facet(1, 0, new double[] {0, 1, 2})),
        DualCertificate.Nodes.CANDIDATES);
    assertThatThrownBy(() -> CertificateChecker.check(MODEL, Objective.LATENCY, r.plan(), shortOne, 1e-6))
        .isInstanceOf(InputException.class).hasMessageContaining("candidates on this chip");
  }
}
