package io.synthaug.plugins.classic;

import org.pf4j.Plugin;

/**
 * The PF4J entry point of the classic plugin. The plugin holds no resources: its only
 * extension, {@link ClassicStageFactory}, is stateless, so start and stop have nothing to do.
 */
public class ClassicPlugin extends Plugin {

  /** Called by PF4J when it loads the plugin. */
  public ClassicPlugin() {
    super();
  }
}
