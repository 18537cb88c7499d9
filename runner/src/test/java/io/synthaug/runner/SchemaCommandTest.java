package io.synthaug.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code runner schema --out} replaces the file whole, through a temporary file it never leaves behind. */
class SchemaCommandTest {

  @TempDir
  Path dir;

  /**
   * What {@link Main#execute} printed and returned.
   *
   * @param code exit code
   * @param out standard output
   * @param err standard error
   */
  record Result(int code, String out, String err) {
  }

  private Result execute(String... args) throws Exception {
    Path plugins = Files.createDirectories(dir.resolve("plugins"));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] all = Stream.concat(Stream.of(args), Stream.of("--plugins-dir", plugins.toString())).toArray(String[]::new);
    int code = Main.execute(all, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }

  private List<String> names(Path folder) throws Exception {
    try (Stream<Path> s = Files.list(folder)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void replacesAnExistingFileWithTheWholeSchema() throws Exception {
    Path target = Files.createDirectories(dir.resolve("target"));
    Path schema = Files.writeString(target.resolve("schema.json"), "old");
    Result printed = execute("schema");
    assertEquals(0, printed.code(), printed.err());
    Result refused = execute("schema", "--out", schema.toString());
    assertEquals(8, refused.code(), refused.err());
    assertTrue(refused.err().contains(schema + " already exists; pass --force to replace it"), refused.err());
    assertEquals("old", Files.readString(schema));
    Result written = execute("schema", "--out", schema.toString(), "--force");
    assertEquals(0, written.code(), written.err());
    assertEquals(printed.out(), Files.readString(schema));
    assertEquals(List.of("schema.json"), names(target), "no temporary file is left");
  }

  @Test
  void aFolderInTheWayIsNeverReplaced() throws Exception {
    Path target = Files.createDirectories(dir.resolve("target"));
    Path taken = Files.createDirectories(target.resolve("schema.json"));
    Files.writeString(taken.resolve("keep.txt"), "a folder is in the way");
    Result r = execute("schema", "--out", taken.toString(), "--force");
    assertEquals(8, r.code(), r.err());
    assertTrue(r.err().contains("refusing to replace " + taken + " with --force: it is not a regular file"), r.err());
    assertEquals(List.of("schema.json"), names(target), "no temporary file is left");
    assertEquals(List.of("keep.txt"), names(taken));
  }

  @Test
  void aMissingFolderIsNamed() throws Exception {
    Path missing = dir.resolve("nowhere/schema.json");
    Result r = execute("schema", "--out", missing.toString());
    assertEquals(1, r.code(), r.err());
    assertEquals("error: cannot write " + missing + ": the folder " + missing.getParent() + " does not exist",
        r.err().strip());
  }
}
