package io.synthaug.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A peer script in its own long-lived process, driven by JSON lines (see
 * {@code bench/peers/peer_io.py}).
 *
 * <p>The process stays up for a whole suite so the peer, like the JVM, is measured warm: its
 * imports, loaded data and caches survive from one repetition to the next. While the Java side
 * measures, the peer blocks on its stdin and takes no CPU.
 */
public final class Peer implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String name;
  private final Process process;
  private final BufferedWriter in;
  private final BufferedReader out;

  /** glibc's settings variable, which a peer does not inherit from the bench JVM. */
  private static final String TUNABLES = "GLIBC_TUNABLES";
  /** Set this to give the peers a {@code GLIBC_TUNABLES} of their own (for example the runner's). */
  public static final String PEER_TUNABLES = "BENCH_PEER_GLIBC_TUNABLES";

  private Peer(String name, Process process) {
    this.name = name;
    this.process = process;
    this.in = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
    this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
  }

  /**
   * Starts {@code python script} with {@code env} added to this process's environment; the
   * peer's stderr goes to ours.
   *
   * <p>The peer runs as a user starts a Python script: without the glibc malloc thresholds that
   * {@code bin/runner} (and so {@code bench/run.sh}) sets for the Java side, unless
   * {@value #PEER_TUNABLES} names the peer's own {@code GLIBC_TUNABLES}.
   *
   * @param name how errors refer to this peer, e.g. {@code classic worker 1}
   */
  public static Peer start(String name, String python, Path script, Map<String, String> env) throws IOException {
    List<String> command = new ArrayList<>(List.of(python, "-u", script.toString()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
    Map<String, String> peerEnv = builder.environment();
    peerEnv.remove(TUNABLES);
    String tuned = System.getenv(PEER_TUNABLES);
    if (tuned != null) {
      peerEnv.put(TUNABLES, tuned);
    }
    peerEnv.putAll(env);
    return new Peer(name, builder.start());
  }

  /** What the peers' {@code GLIBC_TUNABLES} is: "none" or the value given. */
  public static String tunables() {
    String tuned = System.getenv(PEER_TUNABLES);
    return tuned == null ? "none" : tuned;
  }

  /** A new request object with its {@code cmd} set. */
  public static ObjectNode request(String cmd) {
    return JSON.createObjectNode().put("cmd", cmd);
  }

  /** Sends a request without waiting, so several peers can work at once; pair with {@link #receive}. */
  public void send(ObjectNode request) throws IOException {
    in.write(JSON.writeValueAsString(request));
    in.write('\n');
    in.flush();
  }

  /**
   * The answer to the oldest request not yet answered.
   *
   * @throws BenchException if the peer died or answered with an error
   */
  public JsonNode receive() throws IOException {
    String line = out.readLine();
    if (line == null) {
      throw new BenchException(name + " exited (status " + waitForExit() + ") without answering;"
          + " its messages are above");
    }
    JsonNode reply = JSON.readTree(line);
    if (reply.has("error")) {
      throw new BenchException(name + " failed:\n" + reply.get("error").asText());
    }
    return reply;
  }

  /** Sends {@code request} and waits for its answer. */
  public JsonNode call(ObjectNode request) throws IOException {
    send(request);
    return receive();
  }

  private String waitForExit() {
    try {
      return process.waitFor(5, TimeUnit.SECONDS) ? Integer.toString(process.exitValue()) : "still running";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }

  /** Asks the peer to quit, and kills it if it does not within a few seconds. */
  @Override
  public void close() {
    try {
      if (process.isAlive()) {
        send(request("quit"));
        out.readLine();
      }
    } catch (IOException e) {
      // Already gone; nothing to tell the peer.
    }
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
