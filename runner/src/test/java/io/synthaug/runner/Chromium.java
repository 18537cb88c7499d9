package io.synthaug.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Opens an HTML report in headless Chromium and counts the pictures that decoded. Chromium is
 * installed by {@code scripts/ensure-chromium.sh} when missing; a machine where that fails fails
 * the test rather than skipping it, since an unrendered report is an untested report.
 */
final class Chromium {

  /**
   * Recorded on the body once the page has loaded: how many images decoded to a picture with a
   * width, and how many there are.
   */
  private static final String PROBE = "<script>window.addEventListener('load', function () {"
      + " var imgs = document.images, ok = 0;"
      + " for (var i = 0; i < imgs.length; i++) { if (imgs[i].complete && imgs[i].naturalWidth > 0) ok++; }"
      + " document.body.setAttribute('data-images-loaded', ok);"
      + " document.body.setAttribute('data-images-total', imgs.length); });</script>";
  private static final Pattern LOADED = Pattern.compile("data-images-loaded=\"(\\d+)\"");
  private static final Pattern TOTAL = Pattern.compile("data-images-total=\"(\\d+)\"");

  private Chromium() {
  }

  /**
   * The images of {@code report}: {@code {decoded, total}} as Chromium saw them. The report is
   * copied with a small probe script added, so the report itself stays script-free.
   */
  static int[] images(Path report, Path workDir) throws IOException, InterruptedException {
    String html = Files.readString(report, StandardCharsets.UTF_8);
    assertTrue(html.contains("</body>"), "a complete HTML document");
    Path probe = workDir.resolve("probe-" + report.getFileName());
    Files.writeString(probe, html.replace("</body>", PROBE + "</body>"), StandardCharsets.UTF_8);
    List<String> cmd = List.of(binary(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--user-data-dir=" + workDir.resolve("chromium-profile"), "--virtual-time-budget=20000", "--dump-dom",
        probe.toUri().toString());
    Path out = workDir.resolve("dom.html");
    Path err = workDir.resolve("chromium.err");
    Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(3, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IllegalStateException("chromium did not finish: " + cmd);
    }
    String dom = Files.readString(out);
    assertEquals(0, p.exitValue(), "chromium failed: " + Files.readString(err));
    Matcher loaded = LOADED.matcher(dom);
    Matcher total = TOTAL.matcher(dom);
    assertTrue(loaded.find() && total.find(), "the probe ran in Chromium; stderr: " + Files.readString(err));
    return new int[] {Integer.parseInt(loaded.group(1)), Integer.parseInt(total.group(1))};
  }

  /** The Chromium binary, installed first when missing. */
  private static String binary() throws IOException, InterruptedException {
    Path script = Path.of(System.getProperty("synthaug.scripts", "../scripts")).resolve("ensure-chromium.sh")
        .toAbsolutePath().normalize();
    assertTrue(Files.isExecutable(script), "the install script exists: " + script);
    Process p = new ProcessBuilder(script.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String path = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (!p.waitFor(15, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IllegalStateException("ensure-chromium.sh did not finish");
    }
    assertEquals(0, p.exitValue(), "Chromium is needed to test the HTML report and could not be installed; see the"
        + " message above from " + script);
    return path;
  }
}
