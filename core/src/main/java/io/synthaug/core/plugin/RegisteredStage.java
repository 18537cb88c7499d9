package io.synthaug.core.plugin;

import io.synthaug.api.StageFactory;

/**
 * A stage type offered by a loaded plugin.
 *
 * @param type the stage type name
 * @param factory the plugin's factory
 * @param pluginId the offering plugin's id ({@code system} for factories on the class path)
 * @param pluginVersion the offering plugin's version
 */
public record RegisteredStage(String type, StageFactory<?> factory, String pluginId, String pluginVersion) {
}
