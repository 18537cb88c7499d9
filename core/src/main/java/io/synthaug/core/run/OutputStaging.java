package io.synthaug.core.run;

import io.synthaug.api.SynthaugException;
import io.synthaug.core.EndedProcesses;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
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
 * for {@code --resume} and is removed on success.
 *
 * <p>A run that is killed cannot clean up after itself: its staging folder (named with its
 * process id) stays behind, and so does the previous output if it was killed in the middle of
 * {@link #commit()}. {@link #recoverStale()} clears what such runs left once their processes are
 * gone; the runners call it before each run.
 */
public final class OutputStaging {

  private final Path output;
  private final Path staging;
  private final Path checkpoints;

  /**
   * Writes an output folder in one go: checks it may be written, stages, lets {@code writer} fill
   * the staging folder, and moves it into place; on any failure nothing is left behind.
   */
  public static void writeAtomically(Path output, boolean force, java.util.function.Consumer<Path> writer) {
    OutputStaging staging = new OutputStaging(output);
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

  /** Staging for the output folder {@code output}. */
  public OutputStaging(Path output) {
    this.output = output.toAbsolutePath().normalize();
    Path parent = this.output.getParent();
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
      if (deadProcessFolder(entry, "." + name + ".old-")) {
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
    return Files.isDirectory(entry) && EndedProcesses.leftBy(entry.getFileName().toString(), prefix, "");
  }

  /** Fails before any work when the output exists and may not be replaced. */
  public void checkOutput(boolean force, boolean resume) {
    if (Files.exists(output) && !force) {
      throw new OutputExistsException(output.toString());
    }
    if (Files.isDirectory(checkpoints) && !resume) {
      throw new SynthaugException("found checkpoints of an interrupted run in " + checkpoints
          + ": rerun with --resume to continue it, or delete that folder to start over");
    }
    if (resume && !Files.isDirectory(checkpoints)) {
      throw new SynthaugException("--resume was given but there is no interrupted run to resume (no "
          + checkpoints + ")");
    }
  }

  /** Creates an empty staging folder. */
  public void create() {
    try {
      Files.createDirectories(output.getParent());
      deleteTree(staging);
      Files.createDirectories(staging);
    } catch (IOException e) {
      throw new SynthaugException("cannot create the staging folder " + staging + ": " + e.getMessage(), e);
    }
  }

  /** Moves the staging folder into place, replacing an existing output (the run was forced). */
  public void commit() {
    Path old = output.resolveSibling("." + output.getFileName() + ".old-" + ProcessHandle.current().pid());
    try {
      if (Files.exists(output)) {
        move(output, old);
      }
      move(staging, output);
      deleteTree(old);
      deleteTree(checkpoints);
    } catch (IOException e) {
      throw new SynthaugException("cannot move the finished output into " + output + ": " + e.getMessage(), e);
    }
  }

  /** Removes what a failed run staged; checkpoints stay for --resume. */
  public void abort() {
    try {
      deleteTree(staging);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
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
