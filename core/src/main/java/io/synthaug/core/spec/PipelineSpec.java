package io.synthaug.core.spec;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.synthaug.api.Device;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The envelope of a pipeline spec as written by a user. Each stage's {@code params} stay raw
 * JSON here and are bound to the stage's own record once its factory is known.
 *
 * @param schema an optional {@code $schema} reference for editors; ignored
 * @param version the spec format version; only 1 exists
 * @param seed the run seed (default 0); every random stream derives from it
 * @param device where stages compute: auto (default), cpu or gpu
 * @param threads worker threads for per-image stages (default: available processors)
 * @param input the dataset to read
 * @param output where to write the result
 * @param stages the stages in order
 */
public record PipelineSpec(
    @JsonProperty("$schema") String schema,
    Integer version,
    Long seed,
    Device device,
    Integer threads,
    InputSpec input,
    OutputSpec output,
    List<StageSpec> stages) {

  /** The only spec format version. */
  public static final int CURRENT_VERSION = 1;

  /** Fills defaults. */
  public PipelineSpec {
    version = version == null ? CURRENT_VERSION : version;
    seed = seed == null ? 0L : seed;
    device = device == null ? Device.AUTO : device;
    // not List.copyOf, which throws on a null stage before SpecReader can name it by its path
    stages = stages == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(stages));
  }
}
