package io.synthaug.runner;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synthaug.api.Dataset;
import io.synthaug.api.Device;
import io.synthaug.api.InputException;
import io.synthaug.api.Sample;
import io.synthaug.core.Hashes;
import io.synthaug.core.WarningLines;
import io.synthaug.core.data.DatasetWriter;
import io.synthaug.core.data.OutputWriteException;
import io.synthaug.core.data.StageRecord;
import io.synthaug.core.onnx.GeneratorOnnxContract;
import io.synthaug.core.ort.OrtGeneratorSampler;
import io.synthaug.core.run.ConsoleProgress;
import io.synthaug.core.run.OutputStaging;
import io.synthaug.core.run.PipelineRunner;
import io.synthaug.core.run.RunLog;
import io.synthaug.core.sample.SyntheticSampler;
import io.synthaug.core.spec.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code runner sample generator.onnx}: draws a labeled dataset from a saved generator. */
@Command(name = "sample", mixinStandardHelpOptions = true,
    description = {"Sample a labeled dataset from a generator ONNX file written by a GAN stage, without a spec.",
        "Image i of class c uses noise seeded from (seed, c, i), recorded in the manifest."})
final class SampleCommand implements Callable<Integer> {

  @Mixin
  CommonOptions common;

  @Spec
  CommandSpec command;

  @Parameters(index = "0", paramLabel = "GENERATOR", description = "The generator (.onnx).")
  Path model;

  @Option(names = "--per-class", paramLabel = "N", required = true,
      description = "Images to draw for each class, at least 1.")
  int perClass;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Seed of the noise (default 0).")
  long seed;

  @Option(names = {"-o", "--out"}, paramLabel = "DIR", required = true, description = "Output folder.")
  Path out;

  @Option(names = {"-f", "--force"}, description = "Replace the output folder if it is an earlier run's output (it holds"
      + " run.json) or empty; anything else is refused.")
  boolean force;

  @Option(names = "--device", paramLabel = "DEVICE", defaultValue = "auto", description = "auto, cpu or gpu (default auto).")
  Device device;

  @Option(names = "--batch", paramLabel = "N", defaultValue = "256",
      description = "Images per ONNX Runtime call, 1 to 65536 (default 256).")
  int batch;

  @Override
  public Integer call() {
    OptionChecks.notEmpty(command, "--out", out);
    OptionChecks.atLeast(command, "--per-class", perClass, 1);
    OptionChecks.between(command, "--batch", batch, 1, OrtGeneratorSampler.MAX_BATCH);
    RunLog log = common.log();
    if (Files.isDirectory(model)) {
      throw new InputException(model.toString(), "is a folder, not a generator file; give the generator.onnx a gan"
          + " stage wrote (artifacts/<stage-id>/generator.onnx in its run's output)");
    }
    if (!Files.isRegularFile(model)) {
      throw new InputException(model.toString(), "no such generator file");
    }
    // before the model is opened and every image drawn: writeAtomically checks again, too late to save the work
    OutputStaging output = new OutputStaging(out);
    String clash = output.clash(List.of(new OutputStaging.Kept("the generator", model, false)));
    if (clash != null) {
      throw OptionChecks.bad(command, "--out", clash);
    }
    output.recoverStale().forEach(log::info);
    output.checkOutput(force, false);
    String sha = Hashes.sha256(model);
    try (OrtGeneratorSampler generator = OrtGeneratorSampler.open(model, device, batch,
        WarningLines.route(log::info, log::warn))) {
      List<String> classes = classNames(generator);
      checkSize(classes.size(), generator, Runtime.getRuntime());
      int[] counts = new int[classes.size()];
      Arrays.fill(counts, perClass);
      Map<String, String> attrs = Map.of("generator", model.getFileName().toString(), "generatorSha256", sha);
      List<Sample> samples = SyntheticSampler.sample(generator, counts, seed, "sample", attrs,
          ConsoleProgress.forStderr(), "sample " + model.getFileName());
      Dataset data = new Dataset(classes, samples);
      ObjectNode params = Json.mapper().createObjectNode().put("generator", model.getFileName().toString())
          .put("generatorSha256", sha).put("perClass", perClass).put("seed", seed).put("batch", batch);
      OutputStaging.writeAtomically(out, force, dir -> {
        DatasetWriter.write(data, dir, Map.of("sample", new StageRecord("sample", params.toString())),
            Runtime.getRuntime().availableProcessors());
        ObjectNode run = Json.mapper().createObjectNode();
        run.put("synthaug", PipelineRunner.VERSION);
        run.put("command", "sample");
        run.set("params", params);
        ObjectNode meta = run.putObject("generatorMetadata");
        generator.metadata().forEach(meta::put);
        run.put("images", data.size());
        try {
          Files.writeString(dir.resolve("run.json"), Json.mapper().writeValueAsString(run) + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
          throw OutputWriteException.writing(dir.resolve("run.json"), e);
        }
      });
      log.info("wrote " + data.size() + " images (" + perClass + " a class, " + classes.size() + " classes) to "
          + out.toAbsolutePath());
    }
    return 0;
  }

  /**
   * Refuses, as a bad {@code --per-class}, a count no run can hold ({@link SyntheticSampler#MAX_IMAGES}
   * in all) or one whose images would not fit in the heap this JVM may still use: every image is
   * held until the dataset is written, so without this check a large count ran for minutes and
   * then failed out of memory.
   */
  private void checkSize(int classes, OrtGeneratorSampler generator, Runtime runtime) {
    long images = (long) perClass * classes;
    String shape = generator.height() + "x" + generator.width() + "x" + generator.channels();
    if (images > SyntheticSampler.MAX_IMAGES) {
      throw OptionChecks.bad(command, "--per-class", String.format(Locale.ROOT, "%,d a class for %d classes is %,d"
          + " images, more than one run can hold (%,d); ask for at most %,d a class", perClass, classes, images,
          SyntheticSampler.MAX_IMAGES, SyntheticSampler.MAX_IMAGES / classes));
    }
    long available = runtime.maxMemory() - (runtime.totalMemory() - runtime.freeMemory());
    long needed = SyntheticSampler.estimatedBytes(images, generator.height(), generator.width(), generator.channels());
    if (needed > available) {
      long most = mostPerClass(classes, generator.height(), generator.width(), generator.channels(), available);
      throw OptionChecks.bad(command, "--per-class", String.format(Locale.ROOT, "%,d a class for %d classes is %,d"
          + " images of %s, which need about %s of memory (every image is held until the output is written), more"
          + " than the %s this Java runtime can still use; ask for at most %,d a class, or give Java more memory"
          + " (JAVA_OPTS=-Xmx%dg bin/runner sample ...)", perClass, classes, images, shape, bytes(needed),
          bytes(available), most, Math.max(1, (needed + (runtime.maxMemory() - available)) / 1_000_000_000L + 1)));
    }
  }

  /** The most images a class that fit in {@code available} bytes for {@code classes} classes. */
  static long mostPerClass(int classes, int height, int width, int channels, long available) {
    return Math.max(0, available / SyntheticSampler.estimatedBytes(classes, height, width, channels));
  }

  /** Bytes for people: "812 MB", "4.2 GB". */
  static String bytes(long n) {
    return n >= 1_000_000_000L ? String.format(Locale.ROOT, "%.1f GB", n / 1e9)
        : String.format(Locale.ROOT, "%d MB", Math.max(1, Math.round(n / 1e6)));
  }

  /** Class names from the model's metadata, else "0", "1", ... for its class count. */
  private List<String> classNames(OrtGeneratorSampler generator) {
    String json = generator.metadata().get(GeneratorOnnxContract.META_CLASS_NAMES);
    if (json != null) {
      try {
        List<String> names = Json.mapper().readValue(json, new TypeReference<List<String>>() { });
        // each becomes a folder of the output: a name it cannot be stops here, before sampling
        for (int i = 0; i < names.size(); i++) {
          String problem = DatasetWriter.classNameProblem(names, i);
          if (problem != null) {
            throw new InputException(model.toString(), "metadata " + GeneratorOnnxContract.META_CLASS_NAMES + ": "
                + problem);
          }
        }
        return names;
      } catch (IOException e) {
        throw new InputException(model.toString(), "metadata " + GeneratorOnnxContract.META_CLASS_NAMES
            + " is not a JSON list of class names: " + e.getMessage(), e);
      }
    }
    int n = generator.numClasses();
    if (n < 1) {
      throw new InputException(model.toString(), "the model does not say how many classes it has (metadata "
          + GeneratorOnnxContract.META_NUM_CLASSES + "); it was not written by a Synthaug GAN stage");
    }
    List<String> names = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      names.add(Integer.toString(i));
    }
    return names;
  }
}
