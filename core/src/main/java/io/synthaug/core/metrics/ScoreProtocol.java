package io.synthaug.core.metrics;

import io.synthaug.api.ParamException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How an FID or KID score was measured, stored with every score. Two scores can be compared only
 * when their protocols agree on everything but the seed: the extractor (by name and by the
 * SHA-256 of its weights), the input size and resize method fed to it, the split used as the
 * reference, and the sample counts (FID is biased by {@code 1/n}, so the same generator scores
 * better with more images). The seed only picks which images and subsets were drawn; scores under
 * different seeds are the repeats that show the spread.
 *
 * <p>A plain record of strings and numbers: it serializes to and from JSON as is.
 *
 * @param extractor the feature extractor's name, e.g. {@code mnist-cnn-penultimate}
 * @param extractorSha256 the SHA-256 (64 hex digits) of the extractor's weights file
 * @param inputHeight the image height the extractor was fed, after resizing
 * @param inputWidth the image width the extractor was fed, after resizing
 * @param resize how images were brought to that size, e.g. {@code bilinear} or {@code none}
 * @param referenceSamples images in the reference set
 * @param candidateSamples images in the set scored against it
 * @param referenceSplit which data the reference set is, e.g. {@code mnist-test}
 * @param seed the seed that drew the images and subsets
 */
public record ScoreProtocol(String extractor, String extractorSha256, int inputHeight, int inputWidth, String resize,
    int referenceSamples, int candidateSamples, String referenceSplit, long seed) {

  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  /** Checks every field, naming it and its bad value; lower-cases the hash. */
  public ScoreProtocol {
    requireText("extractor", extractor);
    requireText("extractorSha256", extractorSha256);
    extractorSha256 = extractorSha256.toLowerCase(Locale.ROOT);
    if (!SHA256.matcher(extractorSha256).matches()) {
      throw new ParamException("extractorSha256", "'" + extractorSha256 + "' is not a SHA-256 (64 hex digits)");
    }
    requirePositive("inputHeight", inputHeight);
    requirePositive("inputWidth", inputWidth);
    requireText("resize", resize);
    requirePositive("referenceSamples", referenceSamples);
    requirePositive("candidateSamples", candidateSamples);
    requireText("referenceSplit", referenceSplit);
  }

  /** Whether a score measured under {@code other} can be compared with one measured under this. */
  public boolean comparableWith(ScoreProtocol other) {
    return differences(other).isEmpty();
  }

  /**
   * What keeps scores under the two protocols apart, one line per field, for messages; empty
   * when they are comparable. The seed is never listed.
   */
  public List<String> differences(ScoreProtocol other) {
    Objects.requireNonNull(other, "other");
    List<String> out = new ArrayList<>();
    differ(out, "extractor", extractor, other.extractor);
    differ(out, "extractorSha256", extractorSha256, other.extractorSha256);
    differ(out, "inputHeight", inputHeight, other.inputHeight);
    differ(out, "inputWidth", inputWidth, other.inputWidth);
    differ(out, "resize", resize, other.resize);
    differ(out, "referenceSamples", referenceSamples, other.referenceSamples);
    differ(out, "candidateSamples", candidateSamples, other.candidateSamples);
    differ(out, "referenceSplit", referenceSplit, other.referenceSplit);
    return out;
  }

  private static void differ(List<String> out, String field, Object mine, Object theirs) {
    if (!mine.equals(theirs)) {
      out.add(field + ": " + mine + " vs " + theirs);
    }
  }

  private static void requireText(String field, String value) {
    if (value == null || value.isBlank()) {
      throw new ParamException(field, "must be a non-empty string, got " + (value == null ? "null" : "'" + value + "'"));
    }
  }

  private static void requirePositive(String field, int value) {
    if (value < 1) {
      throw new ParamException(field, "must be at least 1, got " + value);
    }
  }
}
