package io.synthaug.core.testing;

import io.synthaug.api.Checks;
import io.synthaug.api.DatasetStage;
import io.synthaug.api.ExtensionLookup;
import io.synthaug.api.ImageStage;
import io.synthaug.api.Origin;
import io.synthaug.api.Param;
import io.synthaug.api.ParamException;
import io.synthaug.api.Sample;
import io.synthaug.api.Stage;
import io.synthaug.api.StageContext;
import io.synthaug.api.StageFactory;
import io.synthaug.api.StageException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;

/** Small stage factories for engine tests. */
public final class TestStages {

  private TestStages() {
  }

  /** How the {@code brighten} stage picks samples. */
  public enum Which { ALL, REAL_ONLY }

  /**
   * Params of {@code brighten}.
   *
   * @param amount added to every pixel
   * @param copies copies per input
   * @param which samples to act on
   * @param tags free labels
   * @param inner a nested object
   */
  public record BrightenParams(
      @Param(value = "Added to every pixel.", required = true) Double amount,
      @Param(value = "Copies per input.", defaultValue = "1") Integer copies,
      @Param(value = "Which samples.", defaultValue = "\"all\"") Which which,
      @Param(value = "Free tags.", defaultValue = "[]") List<String> tags,
      @Param(value = "A nested object.") Inner inner) {

    /** Defaults and checks. */
    public BrightenParams {
      Checks.range("amount", amount == null ? 0 : amount, -1.0, 1.0);
      copies = Checks.range("copies", Checks.orDefault(copies, 1), 1, 10);
      which = Checks.orDefault(which, Which.ALL);
      tags = tags == null ? List.of() : List.copyOf(tags);
    }
  }

  /**
   * A nested params object.
   *
   * @param level a required level
   */
  public record Inner(@Param(value = "A level.", required = true) Integer level) {
  }

  /** A per-image stage adding {@code copies} brightened copies with a random jitter. */
  public static final class Brighten implements StageFactory<BrightenParams> {
    @Override
    public String type() {
      return "brighten";
    }

    @Override
    public String description() {
      return "Adds brightened copies.";
    }

    @Override
    public Class<BrightenParams> paramsType() {
      return BrightenParams.class;
    }

    @Override
    public Stage create(BrightenParams p, StageContext ctx) {
      return (ImageStage) (in, random, seed) -> {
        List<Sample> out = new ArrayList<>();
        out.add(in);
        if (p.which() == Which.REAL_ONLY && !in.origin().isReal()) {
          return out;
        }
        for (int k = 0; k < p.copies(); k++) {
          float[] px = in.image().pixels().clone();
          float jitter = (float) (random.nextDouble() * 0.01);
          for (int i = 0; i < px.length; i++) {
            px[i] = Math.min(1f, Math.max(0f, px[i] + p.amount().floatValue() + jitter));
          }
          out.add(new Sample(new io.synthaug.api.Image(in.image().height(), in.image().width(),
              in.image().channels(), px), in.label(), Origin.made(ctx.stageId(), seed, Map.of("copy", "" + k))));
        }
        return out;
      };
    }
  }

  /**
   * Params of {@code fail}.
   *
   * @param message the failure message
   */
  public record FailParams(@Param(value = "The message.", defaultValue = "\"boom\"") String message) {
    /** Defaults. */
    public FailParams {
      message = Checks.orDefault(message, "boom");
      if (message.equals("bug")) {
        // a params record with a bug: it throws something other than ParamException
        throw new IllegalStateException("params record bug");
      }
    }
  }

  /** A dataset stage that always throws. */
  public static final class Fail implements StageFactory<FailParams> {
    @Override
    public String type() {
      return "fail";
    }

    @Override
    public String description() {
      return "Always fails.";
    }

    @Override
    public Class<FailParams> paramsType() {
      return FailParams.class;
    }

    /** Refuses a message naming an extension no plugin offers, as a stage naming a policy would. */
    @Override
    public void validate(FailParams p, ExtensionLookup extensions) {
      if (p.message().startsWith("extension:")
          && extensions.all(StageFactory.class).stream().noneMatch(f -> p.message().equals("extension:" + f.type()))) {
        throw new ParamException("message", "no plugin offers '" + p.message().substring(10) + "'");
      }
    }

    @Override
    public Stage create(FailParams p, StageContext ctx) {
      return (DatasetStage) (in, c) -> {
        c.artifactDir();
        // as the GAN stage does: its checkpoint folder is made before its checks refuse
        c.checkpointDir();
        throw new StageException(p.message());
      };
    }
  }

  /**
   * Params of {@code flaky}.
   *
   * @param fail the input positions whose samples fail; the first of them fails only after a pause,
   *     so that a later one fails first in time
   */
  public record FlakyParams(@Param(value = "Positions that fail.", defaultValue = "[]") List<Integer> fail) {
    /** Defaults. */
    public FlakyParams {
      fail = fail == null ? List.of() : List.copyOf(fail);
    }
  }

  /**
   * A per-image stage that fails on chosen samples (read from their {@code x#<position>} origin)
   * and records whether it was closed while a call was still running or called after it.
   */
  public static final class Flaky implements StageFactory<FlakyParams> {
    /** Calls running when the stage was closed; -1 until it is. */
    public final AtomicInteger runningAtClose = new AtomicInteger(-1);
    /** Calls that started after the stage was closed. */
    public final AtomicInteger callsAfterClose = new AtomicInteger();

    @Override
    public String type() {
      return "flaky";
    }

    @Override
    public String description() {
      return "Fails on some samples.";
    }

    @Override
    public Class<FlakyParams> paramsType() {
      return FlakyParams.class;
    }

    @Override
    public Stage create(FlakyParams p, StageContext ctx) {
      AtomicInteger running = new AtomicInteger();
      AtomicBoolean closed = new AtomicBoolean();
      int first = p.fail().stream().mapToInt(Integer::intValue).min().orElse(-1);
      return new ImageStage() {
        @Override
        public List<Sample> apply(Sample in, RandomGenerator random, long seed) {
          if (closed.get()) {
            callsAfterClose.incrementAndGet();
          }
          running.incrementAndGet();
          try {
            String ref = in.origin().attributes().get("file");
            int position = Integer.parseInt(ref.substring(ref.indexOf('#') + 1));
            pause(position == first ? 300 : 20);
            if (p.fail().contains(position)) {
              throw new IllegalStateException("sample " + position + " is bad");
            }
            return List.of(in);
          } finally {
            running.decrementAndGet();
          }
        }

        @Override
        public void close() {
          closed.set(true);
          runningAtClose.set(running.get());
        }
      };
    }

    private static void pause(long millis) {
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
