package io.synthaug.plugins.classic.transforms;

import io.synthaug.api.Image;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Ops applied in order, each firing with its own probability. Immutable and thread-safe: all
 * randomness comes from the generator passed to {@link #run}.
 *
 * @param ops the ops, first applied first
 */
public record OpChain(List<OpParams> ops) {

  /** Copies the list. */
  public OpChain {
    ops = List.copyOf(Objects.requireNonNull(ops, "ops"));
  }

  /**
   * The result of one run.
   *
   * @param image the augmented image
   * @param applied the transforms that fired, in order
   */
  public record Result(Image image, List<Transform> applied) {

    /** The fired transforms as text, {@code none} when nothing fired. */
    public String describe() {
      if (applied.isEmpty()) {
        return "none";
      }
      StringBuilder sb = new StringBuilder();
      for (Transform t : applied) {
        sb.append(sb.length() == 0 ? "" : "; ").append(t);
      }
      return sb.toString();
    }
  }

  /** Runs every op once on {@code image}, drawing from {@code random}. */
  public Result run(Image image, RandomGenerator random) {
    Image current = image;
    List<Transform> applied = new ArrayList<>(ops.size());
    for (OpParams op : ops) {
      Transform t = op.sample(current, random);
      if (t != null) {
        current = t.apply(current);
        applied.add(t);
      }
    }
    return new Result(current, List.copyOf(applied));
  }
}
