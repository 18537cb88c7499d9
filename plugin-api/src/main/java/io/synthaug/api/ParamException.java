package io.synthaug.api;

/**
 * A parameter record component with a bad value, thrown from a parameter record's compact
 * constructor. The engine turns it into a {@link SpecException} whose JSON path ends in the
 * field's name.
 */
public class ParamException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final String field;

  /**
   * @param field the record component's name
   * @param problem what is wrong with its value, including the value
   */
  public ParamException(String field, String problem) {
    super(field + ": " + problem);
    this.field = field;
  }

  /** The record component's name. */
  public String field() {
    return field;
  }

  /** The message without the field name. */
  public String problem() {
    return getMessage().substring(field.length() + 2);
  }
}
