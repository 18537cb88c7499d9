package io.synthaug.core.describe;

import io.synthaug.api.Param;
import io.synthaug.core.spec.Json;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads the {@link Param} documentation of a parameter record, recursing into nested records. */
public final class ParamDescriber {

  private ParamDescriber() {
  }

  /** The documented fields of {@code recordType}, in declaration order. */
  public static List<ParamDoc> describe(Class<?> recordType) {
    List<ParamDoc> docs = new ArrayList<>();
    for (RecordComponent rc : recordType.getRecordComponents()) {
      Param p = rc.getAnnotation(Param.class);
      String doc = p == null ? "" : p.value();
      String def = p == null ? "" : p.defaultValue();
      boolean required = p != null && p.required();
      Class<?> nested = nestedRecord(rc.getGenericType());
      List<ParamDoc> children = nested == null ? List.of() : describe(nested);
      docs.add(new ParamDoc(rc.getName(), typeName(rc.getGenericType()), def, required, doc, children));
    }
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
