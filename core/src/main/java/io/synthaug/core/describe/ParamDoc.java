package io.synthaug.core.describe;

import java.util.List;

/**
 * The documentation of one parameter, read from a parameter record.
 *
 * @param name the JSON field name
 * @param type a readable type, for example {@code number}, {@code list of string},
 *     {@code one of: all, real, synthetic}
 * @param defaultValue the default as JSON text, or empty
 * @param required whether a spec must give it
 * @param doc one line of documentation
 * @param children the fields of a nested object (or of each list element), else empty
 */
public record ParamDoc(String name, String type, String defaultValue, boolean required, String doc, List<ParamDoc> children) {
}
