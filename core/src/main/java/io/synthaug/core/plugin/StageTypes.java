package io.synthaug.core.plugin;

import io.synthaug.api.ExtensionLookup;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** The stage types the loaded plugins offer. */
public interface StageTypes {

  /** The stage type named {@code type}, if some plugin offers it. */
  Optional<RegisteredStage> find(String type);

  /** All stage types, sorted by name. */
  Collection<RegisteredStage> all();

  /**
   * The plugins that failed to load, start or create their extensions and may be the one that
   * offers {@code type}, which {@link #find} does not know; none by default.
   */
  default List<PluginInfo> mayOffer(String type) {
    return List.of();
  }

  /**
   * The extensions of the plugins offering these types, for {@link
   * io.synthaug.api.StageFactory#validate}; none by default.
   */
  default ExtensionLookup extensions() {
    return new ExtensionLookup() {
      @Override
      public <T> List<T> all(Class<T> type) {
        return List.of();
      }
    };
  }
}
