package io.synthaug.api;

/** The compute device a user asks for. */
public enum Device {
  /** The GPU when one is usable, otherwise the CPU (saying so in the log). */
  AUTO,
  /** The CPU only. */
  CPU,
  /** The GPU; stages fall back to the CPU with a log line when none is usable. */
  GPU
}
