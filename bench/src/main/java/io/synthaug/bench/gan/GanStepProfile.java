package io.synthaug.bench.gan;

import ai.djl.Device;
import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.synthaug.bench.Machine;
import io.synthaug.plugins.gan.DjlGanTrainer;
import io.synthaug.plugins.gan.GanArchitecture;
import io.synthaug.plugins.gan.GanFamily;
import io.synthaug.plugins.gan.GanTrainingConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where a default-cGAN training step's time goes in DJL: PyTorch's own profiler records the
 * native ops of a few steps (DJL's {@code JniUtils.startProfile}), and this prints, per op name,
 * the summed self time (time not spent in a nested op) and the call count per step.
 *
 * <pre>
 * java -cp bench/target/synthaug-bench.jar io.synthaug.bench.gan.GanStepProfile THREADS STEPS TRACE.json
 * </pre>
 * Run with {@code OMP_WAIT_POLICY=PASSIVE DJL_OFFLINE=true}; {@code bench/profile-gan.sh} runs it
 * beside the PyTorch peer's profile.
 */
public final class GanStepProfile {

  private GanStepProfile() {
  }

  /** Profiles {@code STEPS} steps on {@code THREADS} threads, writing the trace to {@code TRACE.json}. */
  public static void main(String[] args) throws Exception {
    int threads = Integer.parseInt(args[0]);
    int steps = Integer.parseInt(args[1]);
    Path trace = Path.of(args[2]);
    Path work = trace.toAbsolutePath().getParent();
    Files.createDirectories(work);
    GanArchitecture arch = GanArchitecture.standard(28, 1, 10);
    GanTrainingConfig cfg = GanTrainingConfig.builder(GanFamily.CGAN, arch).optSteps(Integer.MAX_VALUE).build();
    GanBenchData set = GanBenchData.generate(arch, 3000, 1, work);
    try (DjlGanTrainer trainer = DjlGanTrainer.create(cfg, set.data, Device.cpu())) {
      TorchThreads.set(threads);
      for (int i = 0; i < 10; i++) {
        trainer.trainStep();
      }
      long t0 = System.nanoTime();
      for (int i = 0; i < steps; i++) {
        trainer.trainStep();
      }
      double plain = (System.nanoTime() - t0) / 1e6 / steps;
      JniUtils.startProfile(false, true, false);
      t0 = System.nanoTime();
      for (int i = 0; i < steps; i++) {
        trainer.trainStep();
      }
      double profiled = (System.nanoTime() - t0) / 1e6 / steps;
      JniUtils.stopProfile(trace.toString());
      System.out.printf(Locale.ROOT, "DJL %d thread(s): %.1f ms/step unprofiled, %.1f ms/step profiled; load %s%n",
          threads, plain, profiled, Machine.loadAverage());
      print(trace, steps);
    }
  }

  /** Self time per op name from a Chrome trace of complete ("X") events on one thread. */
  static void print(Path trace, int steps) throws Exception {
    JsonNode root = new ObjectMapper().readTree(trace.toFile());
    JsonNode events = root.isArray() ? root : root.path("traceEvents");
    List<double[]> spans = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (JsonNode e : events) {
      if ("X".equals(e.path("ph").asText()) && e.has("dur")) {
        spans.add(new double[] {e.get("ts").asDouble(), e.get("dur").asDouble(), e.path("tid").asDouble()});
        names.add(e.get("name").asText());
      }
    }
    Integer[] order = new Integer[spans.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    // Parents before children: by thread, start, then longer first.
    java.util.Arrays.sort(order, (a, b) -> {
      double[] x = spans.get(a);
      double[] y = spans.get(b);
      int c = Double.compare(x[2], y[2]);
      c = c != 0 ? c : Double.compare(x[0], y[0]);
      return c != 0 ? c : Double.compare(y[1], x[1]);
    });
    double[] self = new double[spans.size()];
    List<Integer> stack = new ArrayList<>();
    for (int idx : order) {
      double[] s = spans.get(idx);
      self[idx] += s[1];
      while (!stack.isEmpty()) {
        double[] top = spans.get(stack.get(stack.size() - 1));
        if (top[2] == s[2] && s[0] < top[0] + top[1]) {
          break;
        }
        stack.remove(stack.size() - 1);
      }
      if (!stack.isEmpty()) {
        self[stack.get(stack.size() - 1)] -= s[1];
      }
      stack.add(idx);
    }
    Map<String, double[]> byName = new HashMap<>();
    double total = 0;
    for (int i = 0; i < self.length; i++) {
      double[] agg = byName.computeIfAbsent(names.get(i), k -> new double[2]);
      agg[0] += self[i];
      agg[1]++;
      total += self[i];
    }
    List<Map.Entry<String, double[]>> rows = new ArrayList<>(byName.entrySet());
    rows.sort((a, b) -> Double.compare(b.getValue()[0], a.getValue()[0]));
    System.out.printf(Locale.ROOT, "%-44s %12s %8s %10s%n", "op (self time)", "ms/step", "share", "calls/step");
    for (int i = 0; i < Math.min(25, rows.size()); i++) {
      double[] v = rows.get(i).getValue();
      System.out.printf(Locale.ROOT, "%-44s %12.2f %7.1f%% %10.1f%n", rows.get(i).getKey(), v[0] / 1e3 / steps,
          100 * v[0] / total, v[1] / steps);
    }
    System.out.printf(Locale.ROOT, "%-44s %12.2f, %d op calls per step%n", "all recorded ops", total / 1e3 / steps,
        self.length / steps);
  }
}
