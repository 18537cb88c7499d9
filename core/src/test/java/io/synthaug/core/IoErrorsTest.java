package io.synthaug.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class IoErrorsTest {

  @Test
  void javasBarePathMessagesBecomeReasons() {
    assertEquals("/data/x: permission denied", IoErrors.describe(new AccessDeniedException("/data/x")));
    assertEquals("/data/x: no such file or folder", IoErrors.describe(new NoSuchFileException("/data/x")));
    assertEquals("/data/x: Read-only file system",
        IoErrors.describe(new FileSystemException("/data/x", null, "Read-only file system")));
    assertEquals("No space left on device", IoErrors.describe(new IOException("No space left on device")));
    assertEquals("an I/O error", IoErrors.describe(new IOException()));
  }

  @Test
  void thePathIsLeftOutWhenTheMessageNamesItAlready() {
    assertEquals("permission denied", IoErrors.describe(Path.of("/data/x"), new AccessDeniedException("/data/x")));
    assertEquals("/data: permission denied", IoErrors.describe(Path.of("/data/x"), new AccessDeniedException("/data")));
  }
}
