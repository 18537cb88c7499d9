package io.synthaug.core.ort;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Removes, when the JVM exits, the folder into which ONNX Runtime's Java loader copied its native
 * libraries.
 *
 * <p>The loader of ONNX Runtime 1.23.2 copies {@code libonnxruntime.so}, its JNI library and its
 * provider bridge into a fresh {@code onnxruntime-java<digits>} folder of {@code java.io.tmpdir},
 * and marks the files and then the folder for deletion on exit. The JVM deletes in the reverse
 * order of marking, so it tries the folder while the libraries are still in it, then deletes the
 * libraries: every process that loaded ONNX Runtime left one empty folder behind. This class finds
 * that folder by the libraries the process has mapped and deletes it, and the libraries in it, in
 * a shutdown hook, which runs before the JVM's own deletions. A mapped library stays usable after
 * its file is unlinked.
 */
final class OrtLibraryFolder {

  /** The prefix of the folder's name, as the loader creates it. */
  static final String FOLDER_PREFIX = "onnxruntime-java";
  /** The prefix shared by every library the loader copies there. */
  static final String LIBRARY_PREFIX = "libonnxruntime";

  private OrtLibraryFolder() {
  }

  /**
   * Registers the shutdown hook for the folders the loaded libraries lie in; does nothing where
   * the process's mappings cannot be read (not Linux) or the libraries were loaded from elsewhere.
   */
  static void removeOnExit() {
    List<Path> folders;
    try {
      Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toRealPath();
      folders = libraryFolders(Files.readAllLines(Path.of("/proc/self/maps")), tmp);
    } catch (IOException | RuntimeException e) {
      // a cleanup that cannot start must never keep ONNX Runtime from loading
      return;
    }
    if (!folders.isEmpty()) {
      Runtime.getRuntime().addShutdownHook(new Thread(() -> folders.forEach(OrtLibraryFolder::remove),
          "synthaug-onnxruntime-cleanup"));
    }
  }

  /**
   * The loader's folders in {@code tmp} that hold a library named in {@code maps} (the lines of
   * {@code /proc/self/maps}), each once, in the order first seen.
   */
  static List<Path> libraryFolders(List<String> maps, Path tmp) {
    List<Path> folders = new ArrayList<>();
    for (String line : maps) {
      int slash = line.indexOf('/');
      if (slash < 0) {
        continue;
      }
      Path file = Path.of(line.substring(slash));
      Path folder = file.getParent();
      if (folder != null && file.getFileName().toString().startsWith(LIBRARY_PREFIX)
          && folder.getFileName().toString().startsWith(FOLDER_PREFIX) && tmp.equals(folder.getParent())
          && !folders.contains(folder)) {
        folders.add(folder);
      }
    }
    return folders;
  }

  /**
   * Deletes the loader's libraries in {@code folder}, then the folder if nothing else is in it.
   * Never throws: at exit there is nobody to tell.
   */
  static void remove(Path folder) {
    try (Stream<Path> files = Files.list(folder)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        if (f.getFileName().toString().startsWith(LIBRARY_PREFIX) && Files.isRegularFile(f)) {
          Files.deleteIfExists(f);
        }
      }
      Files.deleteIfExists(folder);
    } catch (IOException | UncheckedIOException e) {
      // Something else is in the folder, or it went away: leave it as it is.
    }
  }
}
