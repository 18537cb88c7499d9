package io.synthaug.core.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.synthaug.api.PluginException;
import io.synthaug.api.Stage;
import io.synthaug.api.StageContext;
import io.synthaug.api.StageFactory;
import io.synthaug.core.testing.TestStages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginHostTest {

  @TempDir
  Path dir;

  @Test
  void twoFactoriesForOneTypeAreAClash() {
    PluginException e = assertThrows(PluginException.class, () ->
        PluginHost.load(null, List.of(new TestStages.Fail(), new TestStages.Fail()), List.of()));
    assertTrue(e.getMessage().contains("stage type 'fail'"), e.getMessage());
    assertTrue(e.getMessage().contains("offers too"), e.getMessage());
  }

  /** Params of the badly named factory. */
  record NoParams() {
  }

  @Test
  void badTypeNameIsRejected() {
    StageFactory<NoParams> bad = new StageFactory<>() {
      @Override
      public String type() {
        return "Bad Name";
      }

      @Override
      public String description() {
        return "";
      }

      @Override
      public Class<NoParams> paramsType() {
        return NoParams.class;
      }

      @Override
      public Stage create(NoParams params, StageContext context) {
        throw new UnsupportedOperationException();
      }
    };
    PluginException e = assertThrows(PluginException.class, () -> PluginHost.load(null, List.of(bad), List.of()));
    assertTrue(e.getMessage().contains("'Bad Name'"), e.getMessage());
  }

  @Test
  void corruptJarIsReportedByNameAndNotFatal() throws Exception {
    Files.writeString(dir.resolve("broken.jar"), "not a zip", StandardCharsets.UTF_8);
    try (PluginHost host = PluginHost.load(dir, List.of(new TestStages.Brighten()), List.of())) {
      assertEquals(1, host.problems().size());
      PluginInfo p = host.problems().get(0);
      assertEquals("broken.jar", p.id());
      assertTrue(p.problem().startsWith("cannot be loaded"), p.problem());
      assertTrue(host.find("brighten").isPresent());
    }
  }

  @Test
  void missingFolderIsAPluginError() {
    PluginException e = assertThrows(PluginException.class, () -> PluginHost.load(dir.resolve("nope")));
    assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
  }
}
