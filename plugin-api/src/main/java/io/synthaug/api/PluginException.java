package io.synthaug.api;

/** A plugin that cannot be loaded or offers a stage type another plugin already offers. */
public class PluginException extends SynthaugException {

  private static final long serialVersionUID = 1L;

  /** The exit code of plugin errors. */
  public static final int EXIT_CODE = 7;

  /** A problem with the named plugin (id or jar file). */
  public PluginException(String plugin, String problem) {
    super("plugin " + plugin + ": " + problem);
  }

  /** A problem with the named plugin, with its cause. */
  public PluginException(String plugin, String problem, Throwable cause) {
    super("plugin " + plugin + ": " + problem, cause);
  }

  @Override
  public int exitCode() {
    return EXIT_CODE;
  }
}
