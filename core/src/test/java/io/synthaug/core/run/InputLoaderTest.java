package io.synthaug.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.synthaug.api.Image;
import io.synthaug.api.InputException;
import io.synthaug.core.data.PngCodec;
import io.synthaug.core.spec.InputSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputLoaderTest {

  @TempDir
  Path dir;

  /** {@code root/a/0.png} and {@code root/b/0.png}, two gray 2x2 images. */
  private Path tree(String name) throws IOException {
    Path root = dir.resolve(name);
    for (String c : new String[] {"a", "b"}) {
      Files.createDirectories(root.resolve(c));
      PngCodec.write(new Image(2, 2, 1, new float[] {0, c.equals("a") ? 1 : 0.5f, 0, 0}), root.resolve(c).resolve("0.png"));
    }
    return root;
  }

  private static InputLoader.Loaded load(Path root) {
    return InputLoader.load(new InputSpec.ImageFolder(root.toString(), null, null), Path::of, RunLog.stderr(false));
  }

  private static String hash(Path root) {
    return load(root).files().get(0).sha256();
  }

  @Test
  void aLinkedInputFolderIsHashedLikeTheFolderItself() throws IOException {
    Path real = tree("real");
    Path link = Files.createSymbolicLink(dir.resolve("link"), real);
    assertEquals(hash(real), hash(link));
    // not the hash of no files at all, which a walk that stops at the link gives
    assertNotEquals(io.synthaug.core.Hashes.sha256(""), hash(link));
  }

  @Test
  void aLinkedClassFolderCountsWithTheFilesItLeadsTo() throws IOException {
    Path plain = tree("plain");
    Path elsewhere = tree("elsewhere");
    Path linked = Files.createDirectories(dir.resolve("linked"));
    Files.createSymbolicLink(linked.resolve("a"), plain.resolve("a"));
    Files.createSymbolicLink(linked.resolve("b"), elsewhere.resolve("b"));
    assertEquals(hash(plain), hash(linked));
    PngCodec.write(new Image(2, 2, 1, new float[4]), elsewhere.resolve("b").resolve("0.png"));
    assertNotEquals(hash(plain), hash(linked));
  }

  @Test
  void dotFilesAreNeitherReadNorHashed() throws IOException {
    Path root = tree("root");
    String before = hash(root);
    Files.writeString(root.resolve(".DS_Store"), "finder");
    Files.writeString(root.resolve("a").resolve(".DS_Store"), "finder");
    Files.createDirectories(root.resolve(".git").resolve("objects"));
    Files.writeString(root.resolve(".git").resolve("objects").resolve("x"), "git");
    // a dot-file that cannot be read at all
    Files.createSymbolicLink(root.resolve("b").resolve(".broken"), dir.resolve("nowhere"));
    assertEquals(before, hash(root));
    assertEquals(2, load(root).dataset().size());
  }

  @Test
  void anOutputInsideALinkedClassFolderIsRefused() throws IOException {
    Path ok = tree("ok");
    Path sym = Files.createDirectories(dir.resolve("sym").resolve("a")).getParent();
    PngCodec.write(new Image(2, 2, 1, new float[4]), sym.resolve("a").resolve("0.png"));
    Files.createSymbolicLink(sym.resolve("b"), ok.resolve("b"));
    var kept = InputLoader.paths(new InputSpec.ImageFolder(sym.toString(), null, null), "$.input", Path::of);
    String clash = new OutputStaging(ok.resolve("b").resolve("out")).clash(kept);
    assertNotNull(clash);
    assertTrue(clash.contains("lies inside the linked class folder of the input image folder ($.input.path) "
        + sym.resolve("b")), clash);
    assertEquals(null, new OutputStaging(dir.resolve("out")).clash(kept));
  }

  @Test
  void anUnreadableImageNamesTheReasonNotAnExceptionClass() throws IOException {
    Path root = tree("root");
    Path f = root.resolve("a").resolve("0.png");
    org.junit.jupiter.api.Assumptions.assumeTrue(f.toFile().setReadable(false, false) && !Files.isReadable(f),
        "permissions are not enforced for this user (root)");
    try {
      InputException e = assertThrows(InputException.class, () -> load(root));
      assertEquals(f.toString(), e.file());
      assertTrue(e.problem().contains("permission denied"), e.getMessage());
    } finally {
      assertTrue(f.toFile().setReadable(true, false));
    }
  }
}
