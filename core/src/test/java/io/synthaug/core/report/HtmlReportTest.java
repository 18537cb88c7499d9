package io.synthaug.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.synthaug.api.Dataset;
import io.synthaug.api.Image;
import io.synthaug.api.Origin;
import io.synthaug.api.Sample;
import io.synthaug.core.data.PngCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {

  @TempDir
  Path dir;

  private static final Pattern IMG = Pattern.compile(
      "<img alt=\"[^\"]*\" width=\"(\\d+)\" height=\"(\\d+)\" src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\">");

  private static List<Image> images(String html) {
    List<Image> out = new ArrayList<>();
    Matcher m = IMG.matcher(html);
    while (m.find()) {
      Path tmp;
      try {
        tmp = Files.createTempFile("img", ".png");
        Files.write(tmp, Base64.getDecoder().decode(m.group(3)));
        Image img = PngCodec.read(tmp);
        assertEquals(Integer.parseInt(m.group(1)), img.width(), "width attribute matches the picture");
        assertEquals(Integer.parseInt(m.group(2)), img.height(), "height attribute matches the picture");
        out.add(img);
        Files.delete(tmp);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    return out;
  }

  @Test
  void textIsEscapedAndNumbersAlignRight() {
    HtmlReport r = new HtmlReport("a <b> & \"c\"");
    r.table(List.of("arm", "accuracy"), List.of(List.of("<script>", "97.12 ± 0.30 %"), List.of("x", "n/a")), 0);
    String html = r.html();
    assertTrue(html.contains("<title>a &lt;b&gt; &amp; &quot;c&quot;</title>"), html);
    assertFalse(html.contains("<script>"));
    assertTrue(html.contains("<tr class=\"highlight\"><td>&lt;script&gt;</td><td class=\"num\">97.12 ± 0.30 %</td>"),
        html);
    assertTrue(html.contains("<td>n/a</td>"));
    assertTrue(html.startsWith("<!DOCTYPE html>") && html.endsWith("</html>\n"));
  }

  @Test
  void picturesAreInlineDataUrisThatDecodeToTheImage() {
    Image img = new Image(2, 3, 1, new float[] {0, 1, 0, 1, 0, 1});
    String html = new HtmlReport("t").image(img, "caption").html();
    List<Image> found = images(html);
    assertEquals(List.of(img), found);
    assertTrue(html.contains("<figcaption>caption</figcaption>"));
  }

  private static Dataset data() {
    List<Sample> s = new ArrayList<>();
    // 24 real (12 a class), 12 from gan, 4 from classic
    for (int i = 0; i < 40; i++) {
      float[] px = new float[16];
      px[i % 16] = 1;
      Origin o = i < 24 ? Origin.real("f#" + i) : Origin.made(i < 36 ? "gan" : "classic", i, Map.of());
      s.add(new Sample(new Image(4, 4, 1, px), i % 2, o));
    }
    return new Dataset(List.of("zero", "one"), s);
  }

  @Test
  void samplesShowEachSourceSideBySidePerClass() {
    Dataset d = data();
    HtmlReport r = new HtmlReport("t");
    PipelineSections.samples(r, PipelineSections.preview(d), "");
    String html = r.html();
    assertTrue(html.contains("<th>class</th><th>real</th><th>made by gan</th><th>made by classic</th>"), html);
    List<Image> cells = images(html);
    assertEquals(2 * 3, cells.size(), "two classes, three sources");
    // real, class zero: 8 of its 12 images, 4 px at scale 2 with 2 px gaps: 8 * 8 + 9 * 2 wide
    assertEquals(82, cells.get(0).width());
    assertEquals(12, cells.get(0).height());
    // classic, class one: 2 images
    assertEquals(2 * 8 + 3 * 2, cells.get(5).width());
    assertEquals(8 + 8 + 6 + 6 + 2 + 2, PipelineSections.preview(d).size(), "at most 8 a class and source");
  }

  @Test
  void gateSectionFollowsTheContractAndToleratesMissingParts() throws Exception {
    Path gate = dir.resolve("gate");
    Files.createDirectories(gate);
    Files.writeString(gate.resolve("gate.json"), """
        {"stage": "gate", "extractor": "cnn-mnist", "action": "drop-class", "decision": "dropped-classes",
         "reason": "FID of gan class 1 was 80.1, above 3 x its floor 20.0",
         "threshold": {"kind": "ratio", "value": 3, "maxFid": 60.0},
         "floor": {"fid": 12.5, "perClass": {"zero": 18.0, "one": 20.0}},
         "measured": [{"sourceStage": "gan", "images": 200, "fid": 41.23, "fidReliable": true, "note": "",
           "kid": {"mean": 0.0123, "stdError": 0.0011},
           "perClass": {"zero": {"images": 100, "fid": 30.0, "fidReliable": false, "kid": null, "floor": 18.0,
                                 "maxFid": 54.0, "passed": true},
                        "one": {"images": 100, "fid": 80.1, "fidReliable": true, "kid": {"mean": 0.05, "stdError": 0.01},
                                "floor": 20.0, "maxFid": 60.0, "passed": false}},
           "passed": false, "droppedClasses": ["one"], "dropped": false}],
         "protocol": {"extractor": "cnn-mnist", "inputHeight": 28, "inputWidth": 28, "seed": 3}}""");
    HtmlReport r = new HtmlReport("t");
    PipelineSections.stageArtifacts(r, gate, "gate", "");
    String html = r.html();
    assertTrue(html.contains("<h2>Quality gate: gate</h2>"));
    assertTrue(html.contains("<span class=\"fail\">dropped-classes</span> FID of gan class 1 was 80.1"), html);
    assertTrue(html.contains("FID at most 3.00 x the real-vs-real floor (60.00)"), html);
    assertTrue(html.contains("<td>gan</td><td class=\"num\">200</td><td class=\"num\">41.23</td>"
        + "<td class=\"num\">0.0123 ± 0.0011</td><td>fail</td><td>one</td>"), html);
    assertTrue(html.contains("<td>zero</td><td class=\"num\">100</td><td>30.00 (unreliable)</td><td>-</td>"), html);
    assertTrue(html.contains("<th>inputHeight</th><td class=\"num\">28</td>"), html);

    Files.writeString(gate.resolve("gate.json"), "{\"decision\": \"pass\"}");
    HtmlReport bare = new HtmlReport("t");
    PipelineSections.stageArtifacts(bare, gate, "gate", "");
    assertTrue(bare.html().contains("<span class=\"pass\">pass</span>"));
    assertTrue(bare.html().contains("The gate recorded no measurements."));
  }

  @Test
  void ganLossesAreDrawnFromTheCsvWhenNoChartExists() throws Exception {
    Path gan = dir.resolve("gan");
    Files.createDirectories(gan);
    StringBuilder csv = new StringBuilder("step,d_loss,g_loss,gradient_penalty,real_score,fake_score\n");
    for (int i = 1; i <= 20; i++) {
      csv.append(i).append(',').append(1.4 - i * 0.01).append(',').append(0.7 + i * 0.02).append(",0,0,0\n");
    }
    Files.writeString(gan.resolve("losses.csv"), csv);
    Files.writeString(gan.resolve("quality.json"), """
        {"labelAgreement": {"overall": 0.9, "zero": 0.95, "one": 0.85, "judgeEpochs": 2},
         "classes": {"zero": {"varianceRatio": 0.8, "duplicateRate": 0.01}, "one": {"varianceRatio": 0.2,
         "duplicateRate": 0.4}}, "collapsedClasses": 1}""");
    HtmlReport r = new HtmlReport("t");
    PipelineSections.stageArtifacts(r, gan, "g", " (seed 2)");
    String html = r.html();
    assertTrue(html.contains("<h2>GAN training: g (seed 2)</h2>"));
    List<Image> charts = images(html);
    assertEquals(1, charts.size());
    assertEquals(800, charts.get(0).width());
    assertTrue(html.contains("Label agreement: 90.0 %"), html);
    assertTrue(html.contains("<td>one</td><td class=\"num\">85.0 %</td><td class=\"num\">0.20</td>"
        + "<td class=\"num\">40.0 %</td>"), html);
    assertTrue(html.contains("1 class(es) look collapsed"));
    assertEquals(html, rerender(gan), "the same artifacts give the same bytes");
  }

  private static String rerender(Path gan) {
    HtmlReport r = new HtmlReport("t");
    PipelineSections.stageArtifacts(r, gan, "g", " (seed 2)");
    return r.html();
  }

  @Test
  void keyValuesKeepOrder() {
    Map<String, String> kv = new LinkedHashMap<>();
    kv.put("seed", "7");
    kv.put("spec", "a.json");
    String html = new HtmlReport("t").keyValues(kv).html();
    assertTrue(html.indexOf("<th>seed</th>") < html.indexOf("<th>spec</th>"));
  }
}
