package io.synthaug.core.onnx;

import static io.synthaug.core.onnx.OnnxGraphBuilder.FLOAT;
import static io.synthaug.core.onnx.OnnxGraphBuilder.INT64;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The writer alone: encoding details, determinism and the checks that catch exporter bugs. */
class OnnxGraphBuilderTest {

  @TempDir
  Path dir;

  private static OnnxGraphBuilder convModel(Map<String, Object> convAttributes, String... metadataKeys) {
    OnnxGraphBuilder g = new OnnxGraphBuilder("conv").input("x", FLOAT, List.of("batch", 1, 4, 4))
        .initializer("w", new float[] {1f, -2f, 0.5f, 3f}, 1, 1, 2, 2);
    for (String key : metadataKeys) {
      g.metadata(key, "value of " + key);
    }
    g.node("Conv", List.of("x", "w"), List.of("y"), convAttributes);
    return g.output("y", FLOAT, List.of("batch", 1, 3, 3));
  }

  @Test
  void sameCallsGiveTheSameBytesWhateverTheMapOrder() {
    Map<String, Object> ordered = new LinkedHashMap<>();
    ordered.put("kernel_shape", new long[] {2, 2});
    ordered.put("strides", new int[] {1, 1});
    ordered.put("group", 1);
    Map<String, Object> reversed = new LinkedHashMap<>();
    reversed.put("group", 1L);
    reversed.put("strides", new long[] {1, 1});
    reversed.put("kernel_shape", new int[] {2, 2});
    byte[] a = convModel(ordered, "b", "a", "c").build();
    byte[] b = convModel(reversed, "c", "b", "a").build();
    byte[] c = convModel(Map.of("group", 1, "strides", new long[] {1, 1}, "kernel_shape", new long[] {2, 2}),
        "a", "b", "c").build();
    assertArrayEquals(a, b);
    assertArrayEquals(a, c);
    assertArrayEquals(a, convModel(ordered, "a", "b", "c").build(), "a builder builds the same bytes again");
  }

  @Test
  void floatWeightsAreStoredLittleEndian() {
    byte[] model = new OnnxGraphBuilder("le").input("x", FLOAT, 1).initializer("one", new float[] {1f, 2f}, 2)
        .node("Mul", List.of("x", "one"), List.of("y"), Map.of()).output("y", FLOAT, 2).build();
    // 1.0f is 0x3F800000 and 2.0f is 0x40000000; little-endian puts the low byte first.
    assertTrue(contains(model, new byte[] {0, 0, (byte) 0x80, 0x3F, 0, 0, 0, 0x40}));
    assertFalse(contains(model, new byte[] {0x3F, (byte) 0x80, 0, 0}));
    byte[] ints = new OnnxGraphBuilder("le").input("x", FLOAT, 1).initializerInt64("s", new long[] {258}, 1)
        .node("Reshape", List.of("x", "s"), List.of("y"), Map.of()).output("y", FLOAT, 258).build();
    assertTrue(contains(ints, new byte[] {2, 1, 0, 0, 0, 0, 0, 0}));
  }

  private static boolean contains(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  @Test
  void uniqueNamesSkipEverythingAlreadyUsed() {
    OnnxGraphBuilder g = new OnnxGraphBuilder("names").input("x", FLOAT, 1);
    assertEquals("x_1", g.uniqueName("x"));
    assertEquals("x_2", g.uniqueName("x"));
    assertEquals("relu", g.op("Relu", "x"));
    assertEquals("relu_1", g.op("Relu", "relu"));
    assertEquals("w", g.uniqueName("w"));
    assertTrue(g.isDefined("relu_1"));
    assertFalse(g.isDefined("w"), "a reserved name is not a value until something defines it");
  }

  @Test
  void aNodeReadingAnUndefinedValueIsReportedWithItsPosition() {
    OnnxGraphBuilder g = new OnnxGraphBuilder("bad").input("x", FLOAT, 1);
    g.op("Relu", "x");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> g.node("Add", List.of("x", "bias"), List.of("y"), Map.of()));
    assertEquals("Add node #1 reads 'bias', which is not a graph input, an initializer or the output of an "
        + "earlier node", e.getMessage());
  }

  @Test
  void redefinitionsShapeMismatchesAndBadAttributesAreRejected() {
    OnnxGraphBuilder g = new OnnxGraphBuilder("bad").input("x", FLOAT, 2);
    assertEquals("initializer 'x' is already defined in graph 'bad'",
        assertThrows(IllegalArgumentException.class, () -> g.initializer("x", new float[2], 2)).getMessage());
    assertEquals("initializer 'w': shape [2, 3] holds 6 values but 5 were given",
        assertThrows(IllegalArgumentException.class, () -> g.initializer("w", new float[5], 2, 3)).getMessage());
    assertEquals("Relu node #0 attribute 'alpha': unsupported value Object",
        assertThrows(IllegalArgumentException.class,
            () -> g.node("Relu", List.of("x"), List.of("y"), Map.of("alpha", new Object()))).getMessage());
    assertEquals("'z': dimension must be >= 0 or -1, got -2",
        assertThrows(IllegalArgumentException.class, () -> g.input("z", FLOAT, -2)).getMessage());
    assertEquals("'s': unsupported element type 17",
        assertThrows(IllegalArgumentException.class, () -> g.input("s", 17, 1)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> g.opset(24));
    assertThrows(IllegalArgumentException.class, () -> g.irVersion(12));
  }

  @Test
  void outputsMustExistAndBeProduced() {
    OnnxGraphBuilder empty = new OnnxGraphBuilder("empty").input("x", FLOAT, 1);
    assertEquals("graph 'empty' has no outputs; declare one with output(...)",
        assertThrows(IllegalStateException.class, empty::build).getMessage());
    OnnxGraphBuilder dangling = new OnnxGraphBuilder("dangling").input("x", FLOAT, 1).output("y", FLOAT, 1);
    assertEquals("graph output 'y' is declared but no node produces it",
        assertThrows(IllegalStateException.class, dangling::build).getMessage());
    assertThrows(IllegalArgumentException.class, () -> dangling.output("y", FLOAT, 1));
  }

  @Test
  void writeReplacesTheFileAtomicallyAndLeavesNoTemporaryFiles() throws Exception {
    Path file = dir.resolve("sub/model.onnx");
    OnnxGraphBuilder g = new OnnxGraphBuilder("w").input("x", INT64, 3);
    g.node("Identity", List.of("x"), List.of("y"), Map.of()).output("y", INT64, 3);
    Files.createDirectories(file.getParent());
    Files.writeString(file, "an older model");
    g.write(file);
    assertArrayEquals(g.build(), Files.readAllBytes(file));
    try (Stream<Path> files = Files.list(file.getParent())) {
      assertEquals(List.of(file), files.toList());
    }
    Path plain = dir.resolve("sub/plain.bin");
    Files.write(plain, new byte[1]);
    if (Files.getFileStore(plain).supportsFileAttributeView("posix")) {
      assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(file),
          "the model gets the permissions of any new file, not those of a private temp file");
    }
  }
}
