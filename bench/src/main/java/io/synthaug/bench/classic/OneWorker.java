package io.synthaug.bench.classic;

import io.synthaug.bench.BenchConfig;
import io.synthaug.bench.JavaWorkers;
import io.synthaug.bench.Machine;
import io.synthaug.bench.Peer;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The frame of a suite that times one Java thread against one classic peer process on each of
 * the classic suite's image sets: the peer started and greeted, each set generated and loaded
 * into it, the machine and load recorded.
 */
final class OneWorker {

  /** What the suite does with one image set, loaded into the peer. */
  interface PerSet {
    void run(ClassicSuite.Shape shape, BenchImages set, JavaWorkers java, Peer[] peers) throws Exception;
  }

  private OneWorker() {
  }

  /**
   * Runs {@code perSet} on every image set, in a peer named {@code peerName}; returns the
   * environment to record (machine, peer, load average at start and end).
   */
  static Map<String, Object> run(BenchConfig config, String peerName, PerSet perSet) throws Exception {
    return run(config, peerName, shape -> true, perSet);
  }

  /** {@link #run(BenchConfig, String, PerSet)} on the image sets {@code wanted} accepts only. */
  static Map<String, Object> run(BenchConfig config, String peerName, Predicate<ClassicSuite.Shape> wanted,
      PerSet perSet) throws Exception {
    Files.createDirectories(config.workDir());
    Map<String, Object> env = new LinkedHashMap<>();
    env.put("machine", Machine.describe());
    env.put("peerEnvironment", ClassicSuite.PEER_ENV);
    env.put("loadAverageAtStart", Machine.loadAverage());
    try (Peer peer = Peer.start(peerName, config.python(), config.peersDir().resolve("classic_ops.py"),
        ClassicSuite.PEER_ENV); JavaWorkers java = new JavaWorkers(1)) {
      Peer[] peers = {peer};
      env.put("peer", peer.call(Peer.request("hello")));
      for (ClassicSuite.Shape shape : ClassicSuite.SHAPES) {
        if (!wanted.test(shape)) {
          continue;
        }
        BenchImages set = shape.images(config);
        peer.call(ClassicSuite.loadRequest(set));
        perSet.run(shape, set, java, peers);
      }
    }
    env.put("loadAverageAtEnd", Machine.loadAverage());
    return env;
  }
}
