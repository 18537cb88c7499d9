package io.synthaug.plugins.fid;

/** What the gate does with a synthetic source that fails its threshold. */
public enum GateAction {
  /** Stop the run with a quality-gate error (exit code 6); nothing is written. */
  FAIL,
  /** Remove every image of a failing source stage and go on. */
  DROP,
  /** Remove only the images of the classes that fail on their own, and go on. */
  DROP_CLASS
}
