package io.synthaug.core.run;

import io.synthaug.api.SynthaugException;
import io.synthaug.core.EndedProcesses;
import io.synthaug.core.IoErrors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Everything a run writes goes to a hidden staging folder beside the output and is moved into
 * place only when the whole pipeline succeeded, so a failed or killed run never leaves a
 * half-written output folder. Checkpoints live in a second hidden folder that survives failures
 * for {@code --resume} and is removed on success; a failed run removes it too when it holds no
 * checkpoint.
 *
 * <p>A run stopped by Ctrl-C or a plain {@code kill} removes its staging folder on the way out
 * (a shutdown hook, from {@link #create()} until {@link #commit()} or {@link #abort()}), and says
 * so. A run killed outright cannot clean up after itself: its staging folder (named with its
 * process id) stays behind, and so does the previous output if it was killed in the middle of
 * {@link #commit()}. {@link #recoverStale()} clears what such runs left once their processes are
 * gone; the runners call it before each run.
 */
public final class OutputStaging {

  private final Path output;
  private final Path staging;
  private final Path checkpoints;
  private final RunLog log;
  private final FileOps ops;
  /** Where the run stands, for the shutdown hook; guarded by {@code this}. */
  private State state = State.NEW;
  /** Whether {@link #checkOutput} was told to replace an earlier output; commit checks again. */
  private boolean forced;
  /** The shutdown hook while the run stages, else null; guarded by {@code this}. */
  private Thread onExit;

  /** Staged files may be removed at exit only in {@code STAGING}: nothing has moved yet. */
  private enum State { NEW, STAGING, COMMITTING, ENDED }

  /** Set by the shutdown hook: the JVM is exiting while a run stages. */
  private static volatile boolean stopping;

  /**
   * Whether the JVM is exiting (Ctrl-C, a plain kill) while a run was still staging: the run's
   * threads go on until the JVM halts and may fail on the folder removed under them, errors no
   * one needs to see, since the run has already said that it was stopped.
   */
  public static boolean stopping() {
    return stopping;
  }

  /** The moves and deletions of {@link #commit()} and {@link #abort()}. */
  interface FileOps {
    /** The file system itself. */
    FileOps DISK = new FileOps() {
      @Override
      public void move(Path from, Path to) throws IOException {
        OutputStaging.move(from, to);
      }

      @Override
      public void deleteTree(Path root) throws IOException {
        OutputStaging.deleteTree(root);
      }
    };

    /** Renames {@code from} to {@code to}. */
    void move(Path from, Path to) throws IOException;

    /** Deletes a folder and everything in it; nothing when it does not exist. */
    void deleteTree(Path root) throws IOException;
  }

  /**
   * Writes an output folder in one go: checks it may be written, stages, lets {@code writer} fill
   * the staging folder, and moves it into place; on any failure nothing is left behind.
   */
  public static void writeAtomically(Path output, boolean force, java.util.function.Consumer<Path> writer) {
    writeAtomically(new OutputStaging(output), force, writer);
  }

  /** {@link #writeAtomically(Path, boolean, java.util.function.Consumer)} through {@code staging}. */
  static void writeAtomically(OutputStaging staging, boolean force, java.util.function.Consumer<Path> writer) {
    staging.recoverStale();
    staging.checkOutput(force, false);
    staging.create();
    boolean ok = false;
    try {
      writer.accept(staging.staging());
      staging.commit();
      ok = true;
    } finally {
      if (!ok) {
        staging.abort();
      }
    }
  }

  /** Staging for the output folder {@code output}; warnings go to standard error. */
  public OutputStaging(Path output) {
    this(output, RunLog.stderr(false));
  }

  /** Staging for the output folder {@code output}; what is left behind after a run is logged to {@code log}. */
  public OutputStaging(Path output, RunLog log) {
    this(output, log, FileOps.DISK);
  }

  /** Staging whose moves and deletions go through {@code ops}, so that tests can make one fail. */
  OutputStaging(Path output, RunLog log, FileOps ops) {
    this.log = log;
    this.ops = ops;
    this.output = output.toAbsolutePath().normalize();
    Path parent = this.output.getParent();
    if (parent == null || this.output.getFileName() == null) {
      throw new SynthaugException("the output folder cannot be " + this.output + ", the root of the file system:"
          + " a run writes its output beside the output folder first and moves it in; choose a folder below it");
    }
    String name = this.output.getFileName().toString();
    this.staging = parent.resolve("." + name + ".staging-" + ProcessHandle.current().pid());
    this.checkpoints = parent.resolve("." + name + ".checkpoints");
  }

  /** The output folder. */
  public Path output() {
    return output;
  }

  /** The hidden folder everything is written to first. */
  public Path staging() {
    return staging;
  }

  /** The hidden folder of checkpoints that survive a failed run. */
  public Path checkpoints() {
    return checkpoints;
  }

  /**
   * Clears what killed runs left beside the output: staging folders whose process has ended are
   * deleted, and a previous output that an interrupted {@link #commit()} had set aside is put back
   * when the output is missing (deleted when the new output made it into place). Folders of
   * processes that are still alive, another run writing the same output, are left alone, and so is
   * this process's own staging folder.
   *
   * @return one line for each folder deleted or put back, for the run's log
   */
  public List<String> recoverStale() {
    List<String> done = new ArrayList<>();
    Path parent = output.getParent();
    if (!Files.isDirectory(parent)) {
      return done;
    }
    String name = output.getFileName().toString();
    List<Path> entries;
    try (Stream<Path> listing = Files.list(parent)) {
      entries = listing.sorted().toList();
    } catch (IOException e) {
      throw new SynthaugException("cannot list " + parent + " to look for interrupted runs: " + e.getMessage(), e);
    }
    // set-aside outputs first, so that a missing output comes back before stagings are judged
    for (Path entry : entries) {
      // by name alone: a set-aside output keeps the older run's time, so the rule of
      // deadProcessFolder would call a committing run's folder left behind
      if (Files.isDirectory(entry)
          && EndedProcesses.leftBy(entry.getFileName().toString(), "." + name + ".old-", "")) {
        try {
          if (Files.exists(output)) {
            deleteTree(entry);
            done.add("removed " + entry + ", the previous output an interrupted run had set aside");
          } else {
            move(entry, output);
            done.add("put back " + output + " from " + entry.getFileName()
                + ", where an interrupted run had set it aside");
          }
        } catch (IOException e) {
          throw new SynthaugException("cannot recover " + entry + " left by an interrupted run: " + e.getMessage(), e);
        }
      }
    }
    for (Path entry : entries) {
      if (deadProcessFolder(entry, "." + name + ".staging-")) {
        try {
          deleteTree(entry);
        } catch (IOException e) {
          throw new SynthaugException("cannot remove " + entry + " left by an interrupted run: " + e.getMessage(), e);
        }
        done.add("removed " + entry + ", the staging folder of an interrupted run");
      }
    }
    return done;
  }

  /** Whether {@code entry} is a folder {@code prefix<pid>} of a process that has ended (not this one). */
  private static boolean deadProcessFolder(Path entry, String prefix) {
    return Files.isDirectory(entry) && EndedProcesses.leftBy(entry, prefix, "");
  }

  /**
   * A path a run reads, which its output must keep clear of.
   *
   * @param what names it in messages, such as "the spec's folder"
   * @param path the path, absolute or relative to the working folder
   * @param outputMayLieInside whether the output may be a folder inside it (the spec's folder,
   *     where outputs usually go), not only beside it
   */
  public record Kept(String what, Path path, boolean outputMayLieInside) {
  }

  /**
   * What is wrong with writing the output where it is, or null when it keeps clear of every
   * {@code kept} path: it must not be one of them or hold one, since a forced run moves the
   * existing output aside and deletes it, and it must not lie inside one unless that one allows
   * it. Paths are compared after resolving symbolic links as far as they exist.
   */
  public String clash(List<Kept> kept) {
    Path out = realPath(output);
    for (Kept k : kept) {
      if (k.path() == null) {
        continue;
      }
      Path p = realPath(k.path().toAbsolutePath().normalize());
      String how = out.equals(p) ? "is" : p.startsWith(out) ? "holds"
          : out.startsWith(p) && !k.outputMayLieInside() ? "lies inside" : null;
      if (how != null) {
        return "the output folder " + output + " " + how + " " + k.what() + " " + k.path().toAbsolutePath().normalize()
            + (out.equals(output) && p.equals(k.path().toAbsolutePath().normalize()) ? ""
                : " (" + out + " and " + p + " once links are followed)")
            + "; a forced run replaces and deletes what is in the output folder, and a run must not write into what"
            + " it reads, so choose an output folder outside it";
      }
    }
    return null;
  }

  /**
   * {@code path} with its longest existing part replaced by its real path (symbolic links
   * followed), the rest appended as written.
   */
  static Path realPath(Path path) {
    Path existing = path;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return path;
    }
    try {
      return existing.toRealPath().resolve(existing.relativize(path)).normalize();
    } catch (IOException e) {
      return path;
    }
  }

  /**
   * Fails before any work when the output exists and may not be replaced (the run is not forced,
   * or the path is no earlier run's output: {@link #notAnOutput}), when an interrupted
   * run's checkpoints are there and {@code resume} is not set, or when {@code resume} is set and
   * there is no checkpoint. A checkpoints folder that holds no checkpoint (a run killed before or
   * while writing its first one, or refused by a stage's own checks before training) is no
   * interrupted run: a run without {@code resume} removes it. Fails too while another run of the
   * same output is alive (its staging folder names a live process): its checkpoints and its output
   * are its own. {@link #commit} checks the output again, since it may appear while the run works.
   */
  public void checkOutput(boolean force, boolean resume) {
    forced = force;
    long other = otherLiveRun();
    if (other != 0) {
      throw OutputExistsException.busy("another run (process " + other + ") is writing " + output + " now (its"
          + " staging folder " + output.resolveSibling("." + output.getFileName() + ".staging-" + other) + "): wait"
          + " for it to end, or choose another output folder");
    }
    checkReplaceable(output, force);
    if (Files.isDirectory(checkpoints) && !holdsCheckpoints(checkpoints)) {
      if (resume) {
        throw new NothingToResumeException("--resume was given but the earlier run left no checkpoint in " + checkpoints
            + " (it stopped before its first one): rerun without --resume to start afresh");
      }
      try {
        ops.deleteTree(checkpoints);
      } catch (IOException | UncheckedIOException e) {
        throw new SynthaugException("cannot remove the empty checkpoints folder " + checkpoints + " of an earlier run: "
            + e.getMessage() + "; delete it by hand", e);
      }
      log.info("removed " + checkpoints + ", which held no checkpoint: an earlier run stopped before its first one");
    }
    if (Files.isDirectory(checkpoints) && !resume) {
      throw OutputExistsException.busy("found checkpoints" + ofStages() + " of an earlier run of this output that did"
          + " not finish (it failed or was stopped) in " + checkpoints + ": rerun with --resume to continue from them,"
          + " or delete that folder to start over");
    }
    if (resume && !Files.isDirectory(checkpoints)) {
      throw new NothingToResumeException("--resume was given but there is no interrupted run to resume (no "
          + checkpoints + "): rerun without --resume");
    }
  }

  /**
   * Fails when {@code output} exists and a run may not replace it: always without {@code force},
   * and with it when the folder is no earlier run's output. Changes nothing, so a command that only
   * checks ({@code runner experiment --check}) can say what the run would.
   *
   * @throws OutputExistsException when the run would refuse the output
   */
  public static void checkReplaceable(Path output, boolean force) {
    if (Files.exists(output, LinkOption.NOFOLLOW_LINKS)) {
      if (!force) {
        throw OutputExistsException.exists(output.toString());
      }
      String why = notAnOutput(output);
      if (why != null) {
        throw OutputExistsException.notReplaceable(output.toString(), why);
      }
    }
  }

  /**
   * The names of the folders in the checkpoints folder that hold a checkpoint (each stage keeps
   * its own in a folder named by its id), sorted; empty when there is no checkpoints folder.
   */
  public List<String> checkpointStages() {
    if (!Files.isDirectory(checkpoints)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(checkpoints)) {
      return entries.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) && holdsCheckpoints(p))
          .map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException | UncheckedIOException e) {
      throw new SynthaugException("cannot list the checkpoints folder " + checkpoints + ": " + e.getMessage(), e);
    }
  }

  /** Files one of which every output of a run holds: a pipeline's or a sample's, an experiment's. */
  static final List<String> OUTPUT_MARKERS = List.of("run.json", "results.json");

  /**
   * Why {@code path} is no earlier run's output that a forced run may replace, or null when it is
   * one: an empty folder, or a folder holding {@link #OUTPUT_MARKERS one of the marker files}.
   * A mistyped {@code --out} must never delete a user's file or folder.
   */
  static String notAnOutput(Path path) {
    if (Files.isSymbolicLink(path)) {
      return "it is a symbolic link, not a folder";
    }
    if (!Files.isDirectory(path)) {
      return "it is a file, not a folder";
    }
    try (Stream<Path> entries = Files.list(path)) {
      if (entries.findAny().isEmpty()) {
        return null;
      }
    } catch (IOException | UncheckedIOException e) {
      return "it cannot be listed (" + e.getMessage() + ")";
    }
    return OUTPUT_MARKERS.stream().anyMatch(m -> Files.isRegularFile(path.resolve(m), LinkOption.NOFOLLOW_LINKS))
        ? null : "it holds neither run.json nor results.json, so no run wrote it";
  }

  /**
   * Creates an empty staging folder, and from here until {@link #commit()} or {@link #abort()}
   * removes it should the JVM exit first (Ctrl-C, a plain kill).
   */
  public void create() {
    try {
      Files.createDirectories(output.getParent());
      deleteTree(staging);
      Files.createDirectories(staging);
    } catch (FileAlreadyExistsException | NotDirectoryException e) {
      throw new SynthaugException("cannot create the staging folder " + staging + ": " + e.getFile()
          + " is a file, not a folder", e);
    } catch (IOException e) {
      throw new SynthaugException("cannot create the staging folder " + staging + ": "
          + IoErrors.describe(staging, e), e);
    }
    synchronized (this) {
      state = State.STAGING;
      onExit = new Thread(() -> exitWhileStaging(true), "synthaug-staging-cleanup");
      try {
        Runtime.getRuntime().addShutdownHook(onExit);
      } catch (IllegalStateException e) {
        // the JVM is already on its way out: the next run of this output removes the folder
        onExit = null;
      }
    }
  }

  /**
   * The shutdown hook: the JVM exits while the run is still staging. The run's own threads go on
   * until the JVM halts and may still write, so a deletion that meets a file appearing under it is
   * tried again, up to ten times 20 ms apart; whatever is left is removed by the next run of this
   * output, as for a run killed outright. The checkpoints folder is left alone: a checkpoint may
   * be moving into place at this moment, and the next run removes a folder that holds none.
   *
   * @param exiting whether the JVM is exiting (the hook itself), which marks {@link #stopping()};
   *     tests call this without
   */
  void exitWhileStaging(boolean exiting) {
    synchronized (this) {
      if (state != State.STAGING) {
        return;
      }
      state = State.ENDED;
      if (exiting) {
        stopping = true;
      }
    }
    for (int pass = 0; pass < 10 && Files.exists(staging); pass++) {
      try {
        ops.deleteTree(staging);
      } catch (IOException | UncheckedIOException e) {
        // A file the run was writing appeared or vanished under the walk. Its writers fail once
        // their folders are gone: give them a moment, then try again.
        try {
          Thread.sleep(20);
        } catch (InterruptedException stop) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    String what = Files.exists(staging)
        ? "could not remove all of its staging folder " + staging + "; the next run of this output removes it"
        : "removed its staging folder " + staging;
    String kept = Files.isDirectory(checkpoints) && holdsCheckpoints(checkpoints)
        ? "; the checkpoints in " + checkpoints + " stay: rerun with --resume to continue" : "";
    log.warn("the run was stopped before it finished: " + what + kept);
  }

  /** Moves the run past staging: from here the shutdown hook leaves everything as it is. */
  private synchronized void leaveStaging(State next) {
    if (state == State.ENDED && next == State.COMMITTING) {
      throw new SynthaugException("the run was stopped before its output could be moved into " + output);
    }
    state = next;
    if (next == State.ENDED && onExit != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(onExit);
      } catch (IllegalStateException e) {
        // shutting down: the hook, if it runs, finds the state ended and does nothing
      }
      onExit = null;
    }
  }

  /**
   * Moves the staging folder into place, replacing an existing output (the run was forced, and it
   * is still an earlier run's output: something else that appeared meanwhile is refused). When
   * the new output cannot be moved in, the previous one is put back and the error says so. Once
   * the new output is in place the run has succeeded: a previous output or checkpoints that cannot
   * be removed are left behind with a warning naming them.
   */
  public void commit() {
    leaveStaging(State.COMMITTING);
    try {
      moveIntoPlace();
    } finally {
      leaveStaging(State.ENDED);
    }
  }

  private void moveIntoPlace() {
    Path old = output.resolveSibling("." + output.getFileName() + ".old-" + ProcessHandle.current().pid());
    boolean setAside = false;
    if (Files.exists(output, LinkOption.NOFOLLOW_LINKS)) {
      // it may have appeared since checkOutput: another run, or a folder of the user's
      String why = forced ? notAnOutput(output) : "the run was not forced";
      if (why != null) {
        throw OutputExistsException.appeared(output.toString(), why);
      }
      try {
        ops.move(output, old);
        setAside = true;
      } catch (IOException e) {
        throw new SynthaugException("cannot move the previous output " + output + " aside to " + old
            + " to make room for the new one: " + e.getMessage() + "; the previous output is unchanged", e);
      }
    }
    try {
      ops.move(staging, output);
    } catch (IOException e) {
      if (!setAside) {
        throw new SynthaugException("cannot move the finished output into " + output + ": " + e.getMessage(), e);
      }
      try {
        ops.move(old, output);
      } catch (IOException back) {
        e.addSuppressed(back);
        throw new SynthaugException("cannot move the finished output into " + output + ": " + e.getMessage()
            + "; nor could the previous output be put back (" + back.getMessage() + "): it is in " + old
            + ", which the next run of this output puts back, or move it back by hand", e);
      }
      throw new SynthaugException("cannot move the finished output into " + output + ": " + e.getMessage()
          + "; the previous output was put back in place", e);
    }
    if (setAside) {
      removeLeftover(old, "the previous output, set aside in " + old + ",",
          "the next run of this output removes it, or delete it by hand");
    }
    removeLeftover(checkpoints, "the checkpoints in " + checkpoints,
        "delete that folder by hand, or the next run of this output asks for --resume");
  }

  /** Deletes what a successful run no longer needs; a failure is only a warning. */
  private void removeLeftover(Path folder, String what, String advice) {
    try {
      ops.deleteTree(folder);
    } catch (IOException | UncheckedIOException e) {
      log.warn("the output is in place in " + output + " but " + what + " could not be removed (" + e.getMessage()
          + "); " + advice);
    }
  }

  /**
   * Removes what a failed run staged; checkpoints stay for --resume, and a line says where they
   * are and what to do with them. Called while another error is on its way, so a folder that
   * cannot be removed is only a warning and never hides that error.
   */
  public void abort() {
    leaveStaging(State.ENDED);
    if (stopping) {
      // the shutdown hook removes the folder and has said so; the run's error is an echo of that
      return;
    }
    try {
      ops.deleteTree(staging);
    } catch (IOException | UncheckedIOException e) {
      log.warn("cannot remove the staging folder " + staging + " of the failed run (" + e.getMessage()
          + "); the next run of this output removes it, or delete it by hand");
    }
    // checkpoints survive a failure so that --resume can continue; folders with none do not,
    // unless another live run of this output may be about to write into them
    try {
      if (Files.isDirectory(checkpoints) && !holdsCheckpoints(checkpoints) && otherLiveRun() == 0) {
        ops.deleteTree(checkpoints);
      }
    } catch (IOException | UncheckedIOException | SynthaugException e) {
      log.warn("cannot remove the empty checkpoints folder " + checkpoints + " of the failed run ("
          + e.getMessage() + "); the next run of this output removes it");
    }
    if (Files.isDirectory(checkpoints) && holdsCheckpoints(checkpoints)) {
      log.info("the checkpoints" + ofStages() + " stay in " + checkpoints + ": rerun with --resume to continue from"
          + " them, or delete that folder to start over");
    }
  }

  /** " of stage 'g'" or " of stages 'a', 'b'" for what the checkpoints folder holds, or "" when that is unknown. */
  private String ofStages() {
    List<String> stages;
    try {
      stages = checkpointStages();
    } catch (SynthaugException e) {
      return "";
    }
    return stages.isEmpty() ? "" : stages.size() == 1 ? " of stage '" + stages.get(0) + "'"
        : " of stages " + String.join(", ", stages.stream().map(s -> "'" + s + "'").toList());
  }

  /**
   * Whether the tree under {@code root} holds a checkpoint: anything but folders and files whose
   * name ends in {@code .tmp}, which are writes that never finished ({@code StageContext#checkpointDir}).
   */
  static boolean holdsCheckpoints(Path root) {
    try (Stream<Path> all = Files.walk(root)) {
      return all.anyMatch(p -> !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)
          && !p.getFileName().toString().endsWith(".tmp"));
    } catch (IOException | UncheckedIOException e) {
      // unreadable, or changing under the walk: keep treating it as a run's checkpoints, whose
      // errors name the folder
      return true;
    }
  }

  /** The process id of another live run writing this output (its staging folder), or 0. */
  private long otherLiveRun() {
    String prefix = "." + output.getFileName() + ".staging-";
    if (!Files.isDirectory(output.getParent())) {
      return 0;
    }
    try (Stream<Path> listing = Files.list(output.getParent())) {
      return listing.filter(Files::isDirectory).mapToLong(p -> EndedProcesses.liveOther(p, prefix, ""))
          .filter(pid -> pid != 0).findFirst().orElse(0);
    } catch (IOException | UncheckedIOException e) {
      throw new SynthaugException("cannot list " + output.getParent() + " to look for other runs of " + output + ": "
          + e.getMessage(), e);
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to);
    }
  }

  /** Deletes a folder and everything in it; nothing when it does not exist. */
  public static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
        Files.delete(dir);
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
