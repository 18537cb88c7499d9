package io.synthaug.core.describe;

import io.synthaug.api.Param;
import io.synthaug.core.spec.Json;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/** Reads the {@link Param} documentation of a parameter record, recursing into nested records. */
public final class ParamDescriber {

  private ParamDescriber() {
  }

  /**
   * The documented fields of {@code recordType}, in declaration order. A record that holds
   * itself, directly or through others, is described once; where it recurs, its type says so and
   * its fields are not repeated.
   */
  public static List<ParamDoc> describe(Class<?> recordType) {
    return describe(recordType, new ArrayDeque<>());
  }

  /** As {@link #describe(Class)}; {@code open} holds the records being described around this one. */
  private static List<ParamDoc> describe(Class<?> recordType, Deque<Class<?>> open) {
    open.push(recordType);
    List<ParamDoc> docs = new ArrayList<>();
    for (RecordComponent rc : recordType.getRecordComponents()) {
      Param p = rc.getAnnotation(Param.class);
      String doc = p == null ? "" : p.value();
      String def = p == null ? "" : p.defaultValue();
      boolean required = p != null && p.required();
      String type = typeName(rc.getGenericType());
      Class<?> nested = nestedRecord(rc.getGenericType());
      List<ParamDoc> children = List.of();
      if (nested != null && open.contains(nested)) {
        type += " (recursive: the fields of " + nested.getSimpleName() + ")";
      } else if (nested != null) {
        children = describe(nested, open);
      }
      docs.add(new ParamDoc(rc.getName(), type, def, required, doc, children));
    }
    open.pop();
    return docs;
  }

  /** The record a component holds, directly or as list elements, or null. */
  static Class<?> nestedRecord(Type t) {
    if (t instanceof Class<?> c && c.isRecord()) {
      return c;
    }
    if (t instanceof ParameterizedType pt && pt.getRawType() == List.class
        && pt.getActualTypeArguments()[0] instanceof Class<?> e && e.isRecord()) {
      return e;
    }
    return null;
  }

  /** A readable name of a parameter type. */
  public static String typeName(Type t) {
    if (t instanceof ParameterizedType pt) {
      Type raw = pt.getRawType();
      if (raw == List.class) {
        return "list of " + typeName(pt.getActualTypeArguments()[0]);
      }
      if (raw == Map.class) {
        return "object of " + typeName(pt.getActualTypeArguments()[1]);
      }
    }
    if (t instanceof Class<?> c) {
      if (c == Integer.class || c == int.class || c == Long.class || c == long.class) {
        return "integer";
      }
      if (c == Double.class || c == double.class || c == Float.class || c == float.class) {
        return "number";
      }
      if (c == Boolean.class || c == boolean.class) {
        return "boolean";
      }
      if (c == String.class) {
        return "string";
      }
      if (c.isEnum()) {
        return "one of: " + Json.enumNames(c);
      }
      if (c.isRecord()) {
        return "object";
      }
    }
    return t.getTypeName();
  }
}
