package io.synthaug.core.describe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ParamDescriberTest {

  @Test
  void aRecordHoldingItselfIsDescribedOnce() {
    List<ParamDoc> docs = ParamDescriber.describe(SchemaGeneratorTest.Node.class);
    assertEquals(List.of("value", "next", "kids"), docs.stream().map(ParamDoc::name).toList());
    assertEquals("object (recursive: the fields of Node)", docs.get(1).type());
    assertEquals(List.of(), docs.get(1).children());
    assertEquals("list of object (recursive: the fields of Node)", docs.get(2).type());
    assertEquals("[]", docs.get(2).defaultValue());
  }

  @Test
  void aRecordUsedTwiceIsDescribedBothTimes() {
    List<ParamDoc> docs = ParamDescriber.describe(SchemaGeneratorTest.Box.class);
    assertEquals("object", docs.get(0).type());
    assertEquals(List.of("lo", "hi"), docs.get(0).children().stream().map(ParamDoc::name).toList());
    assertEquals(List.of("lo", "hi"), docs.get(1).children().stream().map(ParamDoc::name).toList());
  }
}
