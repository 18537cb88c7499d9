package io.synthaug.core.describe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.synthaug.api.Param;
import io.synthaug.api.PluginException;
import io.synthaug.api.Stage;
import io.synthaug.api.StageContext;
import io.synthaug.api.StageFactory;
import io.synthaug.core.plugin.RegisteredStage;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaGeneratorTest {

  /**
   * Params whose default is not JSON: a string default must be quoted.
   *
   * @param which a mode
   */
  record BadDefault(@Param(value = "A mode.", defaultValue = "all") String which) {
  }

  /**
   * A tree of params: the record holds itself, directly and in a list.
   *
   * @param value a value
   * @param next the next node
   * @param kids child nodes
   */
  record Node(@Param("A value.") Integer value, @Param("The next node.") Node next,
      @Param(value = "Child nodes.", defaultValue = "[]") List<Node> kids) {
  }

  /**
   * A range.
   *
   * @param lo low end
   * @param hi high end
   */
  record Range(@Param("Low end.") Integer lo, @Param("High end.") Integer hi) {
  }

  /**
   * Two ranges side by side: a record used twice is not a recursion.
   *
   * @param width the width range
   * @param height the height range
   */
  record Box(@Param("Width.") Range width, @Param("Height.") Range height) {
  }

  private static <P extends Record> RegisteredStage stage(String type, Class<P> params, String pluginId) {
    StageFactory<P> factory = new StageFactory<>() {
      @Override
      public String type() {
        return type;
      }

      @Override
      public String description() {
        return "A test stage.";
      }

      @Override
      public Class<P> paramsType() {
        return params;
      }

      @Override
      public Stage create(P p, StageContext context) {
        throw new UnsupportedOperationException();
      }
    };
    return new RegisteredStage(type, factory, pluginId, "1.0.0");
  }

  @Test
  void aDefaultThatIsNotJsonNamesThePluginTheRecordAndTheField() {
    PluginException e = assertThrows(PluginException.class, () -> new SchemaGenerator().schema(
        List.of(stage("range", Range.class, "fine"), stage("moody", BadDefault.class, "acme"))));
    assertTrue(e.getMessage().startsWith("plugin acme: the @Param default of " + BadDefault.class.getName()
        + ".which is not JSON: all ("), e.getMessage());
    assertEquals(PluginException.EXIT_CODE, e.exitCode());
    IllegalStateException direct = assertThrows(IllegalStateException.class,
        () -> new SchemaGenerator().recordSchema(BadDefault.class));
    assertTrue(direct.getMessage().contains(BadDefault.class.getName() + ".which is not JSON"), direct.getMessage());
  }

  @Test
  void aRecordHoldingItselfGivesAFiniteSchema() {
    JsonNode params = new SchemaGenerator().schema(List.of(stage("tree", Node.class, "acme")))
        .at("/properties/stages/items/oneOf/0/properties/params/properties");
    assertEquals("integer", params.at("/value/type").asText());
    assertEquals("object", params.at("/next/type").asText());
    assertEquals("The next node.", params.at("/next/description").asText());
    assertEquals("recursive: the fields of Node", params.at("/next/$comment").asText());
    assertTrue(params.at("/next/properties").isMissingNode(), params.toString());
    assertEquals("array", params.at("/kids/type").asText());
    assertEquals("recursive: the fields of Node", params.at("/kids/items/$comment").asText());
  }

  @Test
  void aRecordUsedTwiceIsDescribedBothTimes() {
    JsonNode box = new SchemaGenerator().recordSchema(Box.class);
    assertEquals("integer", box.at("/properties/width/properties/lo/type").asText(), box.toString());
    assertEquals("integer", box.at("/properties/height/properties/hi/type").asText(), box.toString());
  }
}
