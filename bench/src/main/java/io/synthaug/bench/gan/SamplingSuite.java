package io.synthaug.bench.gan;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.management.OperatingSystemMXBean;
import io.synthaug.api.Image;
import io.synthaug.bench.BenchConfig;
import io.synthaug.bench.LittleEndianFiles;
import io.synthaug.bench.Machine;
import io.synthaug.bench.Peer;
import io.synthaug.bench.Row;
import io.synthaug.bench.Suite;
import io.synthaug.bench.SuiteResult;
import io.synthaug.bench.Target;
import io.synthaug.bench.Timing;
import io.synthaug.core.ort.OrtGeneratorSampler;
import io.synthaug.core.ort.OrtRuntime;
import io.synthaug.plugins.gan.DjlGanTrainer;
import io.synthaug.plugins.gan.GanArchitecture;
import io.synthaug.plugins.gan.GanFamily;
import io.synthaug.plugins.gan.GanTrainingConfig;
import io.synthaug.plugins.gan.GeneratorOnnxExporter;
import io.synthaug.plugins.gan.NamedTensor;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * Sampling throughput of the default conditional generator three ways: ONNX Runtime on the
 * exported {@code generator.onnx} ({@link OrtGeneratorSampler}), DJL's own inference
 * ({@link DjlGanTrainer#generate}), and PyTorch eager in Python ({@code bench/peers/gan_sample.py})
 * with the same weights, at batch 1, 64 and 256 on 1 and 2 threads.
 *
 * <p>The generator is the moving average of a trainer run for a few steps, exported to ONNX and
 * to a raw weight file the peer loads; a check runs all three on the same noise and labels and
 * compares the images. Every repetition times ONNX Runtime, the peer and DJL in turn for each
 * batch size and thread count; each side repeats its call to last about
 * {@link BenchConfig#secondsPerRep()}.
 */
public final class SamplingSuite implements Suite {

  private static final long SEED = 20241124L;
  private static final int[] BATCHES = {1, 64, 256};
  private static final int[] THREADS = {1, 2};
  private static final int TRAIN_STEPS = 20;
  private static final int CHECK_COUNT = 16;
  private static final double TOLERANCE = 1e-4;
  private static final String ORT_TABLE = "Sampling: ONNX Runtime (Java) vs PyTorch eager, images per second";
  private static final String DJL_TABLE = "Sampling: DJL (Java) vs PyTorch eager, images per second";
  private static final String ORT_DJL_TABLE = "Sampling: ONNX Runtime vs DJL, both in Java, images per second";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  @Override
  public String name() {
    return "sampling";
  }

  @Override
  public SuiteResult run(BenchConfig config) throws Exception {
    String policy = GanTrainSuite.requirePassiveOpenMp();
    Path work = config.workDir();
    Files.createDirectories(work);
    GanArchitecture arch = GanArchitecture.standard(28, 1, 10);
    GanTrainingConfig cfg = GanTrainingConfig.builder(GanFamily.CGAN, arch).optSteps(Integer.MAX_VALUE)
        .optSeed(SEED).build();
    GanBenchData set = GanBenchData.generate(arch, 640, SEED, work);
    Map<String, Object> env = new LinkedHashMap<>();
    env.put("machine", Machine.describe());
    env.put("javaOmpWaitPolicy", policy);
    env.put("ortThreads", "OrtRuntime(threads, allowSpinning = false): OrtGeneratorSampler runs slices of a call on"
        + " that many threads in parallel, one intra-op thread each, no spinning");
    env.put("loadAverageAtStart", Machine.loadAverage());
    Path onnx = work.resolve("generator.onnx");
    Path index = work.resolve("generator-weights.json");
    Path weights = work.resolve("generator-weights.f32");

    int reps = config.reps();
    Timing[][][] ort = new Timing[BATCHES.length][THREADS.length][reps];
    Timing[][][] peerRuns = new Timing[BATCHES.length][THREADS.length][reps];
    Timing[][][] djl = new Timing[BATCHES.length][THREADS.length][reps];
    String check;
    boolean agrees;
    List<OrtGeneratorSampler> samplers = new ArrayList<>();
    try (DjlGanTrainer trainer = DjlGanTrainer.create(cfg, set.data, Device.cpu());
        Peer peer = Peer.start("sampling peer", config.python(), config.peersDir().resolve("gan_sample.py"),
            GanTrainSuite.PEER_ENV)) {
      TorchThreads.set(2);
      for (int i = 0; i < (config.quick() ? 3 : TRAIN_STEPS); i++) {
        trainer.trainStep();
      }
      List<NamedTensor> g = trainer.generatorWeights();
      GeneratorOnnxExporter.export(arch, g, Map.of("synthaug.bench", "sampling suite"), onnx);
      writeWeights(g, index, weights);
      env.put("peer", peer.call(Peer.request("hello")));
      env.put("peerSetup", peer.call(Peer.request("setup").put("index", index.toString())
          .put("weights", weights.toString()).put("zDim", arch.zDim()).put("base", arch.baseChannels())
          .put("size", arch.imageSize()).put("channels", arch.channels()).put("classes", arch.classes())));
      for (int t : THREADS) {
        samplers.add(OrtGeneratorSampler.open(new OrtRuntime(t, false), onnx, io.synthaug.api.Device.CPU, 256,
            line -> System.err.println("sampling: " + line)));
      }
      Inputs check16 = Inputs.of(CHECK_COUNT, arch, SEED);
      float[] ortOut = hwc(samplers.get(0).sample(check16.labels, check16.noise));
      float[] djlOut = unitRange(trainer.generate(check16.labels, check16.noise));
      LittleEndianFiles.writeFloats(work.resolve("check-noise.f32"), check16.noise);
      LittleEndianFiles.writeInts(work.resolve("check-labels.i32"), check16.labels);
      LittleEndianFiles.writeFloats(work.resolve("check-ort.f32"), ortOut);
      LittleEndianFiles.writeFloats(work.resolve("check-djl.f32"), djlOut);
      JsonNode c = peer.call(Peer.request("check").put("count", CHECK_COUNT)
          .put("noise", work.resolve("check-noise.f32").toString())
          .put("labels", work.resolve("check-labels.i32").toString())
          .put("ort", work.resolve("check-ort.f32").toString()).put("djl", work.resolve("check-djl.f32").toString()));
      double ortPeer = c.get("ort").asDouble();
      double djlPeer = c.get("djl").asDouble();
      double ortDjl = maxAbs(ortOut, djlOut);
      agrees = ortPeer <= TOLERANCE && djlPeer <= TOLERANCE && ortDjl <= TOLERANCE;
      check = String.format(Locale.ROOT, "max |diff| of %d images in [0, 1]: ORT-PyTorch %.1e, DJL-PyTorch %.1e,"
          + " ORT-DJL %.1e (tolerance %.0e)", CHECK_COUNT, ortPeer, djlPeer, ortDjl, TOLERANCE);

      for (int b = 0; b < BATCHES.length; b++) {
        Inputs in = Inputs.of(BATCHES[b], arch, SEED + b);
        for (int t = 0; t < THREADS.length; t++) {
          int threads = THREADS[t];
          OrtGeneratorSampler sampler = samplers.get(t);
          IntSupplier ortCall = () -> sampler.sample(in.labels, in.noise).size();
          IntSupplier djlCall = () -> {
            trainer.generate(in.labels, in.noise);
            return in.labels.length;
          };
          TorchThreads.set(threads);
          int ortCalls = calibrate(ortCall, config);
          int djlCalls = calibrate(djlCall, config);
          int peerCalls = calibratePeer(peer, BATCHES[b], threads, config);
          for (int r = 0; r < reps; r++) {
            ort[b][t][r] = timeJava(ortCall, ortCalls, threads);
            peerRuns[b][t][r] = runPeer(peer, BATCHES[b], threads, peerCalls, r);
            TorchThreads.set(threads);
            djl[b][t][r] = timeJava(djlCall, djlCalls, threads);
          }
          System.err.printf(Locale.ROOT, "sampling batch %d, %d threads: ORT %.0f, PyTorch %.0f, DJL %.0f img/s;"
              + " load %s%n", BATCHES[b], threads, ort[b][t][reps - 1].rate(), peerRuns[b][t][reps - 1].rate(),
              djl[b][t][reps - 1].rate(), Machine.loadAverage());
        }
      }
    } finally {
      samplers.forEach(OrtGeneratorSampler::close);
    }
    env.put("loadAverageAtEnd", Machine.loadAverage());

    List<Row> rows = new ArrayList<>();
    Target ortTarget = new Target(2.0, "issue: ONNX Runtime at least 2x PyTorch eager at batch 64");
    for (int b = 0; b < BATCHES.length; b++) {
      for (int t = 0; t < THREADS.length; t++) {
        rows.add(row(ORT_TABLE, b, t, "ONNX Runtime img/s", ort, "PyTorch eager img/s", peerRuns,
            BATCHES[b] == 64 ? ortTarget : null, check, agrees));
      }
    }
    for (int b = 0; b < BATCHES.length; b++) {
      for (int t = 0; t < THREADS.length; t++) {
        rows.add(row(DJL_TABLE, b, t, "DJL img/s", djl, "PyTorch eager img/s", peerRuns, null, check, agrees));
      }
    }
    for (int b = 0; b < BATCHES.length; b++) {
      for (int t = 0; t < THREADS.length; t++) {
        rows.add(row(ORT_DJL_TABLE, b, t, "ONNX Runtime img/s", ort, "DJL img/s", djl, null, check, agrees));
      }
    }
    List<String> notes = new ArrayList<>();
    notes.add("One call = one batch of noise and labels to images in [0, 1], HWC: OrtGeneratorSampler.sample (one"
        + " ONNX Runtime run plus the conversion to Image records), DjlGanTrainer.generate (NCHW floats in [-1, 1],"
        + " batch-norm in inference mode), PyTorch eager G(z, y) under torch.inference_mode() mapped to [0, 1] HWC"
        + " numpy.");
    notes.add("Threads: ONNX Runtime through OrtRuntime(threads, no spinning), with which OrtGeneratorSampler runs"
        + " equal slices of a call on that many threads at once, each with one intra-op thread (a batch of 64 on"
        + " 2 threads: two runs of 32); DJL and PyTorch intra-op threads through set_num_threads;"
        + " OMP_WAIT_POLICY=PASSIVE on both OpenMP sides.");
    notes.add("Check: " + check + ".");
    notes.add("Load average (1, 5, 15 min) at start " + env.get("loadAverageAtStart") + ", at end "
        + env.get("loadAverageAtEnd") + " on " + Runtime.getRuntime().availableProcessors() + " cores.");
    return new SuiteResult(name(), "Sampling the default generator: ONNX Runtime, DJL and PyTorch eager", rows,
        env, notes);
  }

  /** Noise and labels for {@code n} samples, drawn from a seed. */
  private record Inputs(int[] labels, float[] noise) {
    static Inputs of(int n, GanArchitecture arch, long seed) {
      java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
      int[] labels = new int[n];
      float[] noise = new float[n * arch.zDim()];
      for (int i = 0; i < n; i++) {
        labels[i] = random.nextInt(arch.classes());
      }
      for (int i = 0; i < noise.length; i++) {
        noise[i] = (float) random.nextGaussian();
      }
      return new Inputs(labels, noise);
    }
  }

  private static Row row(String table, int b, int t, String aLabel, Timing[][][] a, String bLabel, Timing[][][] other,
      Target target, String check, boolean agrees) {
    Map<String, String> key = new LinkedHashMap<>();
    key.put("batch", Integer.toString(BATCHES[b]));
    key.put("threads", Integer.toString(THREADS[t]));
    return new Row(table, key, aLabel, Timing.rates(a[b][t]), bLabel, Timing.rates(other[b][t]),
        Timing.ratios(a[b][t], other[b][t], false), Timing.ratios(a[b][t], other[b][t], true), target, check, agrees);
  }

  private static int calibrate(IntSupplier call, BenchConfig config) {
    for (int i = 0; i < 3; i++) {
      call.getAsInt();
    }
    long t0 = System.nanoTime();
    call.getAsInt();
    double seconds = (System.nanoTime() - t0) / 1e9;
    return (int) Math.max(1, Math.round(config.secondsPerRep() / seconds));
  }

  private static int calibratePeer(Peer peer, int batch, int threads, BenchConfig config) throws IOException {
    Timing one = runPeer(peer, batch, threads, 3, -1);
    double perCall = one.wallSeconds() / 3;
    return (int) Math.max(1, Math.round(config.secondsPerRep() / perCall));
  }

  private Timing timeJava(IntSupplier call, int calls, int threads) {
    long cpu0 = os.getProcessCpuTime();
    long t0 = System.nanoTime();
    long images = 0;
    for (int i = 0; i < calls; i++) {
      images += call.getAsInt();
    }
    long t1 = System.nanoTime();
    return new Timing(images, (t1 - t0) / 1e9, (os.getProcessCpuTime() - cpu0) / 1e9, threads, 0);
  }

  private static Timing runPeer(Peer peer, int batch, int threads, int calls, int rep) throws IOException {
    JsonNode p = peer.call(Peer.request("run").put("batch", batch).put("threads", threads).put("calls", calls)
        .put("seed", 1000 + rep));
    return new Timing(p.get("images").asLong(), p.get("t1").asDouble() - p.get("t0").asDouble(),
        p.get("cpu").asDouble(), threads, 0);
  }

  /** The images' pixels one after another (HWC each). */
  private static float[] hwc(List<Image> images) {
    int per = images.get(0).pixels().length;
    float[] out = new float[images.size() * per];
    for (int i = 0; i < images.size(); i++) {
      System.arraycopy(images.get(i).pixels(), 0, out, i * per, per);
    }
    return out;
  }

  /** DJL's NCHW output in [-1, 1] as [0, 1]; for one channel NCHW and HWC are the same order. */
  private static float[] unitRange(float[] values) {
    float[] out = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (values[i] + 1f) * 0.5f;
    }
    return out;
  }

  private static double maxAbs(float[] a, float[] b) {
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs(a[i] - b[i]));
    }
    return max;
  }

  /** The weights as one float32 file and a JSON index of name, shape and offset (in floats). */
  private static void writeWeights(List<NamedTensor> tensors, Path index, Path data) throws IOException {
    List<Map<String, Object>> entries = new ArrayList<>();
    int total = 0;
    for (NamedTensor t : tensors) {
      total += t.values().length;
    }
    float[] all = new float[total];
    int offset = 0;
    for (NamedTensor t : tensors) {
      entries.add(Map.of("name", t.name(), "shape", t.shape(), "offset", offset));
      System.arraycopy(t.values(), 0, all, offset, t.values().length);
      offset += t.values().length;
    }
    JSON.writeValue(index.toFile(), entries);
    LittleEndianFiles.writeFloats(data, all);
  }
}
