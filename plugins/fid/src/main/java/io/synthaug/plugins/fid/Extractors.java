package io.synthaug.plugins.fid;

import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.synthaug.api.ParamException;
import io.synthaug.api.StageException;
import io.synthaug.api.features.ExtractorContext;
import io.synthaug.api.features.FeatureExtractor;
import io.synthaug.api.features.FeatureExtractorFactory;
import io.synthaug.core.spec.Json;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Finds a feature extractor by name among every plugin's extractors and binds its parameters. */
final class Extractors {

  private Extractors() {
  }

  /**
   * The factory called {@code name}.
   *
   * @throws StageException for an unknown name (listing the known ones) or a name two plugins
   *     offer
   */
  static FeatureExtractorFactory<?> find(String name, List<? extends FeatureExtractorFactory<?>> available) {
    FeatureExtractorFactory<?> found = null;
    for (FeatureExtractorFactory<?> f : available) {
      if (name.equals(f.name())) {
        if (found != null) {
          throw new StageException("feature extractor '" + name + "' is offered twice, by "
              + found.getClass().getName() + " and " + f.getClass().getName() + "; remove one of the plugins");
        }
        found = f;
      }
    }
    if (found == null) {
      TreeSet<String> known = new TreeSet<>();
      available.forEach(f -> known.add(f.name()));
      throw new StageException("unknown feature extractor '" + name + "' (parameter extractor); known extractors: "
          + (known.isEmpty() ? "none (is the fid plugin installed?)" : String.join(", ", known)));
    }
    return found;
  }

  /**
   * Binds {@code raw} to the factory's parameter record with the engine's strict JSON rules.
   *
   * @throws StageException naming {@code extractorParams.<field>} and the problem
   */
  static Record bind(FeatureExtractorFactory<?> factory, Map<String, Object> raw) {
    try {
      return Json.mapper().convertValue(raw, factory.paramsType());
    } catch (IllegalArgumentException e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof ParamException p) {
          throw new StageException("extractorParams." + p.field() + ": " + p.problem() + " (extractor '"
              + factory.name() + "')", p);
        }
        if (t instanceof UnrecognizedPropertyException u) {
          throw new StageException("extractorParams." + u.getPropertyName() + ": extractor '" + factory.name()
              + "' has no such parameter; its parameters: " + new TreeSet<>(names(u.getKnownPropertyIds())), u);
        }
      }
      throw new StageException("extractorParams: cannot be read as the parameters of extractor '" + factory.name()
          + "': " + firstLine(e.getMessage()), e);
    }
  }

  /** Binds the parameters and makes the extractor. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static FeatureExtractor open(FeatureExtractorFactory<?> factory, Map<String, Object> raw, ExtractorContext ctx) {
    Record params = bind(factory, raw);
    FeatureExtractor extractor = ((FeatureExtractorFactory) factory).create(params, ctx);
    if (extractor == null) {
      throw new StageException("feature extractor '" + factory.name() + "' made no extractor");
    }
    return extractor;
  }

  private static List<String> names(java.util.Collection<Object> ids) {
    return ids == null ? List.of() : ids.stream().map(String::valueOf).toList();
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
