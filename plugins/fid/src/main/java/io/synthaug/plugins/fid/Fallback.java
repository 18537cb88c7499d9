package io.synthaug.plugins.fid;

/** What the gate does when a set is too small for a reliable FID with the extractor's features. */
public enum Fallback {
  /** Decide on KID against the real-vs-real KID floor instead, and say so. */
  KID,
  /** Stop with an error that says how many images a reliable FID needs. */
  ERROR
}
