package io.synthaug.bench;

import java.util.List;
import java.util.Map;

/**
 * What one suite measured.
 *
 * @param suite the suite's name, also the results file name
 * @param title a heading for the Markdown table
 * @param rows the table rows, in the order to print
 * @param environment facts that decide the numbers: machine, versions, thread settings, load
 * @param notes sentences printed under the table (method, equivalence, caveats)
 */
public record SuiteResult(String suite, String title, List<Row> rows, Map<String, Object> environment,
    List<String> notes) {

  /** Copies the lists and map. */
  public SuiteResult {
    rows = List.copyOf(rows);
    environment = Map.copyOf(environment);
    notes = List.copyOf(notes);
  }
}
