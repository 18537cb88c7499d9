package io.synthaug.core.sample;

import io.synthaug.api.Param;
import io.synthaug.api.ParamException;

/**
 * How many synthetic images to add, in exactly one of three ways.
 *
 * @param perClass the same number for every class
 * @param ratio a multiple of each class's real image count (0.5 adds half as many again)
 * @param fillTo add to every class until it holds this many images (balances classes)
 */
public record SampleAmount(
    @Param("Images to add to every class.") Integer perClass,
    @Param("Images to add to each class as a multiple of its real image count, for example 1.0.") Double ratio,
    @Param("Add images to each class until it holds this many (balances the classes).") Integer fillTo) {

  /** Checks that exactly one way is given, with a sane value. */
  public SampleAmount {
    int given = (perClass != null ? 1 : 0) + (ratio != null ? 1 : 0) + (fillTo != null ? 1 : 0);
    if (given != 1) {
      throw new ParamException("sample", "give exactly one of perClass, ratio or fillTo, got " + given);
    }
    if (perClass != null && (perClass < 0 || perClass > 10_000_000)) {
      throw new ParamException("perClass", "must be between 0 and 10000000, got " + perClass);
    }
    if (ratio != null && !(ratio >= 0 && ratio <= 1000)) {
      throw new ParamException("ratio", "must be between 0 and 1000, got " + ratio);
    }
    if (fillTo != null && (fillTo < 0 || fillTo > 10_000_000)) {
      throw new ParamException("fillTo", "must be between 0 and 10000000, got " + fillTo);
    }
  }

  /** Adds {@code n} images to every class. */
  public static SampleAmount perClass(int n) {
    return new SampleAmount(n, null, null);
  }

  /** The one way given, as its field name: {@code perClass}, {@code ratio} or {@code fillTo}. */
  public String field() {
    return perClass != null ? "perClass" : ratio != null ? "ratio" : "fillTo";
  }

  /** The one way given with its value, for messages: {@code perClass 1000}, {@code ratio 0.5}. */
  public String describe() {
    Object value = perClass != null ? perClass : ratio != null ? (Object) ratio : fillTo;
    return field() + " " + value;
  }

  /**
   * Why {@link #counts} gives a class no images, for a log line.
   *
   * @param realCount the class's real images
   * @param currentCount all images the class holds now
   */
  public String whyNone(int realCount, int currentCount) {
    if (perClass != null) {
      return "perClass is 0";
    }
    if (ratio != null) {
      return "ratio " + ratio + " of its " + realCount + " real images rounds to 0";
    }
    return "it holds " + currentCount + " images already, at least fillTo " + fillTo;
  }

  /**
   * The number of images to add to each class.
   *
   * @param realCounts the real images of each class, by label
   * @param currentCounts all images each class holds now (real and made), by label
   */
  public int[] counts(int[] realCounts, int[] currentCounts) {
    int[] out = new int[realCounts.length];
    for (int c = 0; c < out.length; c++) {
      if (perClass != null) {
        out[c] = perClass;
      } else if (ratio != null) {
        out[c] = (int) Math.round(ratio * realCounts[c]);
      } else {
        out[c] = Math.max(0, fillTo - currentCounts[c]);
      }
    }
    return out;
  }
}
