package io.synthaug.runner;

import io.synthaug.api.SynthaugException;
import io.synthaug.core.describe.SchemaGenerator;
import io.synthaug.core.plugin.PluginHost;
import io.synthaug.core.run.OutputExistsException;
import io.synthaug.core.spec.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code runner schema}: a JSON Schema for specs using the loaded plugins' stages. */
@Command(name = "schema", mixinStandardHelpOptions = true,
    description = {"Write a JSON Schema for pipeline specs, generated from the loaded stages' parameter records.",
        "Point a spec's \"$schema\" at it to get completion and checks in an editor."})
final class SchemaCommand implements Callable<Integer> {

  @Mixin
  CommonOptions common;

  @Spec
  CommandSpec cmd;

  @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "Write to FILE instead of standard output.")
  Path out;

  @Option(names = {"-f", "--force"}, description = "Replace FILE if it exists (a file, never a folder).")
  boolean force;

  @Override
  public Integer call() throws IOException {
    try (PluginHost plugins = common.loadPlugins(common.log())) {
      String text = Json.mapper().writeValueAsString(new SchemaGenerator().schema(plugins.all())) + "\n";
      if (out == null) {
        cmd.commandLine().getOut().print(text);
        cmd.commandLine().getOut().flush();
      } else {
        boolean exists = Files.exists(out, LinkOption.NOFOLLOW_LINKS);
        if (exists && (!force || !Files.isRegularFile(out, LinkOption.NOFOLLOW_LINKS))) {
          throw OutputExistsException.file(out.toString(), force);
        }
        write(out, text);
      }
      return 0;
    }
  }

  /**
   * Writes {@code text} to a temporary file beside {@code file} and renames it into place, so
   * {@code file} is never seen half-written: it is either the old file or the whole schema.
   */
  static void write(Path file, String text) {
    Path dir = file.toAbsolutePath().getParent();
    // Not Files.createTempFile: its owner-only permissions would stick to the schema after the rename.
    Path tmp = dir.resolve("." + file.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
    try {
      try {
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        try {
          Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (NoSuchFileException e) {
      throw new SynthaugException("cannot write " + file + ": the folder " + dir + " does not exist", e);
    } catch (AccessDeniedException e) {
      throw new SynthaugException("cannot write " + file + ": permission denied in " + dir, e);
    } catch (IOException e) {
      throw new SynthaugException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
