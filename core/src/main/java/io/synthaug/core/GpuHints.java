package io.synthaug.core;

/**
 * What a run says when it asked for a GPU and a library falls back to the CPU: the fix the
 * README gives ("On a GPU"), in one clause, so every fallback line of one library points to
 * the same fix.
 */
public final class GpuHints {

  /**
   * For DJL's PyTorch engine (GAN training, classifiers): the distribution carries the CPU build
   * of libtorch, so a GPU needs a local CUDA build named by {@code PYTORCH_LIBRARY_PATH}.
   */
  public static final String PYTORCH = "the bundled libtorch is the CPU build; for CUDA set PYTORCH_LIBRARY_PATH to"
      + " the lib folder of a PyTorch 2.7.1 cu128 install, with PYTORCH_VERSION=2.7.1 PYTORCH_FLAVOR=cu128 (README,"
      + " \"On a GPU\")";

  /** For ONNX Runtime (sampling, FID features): its CUDA provider loads the system's CUDA libraries. */
  public static final String ONNX_RUNTIME = "its CUDA provider needs the CUDA 12 and cuDNN 9 libraries on"
      + " LD_LIBRARY_PATH (README, \"On a GPU\")";

  private GpuHints() {
  }
}
