package io.synthaug.core.ort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.synthaug.api.Device;
import io.synthaug.core.onnx.GeneratorOnnxContract.OutputRange;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The folder ONNX Runtime's loader extracts its libraries into is gone once the process ends. */
class OrtLibraryFolderTest {

  @TempDir
  Path dir;

  /** Opens a session on the model given as the first argument, on the device of the second. */
  public static final class OpenAndExit {
    public static void main(String[] args) throws Exception {
      List<String> log = new ArrayList<>();
      try (OrtSessionHandle s = OrtRuntime.defaults().openSession(Path.of(args[0]), Device.valueOf(args[1]), log::add)) {
        System.out.println("opened, cuda " + s.usingCuda() + ", " + log);
      }
    }
  }

  @Test
  void aProcessThatLoadedOnnxRuntimeLeavesNothingInItsTemporaryFolder() throws Exception {
    Path model = dir.resolve("gen.onnx");
    new MiniGenerator(4, 1, 7).graph(OutputRange.TANH).write(model);
    for (Device device : List.of(Device.CPU, Device.GPU)) {
      // GPU: the loader also extracts its CUDA provider there, whether or not CUDA then starts.
      Path tmp = Files.createDirectories(dir.resolve("tmp-" + device));
      Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Djava.io.tmpdir=" + tmp, "-cp", System.getProperty("java.class.path"), OpenAndExit.class.getName(),
          model.toString(), device.name())
          .redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(0, p.waitFor(), out);
      assertTrue(out.contains("opened"), out);
      try (Stream<Path> left = Files.list(tmp)) {
        assertEquals(List.of(), left.map(f -> f.getFileName().toString()).collect(Collectors.toList()),
            "left in java.io.tmpdir by a " + device + " session's process: " + out);
      }
    }
  }

  @Test
  void theFoldersAreFoundByTheLibrariesMappedFromThem() {
    Path tmp = Path.of("/tmp");
    List<String> maps = List.of(
        "7f00-7f01 r-xp 00000000 08:01 12 /tmp/onnxruntime-java123/libonnxruntime.so",
        "7f01-7f02 r--p 00001000 08:01 12 /tmp/onnxruntime-java123/libonnxruntime.so",
        "7f02-7f03 r-xp 00000000 08:01 13 /tmp/onnxruntime-java123/libonnxruntime4j_jni.so",
        "7f03-7f04 r-xp 00000000 08:01 14 /tmp/onnxruntime-java456/libonnxruntime_providers_shared.so (deleted)",
        "7f04-7f05 r-xp 00000000 08:01 15 /opt/onnxruntime-java9/libonnxruntime.so",
        "7f05-7f06 r-xp 00000000 08:01 16 /tmp/other/libonnxruntime.so",
        "7f06-7f07 r-xp 00000000 08:01 17 /tmp/onnxruntime-java7/libtorch.so",
        "7f07-7f08 rw-p 00000000 00:00 0 [heap]",
        "7f08-7f09 rw-p 00000000 00:00 0");
    assertEquals(List.of(Path.of("/tmp/onnxruntime-java123"), Path.of("/tmp/onnxruntime-java456")),
        OrtLibraryFolder.libraryFolders(maps, tmp));
  }

  @Test
  void removalDeletesOnlyTheLoadersLibrariesAndKeepsAFolderWithAnythingElse() throws Exception {
    Path only = Files.createDirectories(dir.resolve("onnxruntime-java1"));
    Files.writeString(only.resolve("libonnxruntime.so"), "x");
    Files.writeString(only.resolve("libonnxruntime_providers_cuda.so"), "x");
    OrtLibraryFolder.remove(only);
    assertFalse(Files.exists(only));

    Path shared = Files.createDirectories(dir.resolve("onnxruntime-java2"));
    Files.writeString(shared.resolve("libonnxruntime.so"), "x");
    Files.writeString(shared.resolve("notes.txt"), "someone else's");
    OrtLibraryFolder.remove(shared);
    assertFalse(Files.exists(shared.resolve("libonnxruntime.so")));
    assertTrue(Files.exists(shared.resolve("notes.txt")));

    OrtLibraryFolder.remove(dir.resolve("onnxruntime-java3"));  // gone already: nothing to do, no exception
  }
}
