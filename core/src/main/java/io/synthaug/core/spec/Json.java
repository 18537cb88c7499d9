package io.synthaug.core.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;
import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The one JSON configuration of the engine: strict binding (unknown fields, trailing tokens,
 * duplicate keys and null primitives are errors) and enums written as lower-case names with
 * dashes ({@code DROP_CLASS} is {@code "drop-class"}), so parameter records need no Jackson
 * annotations.
 */
public final class Json {

  private static final ObjectMapper MAPPER = build();

  private Json() {
  }

  /** The shared, thread-safe mapper. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** The spec name of an enum constant. */
  public static String enumName(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The spec names of all constants of an enum, comma separated. */
  public static String enumNames(Class<?> enumType) {
    return Arrays.stream(enumType.getEnumConstants())
        .map(c -> enumName((Enum<?>) c))
        .collect(Collectors.joining(", "));
  }

  private static ObjectMapper build() {
    SimpleModule enums = new SimpleModule("synthaug-enums");
    enums.setDeserializerModifier(new BeanDeserializerModifier() {
      @Override
      public JsonDeserializer<?> modifyEnumDeserializer(DeserializationConfig config, JavaType type,
          BeanDescription beanDesc, JsonDeserializer<?> deserializer) {
        return new SpecEnumDeserializer(type.getRawClass());
      }
    });
    enums.setSerializerModifier(new BeanSerializerModifier() {
      @Override
      public JsonSerializer<?> modifyEnumSerializer(SerializationConfig config, JavaType valueType,
          BeanDescription beanDesc, JsonSerializer<?> serializer) {
        return new JsonSerializer<Enum<?>>() {
          @Override
          public void serialize(Enum<?> value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            gen.writeString(enumName(value));
          }
        };
      }
    });
    return JsonMapper.builder()
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
        // 1.5 for a count, or 42.9 for a seed, is an error, never silently cut to 1 or 42
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        .enable(SerializationFeature.INDENT_OUTPUT)
        .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
        .enable(JsonParser.Feature.INCLUDE_SOURCE_IN_LOCATION)
        .serializationInclusion(JsonInclude.Include.NON_NULL)
        .addModule(enums)
        .build();
  }

  /** Reads enum constants by their spec name, case-insensitively, listing the valid names. */
  private static final class SpecEnumDeserializer extends JsonDeserializer<Enum<?>> {
    private final Class<?> enumType;

    SpecEnumDeserializer(Class<?> enumType) {
      this.enumType = enumType;
    }

    @Override
    public Enum<?> deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (!p.currentToken().isScalarValue() || p.currentToken().isNumeric()) {
        return (Enum<?>) ctxt.handleUnexpectedToken(enumType, p);
      }
      String text = p.getText().trim();
      for (Object c : enumType.getEnumConstants()) {
        Enum<?> e = (Enum<?>) c;
        if (enumName(e).equalsIgnoreCase(text) || e.name().equalsIgnoreCase(text)) {
          return e;
        }
      }
      return (Enum<?>) ctxt.handleWeirdStringValue(enumType, text, "expected one of: %s", enumNames(enumType));
    }
  }
}
