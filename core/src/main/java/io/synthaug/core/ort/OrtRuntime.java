package io.synthaug.core.ort;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions;
import io.synthaug.api.Device;
import io.synthaug.api.InputException;
import io.synthaug.core.GpuHints;
import io.synthaug.core.WarningLines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Opens ONNX Runtime sessions on the device a user asked for.
 *
 * <p>All sessions share one {@link OrtEnvironment} (ONNX Runtime allows one per process). For
 * {@link Device#GPU} a session first tries the CUDA provider; when that fails (no GPU, or CUDA
 * libraries such as libcublasLt missing) the session runs on the CPU and exactly one warning says
 * so. {@link Device#AUTO} does the same where the NVIDIA driver's device node is there, and says
 * in one line that it runs on the CPU where it is not: on Linux without {@code /dev/nvidiactl}
 * (or WSL 2's {@code /dev/dxg}) CUDA cannot start, and trying costs ONNX Runtime an extraction of
 * its 369 MB CUDA provider library to the temporary folder, about 3 s a process.
 *
 * <p>Intra-op threads default to the available processors. Spinning worker threads are off by
 * default: on a machine whose cores other processes also use, spinning threads steal the time of
 * the threads doing the work. Instances are immutable and thread-safe.
 */
public final class OrtRuntime {

  /** The ONNX Runtime session option that lets idle worker threads spin. */
  private static final String ALLOW_SPINNING = "session.intra_op.allow_spinning";

  private static final class Env {
    static final OrtEnvironment INSTANCE = create();

    private static OrtEnvironment create() {
      OrtEnvironment env = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL, "synthaug");
      // Loading the environment loaded the libraries: their folder is known from here on.
      OrtLibraryFolder.removeOnExit();
      return env;
    }
  }

  /**
   * The device nodes of the NVIDIA driver: the Linux driver's control node, and the GPU node WSL 2
   * gives a Linux guest. One of them exists wherever CUDA can start on Linux.
   */
  static final List<Path> NVIDIA_DEVICE_NODES = List.of(Path.of("/dev/nvidiactl"), Path.of("/dev/dxg"));

  private final int intraOpThreads;
  private final boolean allowSpinning;
  /** Where to look for the driver before {@link Device#AUTO} tries CUDA; empty: always try. */
  private final List<Path> deviceNodes;

  /**
   * A runtime whose sessions use {@code intraOpThreads} threads per operator and, if
   * {@code allowSpinning}, keep idle threads spinning (faster on an otherwise idle machine).
   */
  public OrtRuntime(int intraOpThreads, boolean allowSpinning) {
    this(intraOpThreads, allowSpinning, isLinux() ? NVIDIA_DEVICE_NODES : List.of());
  }

  /** As the public constructor, with the device nodes {@link Device#AUTO} looks for (tests). */
  OrtRuntime(int intraOpThreads, boolean allowSpinning, List<Path> deviceNodes) {
    if (intraOpThreads < 1) {
      throw new IllegalArgumentException("intra-op threads must be at least 1, got " + intraOpThreads);
    }
    this.intraOpThreads = intraOpThreads;
    this.allowSpinning = allowSpinning;
    this.deviceNodes = List.copyOf(deviceNodes);
  }

  private static boolean isLinux() {
    return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux");
  }

  /** All available processors, no spinning. */
  public static OrtRuntime defaults() {
    return new OrtRuntime(Runtime.getRuntime().availableProcessors(), false);
  }

  /** The process-wide ONNX Runtime environment (created on first use). */
  public static OrtEnvironment environment() {
    return Env.INSTANCE;
  }

  /** Threads one operator may use. */
  public int intraOpThreads() {
    return intraOpThreads;
  }

  /** Whether idle worker threads spin. */
  public boolean allowSpinning() {
    return allowSpinning;
  }

  /**
   * Opens {@code model} on {@code device}; see the class comment for the fallback rule.
   *
   * @param log receives the one fallback line, if any
   * @throws InputException naming the file when it is missing or ONNX Runtime cannot load it
   */
  public OrtSessionHandle openSession(Path model, Device device, Consumer<String> log) {
    Objects.requireNonNull(device, "device");
    Objects.requireNonNull(log, "log");
    String file = model.toString();
    if (!Files.isRegularFile(model)) {
      throw new InputException(file, Files.isDirectory(model) ? "is a folder, not a model file; give the path of an"
          + " .onnx file" : Files.exists(model) ? "is not a regular file; give the path of an .onnx file"
          : "no such file; check the model path");
    }
    if (isEmpty(model)) {
      throw new InputException(file, "is empty (0 bytes), not a readable ONNX model; was it copied or written"
          + " completely?");
    }
    // The environment must exist before any SessionOptions: otherwise addCUDA's failure reports
    // ONNX Runtime's missing default logger instead of the missing CUDA libraries.
    OrtEnvironment env = environment();
    String cudaProblem = null;
    String missingDriver = device == Device.AUTO ? missingDriver() : null;
    if (device == Device.GPU || (device == Device.AUTO && missingDriver == null)) {
      try (SessionOptions options = options()) {
        options.addCUDA(0);
        return new OrtSessionHandle(model, env.createSession(file, options), true);
      } catch (OrtException e) {
        cudaProblem = firstLine(e.getMessage());
      }
    }
    OrtSession session;
    try (SessionOptions options = options()) {
      session = env.createSession(file, options);
    } catch (OrtException e) {
      throw new InputException(file, "not a readable ONNX model (" + loadProblem(e.getMessage())
          + "); check that it is a complete .onnx file with IR version <= 11 and opset <= 23", e);
    }
    if (cudaProblem != null) {
      String where = model.getFileName() + " runs on the CPU (CUDA provider unavailable: " + cudaProblem
          + "; " + GpuHints.ONNX_RUNTIME + ")";
      log.accept(device == Device.GPU ? WarningLines.PREFIX + "GPU requested but " + where : "ONNX Runtime: " + where);
    } else if (missingDriver != null) {
      log.accept("ONNX Runtime: " + model.getFileName() + " runs on the CPU (" + missingDriver
          + "; --device gpu tries CUDA regardless)");
    }
    return new OrtSessionHandle(model, session, false);
  }

  /**
   * Why CUDA cannot start here, or null when one of the driver's device nodes exists (or this
   * runtime looks for none).
   */
  String missingDriver() {
    if (deviceNodes.isEmpty() || deviceNodes.stream().anyMatch(Files::exists)) {
      return null;
    }
    StringBuilder nodes = new StringBuilder();
    for (int i = 0; i < deviceNodes.size(); i++) {
      nodes.append(i == 0 ? "" : i == deviceNodes.size() - 1 ? " nor " : ", ").append(deviceNodes.get(i));
    }
    return "no NVIDIA driver: " + (deviceNodes.size() == 1 ? nodes + " does not exist" : "neither " + nodes + " exists");
  }

  private SessionOptions options() throws OrtException {
    SessionOptions options = new SessionOptions();
    try {
      options.setIntraOpNumThreads(intraOpThreads);
      options.setInterOpNumThreads(1);
      options.setExecutionMode(SessionOptions.ExecutionMode.SEQUENTIAL);
      options.setOptimizationLevel(SessionOptions.OptLevel.ALL_OPT);
      // Same inputs, same machine => same bytes, also on CUDA where kernels may otherwise be picked by timing.
      options.setDeterministicCompute(true);
      options.addConfigEntry(ALLOW_SPINNING, allowSpinning ? "1" : "0");
      return options;
    } catch (OrtException | RuntimeException e) {
      options.close();
      throw e;
    }
  }

  private static boolean isEmpty(Path model) {
    try {
      return Files.size(model) == 0;
    } catch (java.io.IOException e) {
      return false; // ONNX Runtime's own error says why it cannot read the file
    }
  }

  /**
   * ONNX Runtime's reason for not loading a model without what only its developers can read: the
   * error code prefix, "Load model from PATH failed:" (the caller names the file), and the C++
   * source location and function signature ({@code /onnxruntime_src/.../model.cc:180
   * onnxruntime::Model::Model(onnx::ModelProto&&, ...)}) that precede the reason itself.
   */
  static String loadProblem(String message) {
    String s = firstLine(message);
    s = s.replaceFirst("^Error code - \\S+ - message: ", "");
    s = s.replaceFirst("^Load model from .*? failed: ?", "");
    s = s.replaceAll("\\S+\\.(?:cc|cpp|h):\\d+ [^()]*\\([^)]*\\)(?: const)? ?", "");
    s = s.replaceAll("\\[ONNXRuntimeError\\] : \\d+ : \\S+ : ", "").strip();
    return s.isEmpty() ? "no detail given" : s;
  }

  static String firstLine(String message) {
    if (message == null || message.isBlank()) {
      return "no detail given";
    }
    String s = message.strip();
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl).strip();
  }
}
