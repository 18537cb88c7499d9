package io.synthaug.core.experiment;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synthaug.core.spec.BoundExperiment;
import java.util.Locale;

/**
 * What an experiment ran on beyond its files, for {@code results.json}: the device asked for,
 * the worker threads, and content digests of the real input and the test set ({@link
 * ImageDigests#of(io.synthaug.api.Dataset)}), so a rerun can tell whether it saw the same data.
 *
 * @param device the device asked for ({@code auto}, {@code cpu} or {@code gpu})
 * @param threads the worker threads of per-image stages
 * @param inputImages the real input's images (with {@code resample}, those the seeds draw from)
 * @param inputSha256 the real input's content digest
 * @param resample whether each seed drew its own real images from the input
 * @param testImages the test set's images
 * @param testSha256 the test set's content digest
 * @param testImagesInInput test images with the very pixels of an input image
 */
record RunFacts(String device, int threads, int inputImages, String inputSha256, boolean resample, int testImages,
    String testSha256, int testImagesInInput) {

  /** The facts of {@code experiment} as checked before its first stage. */
  static RunFacts of(BoundExperiment experiment, ExperimentRunner.Checked checked) {
    return new RunFacts(checked.device().name().toLowerCase(Locale.ROOT), checked.threads(), checked.pool().size(),
        ImageDigests.of(checked.pool()), experiment.resample(), checked.test().size(), ImageDigests.of(checked.test()),
        checked.shared());
  }

  /** Adds the {@code environment} and {@code data} objects to {@code root}. */
  void addTo(ObjectNode root) {
    ObjectNode env = root.putObject("environment");
    env.put("deviceRequested", device);
    env.put("threads", threads);
    ObjectNode data = root.putObject("data");
    data.put("contentHash", "SHA-256 over the class names, then each image's label, shape and pixel values in order");
    ObjectNode input = data.putObject("input");
    input.put("images", inputImages);
    input.put("sha256", inputSha256);
    input.put("resample", resample);
    ObjectNode test = data.putObject("test");
    test.put("images", testImages);
    test.put("sha256", testSha256);
    test.put("imagesInInput", testImagesInInput);
  }
}
