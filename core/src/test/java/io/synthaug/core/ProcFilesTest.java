package io.synthaug.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcFilesTest {

  @TempDir
  Path dir;

  @Test
  void readsTheFirstLineWithTheKeyAndTrimsBothSides() throws Exception {
    Path f = dir.resolve("cpuinfo");
    Files.writeString(f, "processor\t: 0\nmodel name\t: AMD EPYC\nmodel name\t: other\nflags\t\t: a:b\n");
    assertEquals(Optional.of("AMD EPYC"), ProcFiles.firstValue(f, "model name"));
    assertEquals(Optional.of("a:b"), ProcFiles.firstValue(f, "flags"));
    assertEquals(Optional.empty(), ProcFiles.firstValue(f, "model"));
    assertThrows(UncheckedIOException.class, () -> ProcFiles.firstValue(dir.resolve("missing"), "x"));
  }
}
