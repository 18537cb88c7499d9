package io.synthaug.core.ort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxModelMetadata;
import io.synthaug.api.Device;
import io.synthaug.api.InputException;
import io.synthaug.core.onnx.GeneratorOnnxContract.OutputRange;
import io.synthaug.core.onnx.OnnxGraphBuilder;
import io.synthaug.core.onnx.OnnxModelInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening sessions: device fallback, metadata, and clear errors for files ONNX Runtime rejects. */
class OrtRuntimeTest {

  private static final OrtRuntime RUNTIME = new OrtRuntime(1, false);

  @TempDir
  Path dir;

  private final List<String> log = new ArrayList<>();

  private Path generator() throws Exception {
    Path file = dir.resolve("gen.onnx");
    new MiniGenerator(4, 1, 7).graph(OutputRange.TANH).metadata("synthaug.run_seed", "42").write(file);
    return file;
  }

  @Test
  void autoFallsBackToCpuWithExactlyOneLogLineWhenCudaIsUnusable() throws Exception {
    Path file = generator();
    try (OrtSessionHandle s = RUNTIME.openSession(file, Device.AUTO, log::add)) {
      if (s.usingCuda()) {
        assertEquals(List.of(), log, "a working CUDA provider needs no log line");
      } else {
        assertEquals(1, log.size(), "one line, got " + log);
        String reason = OrtRuntime.NVIDIA_DEVICE_NODES.stream().anyMatch(Files::exists)
            ? "CUDA provider unavailable: " : "no NVIDIA driver: neither /dev/nvidiactl nor /dev/dxg exists; ";
        assertTrue(log.get(0).startsWith("ONNX Runtime: gen.onnx runs on the CPU (" + reason), log.get(0));
        assertFalse(log.get(0).contains("\n"));
      }
    }
  }

  @Test
  void autoDoesNotTryCudaWhereTheDriversDeviceNodesAreMissing() throws Exception {
    Path file = generator();
    Path ctl = dir.resolve("nvidiactl");
    Path dxg = dir.resolve("dxg");
    OrtRuntime runtime = new OrtRuntime(1, false, List.of(ctl, dxg));
    try (OrtSessionHandle s = runtime.openSession(file, Device.AUTO, log::add)) {
      assertFalse(s.usingCuda());
      assertEquals(List.of("ONNX Runtime: gen.onnx runs on the CPU (no NVIDIA driver: neither " + ctl + " nor " + dxg
          + " exists; --device gpu tries CUDA regardless)"), log);
    }
    assertEquals("no NVIDIA driver: " + ctl + " does not exist", new OrtRuntime(1, false, List.of(ctl)).missingDriver(),
        "one node: no 'neither'");
  }

  @Test
  void autoTriesCudaWhereADeviceNodeExists() throws Exception {
    Path file = generator();
    Path dxg = Files.createFile(dir.resolve("dxg"));
    OrtRuntime runtime = new OrtRuntime(1, false, List.of(dir.resolve("nvidiactl"), dxg));
    assertEquals(null, runtime.missingDriver());
    try (OrtSessionHandle s = runtime.openSession(file, Device.AUTO, log::add)) {
      if (s.usingCuda()) {
        assertEquals(List.of(), log);
      } else {
        // The node is a stand-in here: CUDA was tried, and its own failure is what the line gives.
        assertEquals(1, log.size(), "one line, got " + log);
        assertTrue(log.get(0).startsWith("ONNX Runtime: gen.onnx runs on the CPU (CUDA provider unavailable: "),
            log.get(0));
      }
    }
  }

  @Test
  void explicitGpuTriesCudaEvenWithoutTheDriversDeviceNodes() throws Exception {
    OrtRuntime runtime = new OrtRuntime(1, false, List.of(dir.resolve("nvidiactl")));
    try (OrtSessionHandle s = runtime.openSession(generator(), Device.GPU, log::add)) {
      if (!s.usingCuda()) {
        assertEquals(1, log.size(), "one line, got " + log);
        assertTrue(log.get(0).startsWith("WARNING: GPU requested but gen.onnx runs on the CPU (CUDA provider unavailable: "),
            log.get(0));
      }
    }
  }

  @Test
  void explicitGpuRequestWarnsOnceWhenFallingBack() throws Exception {
    Path file = generator();
    try (OrtSessionHandle s = RUNTIME.openSession(file, Device.GPU, log::add)) {
      if (s.usingCuda()) {
        assertEquals(List.of(), log);
      } else {
        assertEquals(1, log.size(), "one line, got " + log);
        assertTrue(log.get(0).startsWith("WARNING: GPU requested but gen.onnx runs on the CPU"), log.get(0));
        // the fix the README gives under "On a GPU"
        assertTrue(log.get(0).endsWith("; its CUDA provider needs the CUDA 12 and cuDNN 9 libraries on LD_LIBRARY_PATH"
            + " (README, \"On a GPU\"))"), log.get(0));
      }
    }
  }

  @Test
  void cpuNeverTriesCudaAndSaysNothing() throws Exception {
    try (OrtSessionHandle s = RUNTIME.openSession(generator(), Device.CPU, log::add)) {
      assertFalse(s.usingCuda());
      assertEquals(List.of(), log);
      s.close();
    }
  }

  @Test
  void metadataWrittenByTheBuilderIsSeenByOrtAndByTheReader() throws Exception {
    Path file = generator();
    Map<String, String> expected = Map.of(
        "synthaug.channels", "1", "synthaug.height", "4", "synthaug.width", "4", "synthaug.z_dim", "4",
        "synthaug.num_classes", "3", "synthaug.output_range", "tanh", "synthaug.run_seed", "42");
    try (OrtSessionHandle s = RUNTIME.openSession(file, Device.CPU, log::add)) {
      OnnxModelMetadata ortMeta = s.session().getMetadata();
      assertEquals(expected, ortMeta.getCustomMetadata());
      assertEquals("synthaug-test", ortMeta.getProducerName());
      assertEquals("mini_generator", ortMeta.getGraphName());
      assertEquals(expected, s.metadata());
      assertEquals(List.of("noise", "label"), s.inputNames());
      assertEquals(List.of("image"), s.outputNames());
      assertEquals(List.of("batch", ""), Arrays.asList(s.input("noise").getDimensionNames()));
    }
    OnnxModelInfo info = OnnxModelInfo.read(file);
    assertEquals(expected, info.metadata());
    assertEquals("synthaug-test", info.producerName());
  }

  @Test
  void randomBytesAreReportedAsAnInputErrorNamingTheFile() throws Exception {
    Path file = dir.resolve("noise.onnx");
    byte[] junk = new byte[4096];
    new Random(3).nextBytes(junk);
    Files.write(file, junk);
    for (Device device : Device.values()) {
      InputException e = assertThrows(InputException.class, () -> RUNTIME.openSession(file, device, log::add));
      assertEquals(file.toString(), e.file());
      assertTrue(e.getMessage().startsWith(file + ": not a readable ONNX model ("), e.getMessage());
      assertFalse(e.getMessage().contains("onnxruntime::"), e.getMessage());
    }
    assertEquals(List.of(), log, "no fallback line for a model that loads nowhere");
  }

  @Test
  void aTruncatedModelIsAnInputError() throws Exception {
    byte[] whole = Files.readAllBytes(generator());
    Path file = dir.resolve("half.onnx");
    Files.write(file, Arrays.copyOf(whole, whole.length / 2));
    InputException e = assertThrows(InputException.class, () -> RUNTIME.openSession(file, Device.AUTO, log::add));
    assertTrue(e.getMessage().startsWith(file + ": not a readable ONNX model ("), e.getMessage());
    assertFalse(e.getMessage().contains("onnxruntime::"), e.getMessage());
  }

  @Test
  void aModelWithoutOpsetImportIsRejectedByOrtWithTheFileNamed() throws Exception {
    // A header-only model (IR version, no graph, no opset): ORT refuses it; the message names the file.
    Path file = dir.resolve("bare.onnx");
    Files.write(file, new byte[] {0x08, 0x08});
    InputException e = assertThrows(InputException.class, () -> RUNTIME.openSession(file, Device.CPU, log::add));
    assertEquals(file.toString(), e.file());
  }

  @Test
  void missingFileAndFolderAreInputErrors() {
    Path missing = dir.resolve("nope.onnx");
    InputException e = assertThrows(InputException.class, () -> RUNTIME.openSession(missing, Device.AUTO, log::add));
    assertEquals(missing + ": no such file; check the model path", e.getMessage());
    InputException folder = assertThrows(InputException.class, () -> RUNTIME.openSession(dir, Device.CPU, log::add));
    assertEquals(dir + ": is a folder, not a model file; give the path of an .onnx file", folder.getMessage());
  }

  @Test
  void anEmptyFileIsNamedAsSuchWithoutOnnxRuntimesInternals() throws Exception {
    Path file = Files.createFile(dir.resolve("empty.onnx"));
    InputException e = assertThrows(InputException.class, () -> RUNTIME.openSession(file, Device.CPU, log::add));
    assertEquals(file + ": is empty (0 bytes), not a readable ONNX model; was it copied or written completely?",
        e.getMessage());
    assertEquals(4, e.exitCode());
  }

  @Test
  void onnxRuntimesLoadErrorsLoseTheirCodeFileAndCppSignature() {
    String ort = "Error code - ORT_FAIL - message: Load model from /tmp/x/empty.onnx failed:/onnxruntime_src/onnxruntime"
        + "/core/graph/model.cc:180 onnxruntime::Model::Model(onnx::ModelProto&&, const PathString&, const"
        + " IOnnxRuntimeOpSchemaRegistryList*, const onnxruntime::logging::Logger&, const onnxruntime::ModelOptions&)"
        + " Unsupported model IR version: 0, max supported IR version: 11\nstack";
    assertEquals("Unsupported model IR version: 0, max supported IR version: 11", OrtRuntime.loadProblem(ort));
    assertEquals("Protobuf parsing failed.", OrtRuntime.loadProblem(
        "Error code - ORT_INVALID_PROTOBUF - message: Load model from /a/b.onnx failed:Protobuf parsing failed."));
    assertEquals("no detail given", OrtRuntime.loadProblem(null));
  }

  @Test
  void threadCountIsValidated() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new OrtRuntime(0, false));
    assertEquals("intra-op threads must be at least 1, got 0", e.getMessage());
    assertEquals(Runtime.getRuntime().availableProcessors(), OrtRuntime.defaults().intraOpThreads());
    assertFalse(OrtRuntime.defaults().allowSpinning());
  }

  @Test
  void buildingTheSameModelTwiceGivesTheSameFileBytes() throws Exception {
    byte[] a = new MiniGenerator(4, 3, 9).graph(OutputRange.SIGMOID).build();
    byte[] b = new MiniGenerator(4, 3, 9).graph(OutputRange.SIGMOID).build();
    assertTrue(Arrays.equals(a, b));
    assertFalse(Arrays.equals(a, new MiniGenerator(4, 3, 10).graph(OutputRange.SIGMOID).build()));
    assertEquals(OnnxGraphBuilder.DEFAULT_IR_VERSION, OnnxModelInfo.parse(a, "mem").irVersion());
  }
}
