package io.synthaug.plugins.gan;

import org.pf4j.Plugin;

/**
 * The PF4J plugin class of the GAN plugin. Its stages hold no process-wide state, so starting
 * and stopping need no work; the class exists because PF4J's manifest names one.
 */
public final class GanPlugin extends Plugin {

  /** Called by PF4J when it loads the plugin. */
  public GanPlugin() {
    super();
  }
}
