package io.synthaug.api;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Where a sample came from: a real input image, or the stage that made it.
 *
 * <p>The engine writes the origin of every sample into the output manifest, together with the
 * parameters of the stage named here, so every synthetic image can be traced to what made it.
 *
 * @param stage {@link #REAL} for input images, otherwise the id of the stage that made the sample
 * @param seed the seed of the random stream that made the sample (0 for real images)
 * @param attributes extra facts worth recording (source file, generator hash, parent sample);
 *     kept sorted so manifests are stable
 */
public record Origin(String stage, long seed, Map<String, String> attributes) {

  /** The {@link #stage()} value of images read from the input dataset. */
  public static final String REAL = "real";

  /** Copies the attributes into an unmodifiable sorted map. */
  public Origin {
    Objects.requireNonNull(stage, "stage");
    attributes = attributes == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(attributes));
  }

  /** The origin of a real image read from {@code ref} (a file path, or file plus index). */
  public static Origin real(String ref) {
    return new Origin(REAL, 0L, Map.of("file", ref));
  }

  /** The origin of an image made by stage {@code stageId} from a stream seeded with {@code seed}. */
  public static Origin made(String stageId, long seed, Map<String, String> attributes) {
    return new Origin(stageId, seed, attributes);
  }

  /** Whether this sample was read from the input rather than made by a stage. */
  public boolean isReal() {
    return REAL.equals(stage);
  }
}
