package io.synthaug.core.plugin;

import java.util.Collection;
import java.util.Optional;

/** The stage types the loaded plugins offer. */
public interface StageTypes {

  /** The stage type named {@code type}, if some plugin offers it. */
  Optional<RegisteredStage> find(String type);

  /** All stage types, sorted by name. */
  Collection<RegisteredStage> all();
}
