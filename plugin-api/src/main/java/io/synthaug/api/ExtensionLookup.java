package io.synthaug.api;

import java.util.List;

/**
 * Finds extensions of other extension points among all loaded plugins, for stages that are
 * themselves extensible (a GAN stage looking up augmentation policies by name, say).
 */
public interface ExtensionLookup {

  /**
   * All extensions of {@code type} from every started plugin, in a stable order (by plugin id,
   * then class name).
   */
  <T> List<T> all(Class<T> type);
}
