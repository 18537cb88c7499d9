package io.synthaug.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunReportTest {

  @Test
  void perClassFiguresBecomeOneRowWithAColumnPerClass() {
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("g.labelAgreement.overall", 0.9);
    metrics.put("g.labelAgreement.a", 0.8);
    metrics.put("g.labelAgreement.b", 1.0);
    metrics.put("gate.fid.g", 12.5);
    metrics.put("gate.fid.g.a", 10.0);
    metrics.put("gate.fid.g.b", 15.0);
    // only one class recorded: not a per-class row
    metrics.put("odd.a", 3.0);
    metrics.put("gate.gate.passed", 1.0);
    HtmlReport report = new HtmlReport("t");
    RunReport.metrics(report, metrics, List.of("a", "b"));
    String html = report.html();
    assertTrue(html.contains("<th>figure</th><th>overall</th><th>a</th><th>b</th>"), html);
    assertTrue(html.matches("(?s).*<td>g\\.labelAgreement</td><td[^>]*>0\\.9000</td><td[^>]*>0\\.8000</td>"
        + "<td[^>]*>1\\.000</td>.*"), html);
    assertTrue(html.matches("(?s).*<td>gate\\.fid\\.g</td><td[^>]*>12\\.50</td><td[^>]*>10\\.00</td>"
        + "<td[^>]*>15\\.00</td>.*"), html);
    assertTrue(html.matches("(?s).*<td>odd\\.a</td><td[^>]*>3\\.000</td>.*"), html);
    assertTrue(html.matches("(?s).*<td>gate\\.gate\\.passed</td><td[^>]*>1\\.000</td>.*"), html);
    assertFalse(html.contains("g.labelAgreement.overall"), html);
    assertEquals(1, html.split("Figures the stages recorded", -1).length - 1);
  }

  @Test
  void noFiguresNoSection() {
    HtmlReport report = new HtmlReport("t");
    RunReport.metrics(report, Map.of(), List.of("a"));
    assertFalse(report.html().contains("Figures the stages recorded"));
  }
}
