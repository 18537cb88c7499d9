package io.synthaug.core.plugin;

import com.google.inject.Injector;
import java.util.function.Supplier;
import org.pf4j.ExtensionFactory;

/**
 * The single place plugin extensions are created: through Guice, so an extension may
 * {@code @Inject} core services. PF4J builds its extension factory inside the plugin manager's
 * constructor, before the injector can exist, hence the supplier.
 */
final class GuiceExtensionFactory implements ExtensionFactory {

  private final Supplier<Injector> injector;

  GuiceExtensionFactory(Supplier<Injector> injector) {
    this.injector = injector;
  }

  @Override
  public <T> T create(Class<T> extensionClass) {
    return injector.get().getInstance(extensionClass);
  }
}
