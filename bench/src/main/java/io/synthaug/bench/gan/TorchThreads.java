package io.synthaug.bench.gan;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import io.synthaug.bench.BenchException;

/**
 * Intra-op threads of DJL's PyTorch engine in this JVM. OpenMP keeps the count per calling
 * thread, so the suites set it on the thread that then runs the work, and read it back.
 */
final class TorchThreads {

  private TorchThreads() {
  }

  /** Sets {@code n} intra-op threads for the calling thread and checks the engine took it. */
  static int set(int n) {
    // loads the native library on first use; JniUtils alone does not
    Engine.getEngine("PyTorch");
    JniUtils.setNumThreads(n);
    int got = JniUtils.getNumThreads();
    if (got != n) {
      throw new BenchException("DJL's PyTorch engine runs " + got + " intra-op threads after asking for " + n);
    }
    return got;
  }
}
