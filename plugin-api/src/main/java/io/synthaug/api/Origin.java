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

  /** The attribute in which a real image's origin names where it was read from. */
  public static final String FILE = "file";

  /**
   * The attribute in which a copy names what it was made from: the parent's {@link #FILE} when
   * its origin records one (a real image does), otherwise the id of the stage that made it.
   */
  public static final String PARENT = "parent";

  /** The attribute in which a copy of a made image names the seed its parent was made with. */
  public static final String PARENT_SEED = "parentSeed";

  /** Copies the attributes into an unmodifiable sorted map. */
  public Origin {
    Objects.requireNonNull(stage, "stage");
    attributes = attributes == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(attributes));
  }

  /** The origin of a real image read from {@code ref} (a file path, or file plus index). */
  public static Origin real(String ref) {
    return new Origin(REAL, 0L, Map.of(FILE, ref));
  }

  /** The origin of an image made by stage {@code stageId} from a stream seeded with {@code seed}. */
  public static Origin made(String stageId, long seed, Map<String, String> attributes) {
    return new Origin(stageId, seed, attributes);
  }

  /**
   * The attributes a copy of the sample with this origin records to name it as its parent:
   * {@link #PARENT} (this origin's {@link #FILE} when it records one, as a real image's does,
   * otherwise its stage) and, for a made image, {@link #PARENT_SEED}. The engine follows these to trace a copy of a copy back to its
   * source (an experiment's arms, a quality gate dropping a source's copies), so a stage that
   * copies images should record them. A new modifiable map, for the stage's own attributes.
   */
  public Map<String, String> parentAttributes() {
    Map<String, String> out = new java.util.HashMap<>();
    String file = attributes.get(FILE);
    out.put(PARENT, file != null ? file : stage);
    if (!isReal()) {
      out.put(PARENT_SEED, Long.toString(seed));
    }
    return out;
  }

  /** Whether this sample was read from the input rather than made by a stage. */
  public boolean isReal() {
    return REAL.equals(stage);
  }
}
