package dev.compass.bench.workbench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.compass.bench.html.ReportPage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class ReportPageTest {
  static String html;
  static Document doc;

  @BeforeAll
  static void render() throws Exception {
    Problems p = Fixtures.problems();
    List<ResultRow> rows = new ArrayList<>(Fixtures.solve(p, "latency", "edp"));
    // a genetic row with a convergence trace, made from the dp row (the genetic solver lands later)
    ResultRow dp = rows.get(0);
    double v = dp.objectiveValue();
    rows.add(new ResultRow(dp.instance(), "genetic", "FEASIBLE", v * 1.01, dp.latencySeconds() * 1.01, dp.energyJoules(), dp.edp() * 1.01,
        dp.throughput() / 1.01, dp.partitions(), 0.5, Double.NaN, Double.NaN, Double.NaN, Double.NaN, dp.rooflineSeconds(),
        dp.rooflineFraction() / 1.01, dp.plan(), List.of(v * 1.3, v * 1.1, v * 1.01), ""));
    html = ReportPage.render(Report.of(rows, p, Map.of("command", "test <&>")));
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
  }

  private static Map<String, List<Element>> charts() {
    Map<String, List<Element>> by = new HashMap<>();
    NodeList svgs = doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "svg");
    for (int k = 0; k < svgs.getLength(); k++) {
      Element e = (Element) svgs.item(k);
      by.computeIfAbsent(e.getAttribute("data-chart"), x -> new ArrayList<>()).add(e);
    }
    return by;
  }

  @Test
  void pageIsWellFormedAndHasEveryChart() {
    Map<String, List<Element>> by = charts();
    for (String kind : ReportPage.CHART_KINDS) assertThat(by).as("chart " + kind).containsKey(kind);
    // one partition map and one breakdown pair per instance (latency, edp); one Pareto chart per (model, hw, batch)
    assertThat(by.get("partition-map")).hasSize(2);
    assertThat(by.get("latency-breakdown")).hasSize(2);
    assertThat(by.get("energy-breakdown")).hasSize(2);
    assertThat(by.get("pareto")).hasSize(1);
  }

  @Test
  void chartsHoldTheirData() {
    Map<String, List<Element>> by = charts();
    Element map = by.get("partition-map").get(0);
    // rows: dp, greedy, layerwise, genetic (latency instance) -> a label per plan
    String text = map.getTextContent();
    assertThat(text).contains("dp").contains("greedy").contains("layerwise").contains("genetic");
    assertThat(map.getElementsByTagNameNS("*", "rect").getLength()).isGreaterThan(20);
    Element conv = by.get("convergence").get(0);
    assertThat(conv.getElementsByTagNameNS("*", "polyline").getLength()).isEqualTo(1);
    Element pareto = by.get("pareto").get(0);
    assertThat(pareto.getTextContent()).contains("EDP optimum");
    Element times = by.get("solver-times").get(0);
    assertThat(times.getElementsByTagNameNS("*", "rect").getLength()).isGreaterThanOrEqualTo(7); // 7 rows with a solve time
    assertThat(by.get("paper-latency").get(0).getTextContent()).contains("paper (COMPASS): 2.240x"); // the paper's bar's tooltip
  }

  @Test
  void pageIsSelfContained() {
    assertThat(html).doesNotContainIgnoringCase("<script").doesNotContain("src=\"http").doesNotContain("href=\"http")
        .doesNotContain("<link");
    assertThat(html).contains("test &lt;&amp;&gt;");
  }

  @Test
  void convergencePlaceholderWithoutGeneticRows() throws Exception {
    Problems p = Fixtures.problems();
    String h = ReportPage.render(Report.of(Fixtures.solve(p, "latency"), p, Map.of()));
    assertThat(h).contains("data-chart=\"convergence\"").contains("no genetic solver results in this run");
  }
}
