package io.synthaug.plugins.gan;

import io.synthaug.api.StageException;
import java.nio.file.Path;

/**
 * Training stopped because a loss became NaN, infinite or larger than the configured limit. The
 * networks are left as they were before the failing update; the last checkpoint written, if any,
 * is untouched.
 */
public class GanDivergedException extends StageException {

  private static final long serialVersionUID = 1L;

  private final int step;
  private final String loss;
  private final float value;
  private final String what;

  /**
   * @param step the generator step that failed, from 1
   * @param loss which loss, for example {@code discriminator}
   * @param value its value
   * @param limit the configured divergence limit
   * @param lastCheckpoint the last good checkpoint, or null when none was written
   */
  public GanDivergedException(int step, String loss, float value, double limit, Path lastCheckpoint) {
    this(step, loss, value, what(step, loss, value, limit), (lastCheckpoint == null
        ? "no checkpoint was written yet" : "the last good checkpoint is " + lastCheckpoint)
        + ". Lower the learning rates, or for cgan try wgan-gp", null);
  }

  /**
   * The same divergence told with other advice, such as the stage's, which knows what became of
   * the checkpoints and which spec settings to change.
   *
   * @param cause the trainer's exception
   * @param advice what follows {@link #what()}, from "; "
   */
  public GanDivergedException(GanDivergedException cause, String advice) {
    this(cause.step, cause.loss, cause.value, cause.what, advice, cause);
  }

  private GanDivergedException(int step, String loss, float value, String what, String advice,
      GanDivergedException cause) {
    super(what + "; " + advice, cause);
    this.step = step;
    this.loss = loss;
    this.value = value;
    this.what = what;
  }

  private static String what(int step, String loss, float value, double limit) {
    return "GAN training diverged at step " + step + ": the " + loss + " loss is " + value
        + (Float.isNaN(value) || Float.isInfinite(value) ? "" : ", beyond the limit " + limit);
  }

  /** What diverged, where and how far: the message without the advice. */
  public String what() {
    return what;
  }

  /** The failing step. */
  public int step() {
    return step;
  }

  /** Which loss diverged. */
  public String loss() {
    return loss;
  }

  /** The loss value. */
  public float value() {
    return value;
  }
}
