package io.synthaug.core.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.synthaug.core.spec.Json;
import org.junit.jupiter.api.Test;

class SampleAmountTest {

  @Test
  void eachWaySaysWhyAClassGetsNoImages() {
    SampleAmount ratio = new SampleAmount(null, 0.4, null);
    assertArrayEquals(new int[] {4, 0}, ratio.counts(new int[] {10, 1}, new int[] {10, 1}));
    assertEquals("ratio 0.4 of its 1 real images rounds to 0", ratio.whyNone(1, 1));
    SampleAmount fillTo = new SampleAmount(null, null, 5);
    assertArrayEquals(new int[] {0, 3}, fillTo.counts(new int[] {2, 2}, new int[] {7, 2}));
    assertEquals("it holds 7 images already, at least fillTo 5", fillTo.whyNone(2, 7));
    assertEquals("perClass is 0", SampleAmount.perClass(0).whyNone(3, 3));
  }

  @Test
  void theWayGivenIsNamedForMessages() {
    assertEquals("perClass", SampleAmount.perClass(10).field());
    assertEquals("perClass 10", SampleAmount.perClass(10).describe());
    assertEquals("ratio 1.5", new SampleAmount(null, 1.5, null).describe());
    assertEquals("fillTo", new SampleAmount(null, null, 200).field());
  }

  @Test
  void theMessageHelpersAreNotWrittenToJson() throws Exception {
    // the gan stage records its params in generator.onnx: the same spec must give the same bytes
    assertEquals("{\"perClass\":10}", Json.mapper().writer().withoutFeatures(SerializationFeature.INDENT_OUTPUT)
        .writeValueAsString(SampleAmount.perClass(10)));
    assertEquals("{\"ratio\":0.5}", Json.mapper().writer().withoutFeatures(SerializationFeature.INDENT_OUTPUT)
        .writeValueAsString(new SampleAmount(null, 0.5, null)));
  }
}
