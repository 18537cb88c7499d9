package io.synthaug.plugins.classic.ops;

import com.sun.management.HotSpotDiagnosticMXBean;
import io.synthaug.api.Image;
import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * Affine resampling with bilinear interpolation and zero fill, the common core of rotation and
 * fractional translation.
 *
 * <p>Each output row splits into spans: columns whose sample lies wholly outside the source
 * (set to 0), columns whose four neighbours are all inside (a blend with no bounds
 * logic, nearly all of a small rotation or shift), and the columns between, where some
 * neighbours lie outside and read as 0. Both blends use the same arithmetic, so a pixel's value
 * does not depend on which span it fell in.
 */
final class Warp {

  private Warp() {
  }

  /**
   * Each output pixel {@code (x, y)} takes the bilinear sample of {@code src} at
   * {@code (ax * x + bx * y + cx, ay * x + by * y + cy)}, reading 0 outside {@code src}.
   */
  static Image affine(Image src, double ax, double bx, double cx, double ay, double by, double cy) {
    if (src.height() * src.width() <= SMALL_PIXELS && Math.abs(ax) <= 1 && Math.abs(ay) <= 1) {
      return affineSmall(src, ax, bx, cx, ay, by, cy);
    }
    return affineSpans(src, ax, bx, cx, ay, by, cy);
  }

  /** {@link #affine} by span splitting, for any size and map (see the class comment). */
  static Image affineSpans(Image src, double ax, double bx, double cx, double ay, double by, double cy) {
    int h = src.height();
    int w = src.width();
    int ch = src.channels();
    float[] in = src.pixels();
    // Every output value is written below, the outside spans with explicit zeros: a clone is
    // not zeroed first (see Flips.horizontal), and it brings the source into cache for the
    // reads that follow.
    float[] out = in.clone();
    int rowLength = w * ch;
    // Positions in float: double positions cost two int-to-double and two double-to-float
    // conversions per pixel, which measured 2.3x slower here. Float keeps about 1e-5 pixel
    // at 256 pixels, far below what bilinear interpolation resolves, and stays exact for
    // whole-pixel maps (small integers are exact floats).
    float fax = (float) ax;
    float fay = (float) ay;
    double inverseX = 1.0 / fax;
    double inverseY = 1.0 / fay;
    for (int y = 0; y < h; y++) {
      // Computing each row's origin directly (not by running sums) keeps whole-pixel maps exact.
      float rowX = (float) (bx * y + cx);
      float rowY = (float) (by * y + cy);
      long span = touching(fax, inverseX, rowX, fay, inverseY, rowY, w, h);
      int touchFrom = from(span);
      int touchTo = to(span);
      // Inner: all four neighbours inside, 0 <= s < size - 1 on both axes.
      span = span(fax, inverseX, rowX, 0, w - 1, w);
      int innerFrom = Math.max(touchFrom, from(span));
      int innerTo = Math.min(touchTo, to(span));
      span = span(fay, inverseY, rowY, 0, h - 1, w);
      innerFrom = Math.max(innerFrom, from(span));
      innerTo = Math.min(innerTo, to(span));
      while (innerFrom < innerTo
          && !isInner(position(fax, innerFrom, rowX), position(fay, innerFrom, rowY), w, h)) {
        innerFrom++;
      }
      while (innerTo > innerFrom
          && !isInner(position(fax, innerTo - 1, rowX), position(fay, innerTo - 1, rowY), w, h)) {
        innerTo--;
      }
      if (innerFrom >= innerTo) {
        innerFrom = touchTo;
        innerTo = touchTo;
      }
      int rowStart = y * rowLength;
      Arrays.fill(out, rowStart, rowStart + touchFrom * ch, 0f);
      Arrays.fill(out, rowStart + touchTo * ch, rowStart + rowLength, 0f);
      for (int x = touchFrom; x < innerFrom; x++) {
        border(in, h, w, ch, position(fax, x, rowX), position(fay, x, rowY), out, rowStart + x * ch);
      }
      if (ch == 1) {
        inner1(in, w, fax, rowX, fay, rowY, innerFrom, innerTo, out, rowStart);
      } else {
        inner3(in, w, fax, rowX, fay, rowY, innerFrom, innerTo, out, rowStart);
      }
      for (int x = innerTo; x < touchTo; x++) {
        border(in, h, w, ch, position(fax, x, rowX), position(fay, x, rowY), out, rowStart + x * ch);
      }
    }
    return new Image(h, w, ch, out);
  }

  /**
   * Images up to this many pixels take {@link #affineSmall}: on a 28x28 image a quarter of a
   * rotation's samples are border samples and the per-row span search costs as much as the
   * blends, where on 256x256 both are a few percent and the padded copy would be the larger cost.
   */
  static final int SMALL_PIXELS = 64 * 64;

  /**
   * Least zero margin around the padded source of {@link #affineSmall}, in pixels: a touching
   * sample lies within one pixel of the image, and its position plus the margin may round up by
   * one.
   */
  private static final int PAD = 2;

  /**
   * The zero margin of {@link #affineSmall}'s padded source for an {@code h x w} image: wide
   * enough that every sample of a turn by any angle about the centre, together with its four
   * neighbours, lies inside the padded source (a corner of the output grid, at half the
   * diagonal from the centre, can turn to anywhere on that circle), so such maps need no
   * per-row spans at all. Long thin images, whose turns would need a margin larger than the image,
   * get {@link #PAD} and the span loop.
   */
  static int margin(int h, int w) {
    double reach = (Math.hypot(w - 1, h - 1) - (Math.min(h, w) - 1)) / 2;
    int margin = (int) Math.ceil(reach) + PAD;
    return margin <= Math.min(h, w) ? margin : PAD;
  }

  /**
   * Each thread's zero-margined source buffer for {@link #affineSmall}, kept for the last shape
   * it served: the copy of the source overwrites the whole interior on every call and nothing
   * writes the margin, so the margin stays zero and the buffer needs no clearing. Reusing it
   * instead of allocating 4 KB a call measured 9 % off a 28x28 rotation (5.1 to 4.6 us, one core).
   * The stage's worker pools live for one run, so the buffers go with their threads.
   */
  private static final ThreadLocal<PaddedSource> PADDED = ThreadLocal.withInitial(PaddedSource::new);

  /**
   * A zero-margined buffer for images of one shape, with that shape's {@link #margin}, both
   * replaced when the shape changes.
   */
  private static final class PaddedSource {
    private int height;
    private int width;
    private int channels;
    private int margin;
    private float[] buffer;

    float[] forShape(int h, int w, int ch) {
      if (buffer == null || h != height || w != width || ch != channels) {
        margin = margin(h, w);
        buffer = new float[(h + 2 * margin) * (w + 2 * margin) * ch];
        height = h;
        width = w;
        channels = ch;
      }
      return buffer;
    }
  }

  /**
   * {@link #affine} for small images and maps whose x steps move samples by at most one pixel
   * per column (rotations, shifts): the source is copied once into a buffer with a zero margin
   * ({@link #margin}), so samples blend four neighbours without any bounds logic; neighbours
   * outside the image read the margin's zeros, as {@link #border} reads 0 for them, and samples
   * wholly outside blend only zeros. When the samples of the four corners of the output, and so
   * by linearity all samples, stay a pixel inside the padded source, every pixel of every row
   * is blended in one loop. Otherwise each row blends only its approximate touching span:
   * {@link #span}'s two-column slack moves a sample at most two pixels (the steps are at most 1)
   * past the touching region, which a margin of at least {@link #PAD} covers. Positions are taken
   * in the padded frame, so their fractions can differ from {@link #affine}'s in the last bits.
   */
  static Image affineSmall(Image src, double ax, double bx, double cx, double ay, double by, double cy) {
    int h = src.height();
    int w = src.width();
    int ch = src.channels();
    PaddedSource source = PADDED.get();
    float[] padded = source.forShape(h, w, ch);
    int margin = source.margin;
    int pw = w + 2 * margin;
    int rowLength = w * ch;
    float[] in = src.pixels();
    for (int y = 0; y < h; y++) {
      System.arraycopy(in, y * rowLength, padded, ((y + margin) * pw + margin) * ch, rowLength);
    }
    float[] out = new float[in.length];
    float fax = (float) ax;
    float fay = (float) ay;
    boolean whole = fitsPadded(h, w, margin, ax, bx, cx, ay, by, cy);
    double inverseX = 1.0 / fax;
    double inverseY = 1.0 / fay;
    for (int y = 0; y < h; y++) {
      float padX = (float) (bx * y + cx + margin);
      float padY = (float) (by * y + cy + margin);
      int from = 0;
      int to = w;
      if (!whole) {
        long span = touching(fax, inverseX, (float) (bx * y + cx), fay, inverseY, (float) (by * y + cy), w, h);
        from = from(span);
        to = to(span);
      }
      if (ch == 1) {
        inner1(padded, pw, fax, padX, fay, padY, from, to, out, y * rowLength);
      } else {
        inner3(padded, pw, fax, padX, fay, padY, from, to, out, y * rowLength);
      }
    }
    return new Image(h, w, ch, out);
  }

  /**
   * Whether every sample of the map over an {@code h x w} output, with its four neighbours,
   * lies inside a padded source with {@code margin} zeros on each side, so that
   * {@link #affineSmall} blends whole rows with no span search: true with {@link #margin} for
   * every turn about the centre of an image whose margin is not {@link #PAD}.
   */
  static boolean fitsPadded(int h, int w, int margin, double ax, double bx, double cx, double ay, double by,
      double cy) {
    return inside(ax, bx, cx, w, h, w, margin) && inside(ay, by, cy, w, h, h, margin);
  }

  /**
   * Whether {@code a * x + b * y + c}, for the output corners {@code x} in {0, w - 1} and
   * {@code y} in {0, h - 1}, lies at least a pixel inside a source axis of {@code size} with
   * {@code margin} zeros on each side: its extremes over the output are at the corners.
   */
  private static boolean inside(double a, double b, double c, int w, int h, int size, int margin) {
    double lo = c + Math.min(0, a * (w - 1)) + Math.min(0, b * (h - 1));
    double hi = c + Math.max(0, a * (w - 1)) + Math.max(0, b * (h - 1));
    return lo >= 1 - margin && hi <= size + margin - 3;
  }

  /**
   * A superset, at most two columns wider at each end, of the columns {@code x} in
   * {@code [0, w)} where {@code a * x + b} lies in {@code (lo, hi)} (ends included or not),
   * packed as {@code from << 32 | to}; {@code inverse} is {@code 1 / a}, computed once per image
   * because {@code a} is the same for every row. The exact predicate then trims the ends, so
   * rounding here costs nothing in exactness.
   */
  private static long span(float a, double inverse, float b, double lo, double hi, int w) {
    if (a == 0) {
      return b >= lo && b <= hi ? w : 0L;
    }
    double p = (lo - b) * inverse;
    double q = (hi - b) * inverse;
    // Clamped to [0, w] before the cast, so huge or infinite bounds (tiny a) stay in range;
    // truncation of a non-negative value floors it, within the margin of two columns.
    int from = (int) Math.max(0, Math.min(w, Math.min(p, q))) - 2;
    int to = (int) Math.max(0, Math.min(w, Math.max(p, q))) + 2;
    from = Math.max(0, from);
    to = Math.min(w, to);
    return from < to ? (long) from << 32 | to : 0L;
  }

  /**
   * The columns of a row whose samples touch the source, packed as in {@link #span}: a sample
   * touches when some neighbour is inside, -1 < s < size on both axes. The row's samples lie on
   * a line, so the touching columns are one run; {@link #span} brackets it, the exact test trims
   * the ends.
   */
  private static long touching(float fax, double inverseX, float rowX, float fay, double inverseY, float rowY,
      int w, int h) {
    long span = span(fax, inverseX, rowX, -1, w, w);
    int from = from(span);
    int to = to(span);
    span = span(fay, inverseY, rowY, -1, h, w);
    from = Math.max(from, from(span));
    to = Math.max(from, Math.min(to, to(span)));
    while (from < to && !touches(position(fax, from, rowX), position(fay, from, rowY), w, h)) {
      from++;
    }
    while (to > from && !touches(position(fax, to - 1, rowX), position(fay, to - 1, rowY), w, h)) {
      to--;
    }
    return (long) from << 32 | to;
  }

  private static int from(long span) {
    return (int) (span >>> 32);
  }

  private static int to(long span) {
    return (int) span;
  }

  private static boolean touches(float sx, float sy, int w, int h) {
    return sx > -1 && sy > -1 && sx < w && sy < h;
  }

  private static boolean isInner(float sx, float sy, int w, int h) {
    return sx >= 0 && sy >= 0 && sx < w - 1 && sy < h - 1;
  }

  /** Grayscale columns {@code [from, to)} of a row, all of whose samples are inner. */
  private static void inner1(float[] in, int w, float ax, float rowX, float ay, float rowY, int from, int to,
      float[] out, int rowStart) {
    // A float counter equals (float) x exactly and saves a conversion per pixel.
    float xf = from;
    for (int x = from; x < to; x++, xf += 1f) {
      float sx = position(ax, xf, rowX);
      float sy = position(ay, xf, rowY);
      // Inner positions are non-negative, so truncation floors.
      int x0 = (int) sx;
      int y0 = (int) sy;
      float fx = sx - x0;
      float fy = sy - y0;
      int i = y0 * w + x0;
      int j = i + w;
      // Both rows' left neighbours first: with fused blends, the order i, i + 1, j, j + 1
      // measured 18 % slower on a 28x28 rotation (270k against 329k images a second, one core);
      // without fusing the order made no difference.
      float a = in[i];
      float d = in[j];
      float b = in[i + 1];
      float e = in[j + 1];
      out[rowStart + x] = blend(a, b, d, e, fx, fy);
    }
  }

  /** RGB columns {@code [from, to)} of a row, all of whose samples are inner. */
  private static void inner3(float[] in, int w, float ax, float rowX, float ay, float rowY, int from, int to,
      float[] out, int rowStart) {
    int rowLength = w * 3;
    float xf = from;
    // Image allows 1 or 3 channels; unrolled like the other ops' RGB paths, which a channel loop slowed.
    for (int x = from; x < to; x++, xf += 1f) {
      float sx = position(ax, xf, rowX);
      float sy = position(ay, xf, rowY);
      int x0 = (int) sx;
      int y0 = (int) sy;
      float fx = sx - x0;
      float fy = sy - y0;
      int i = (y0 * w + x0) * 3;
      int j = i + rowLength;
      int di = rowStart + x * 3;
      out[di] = blend(in[i], in[i + 3], in[j], in[j + 3], fx, fy);
      out[di + 1] = blend(in[i + 1], in[i + 4], in[j + 1], in[j + 4], fx, fy);
      out[di + 2] = blend(in[i + 2], in[i + 5], in[j + 2], in[j + 5], fx, fy);
    }
  }

  /**
   * Writes the bilinear sample at {@code (sx, sy)}, some of whose neighbours lie outside and
   * read as 0, of all channels to {@code out[di..]}.
   */
  private static void border(float[] in, int h, int w, int ch, float sx, float sy, float[] out, int di) {
    // Not (int) (s + 1f) - 1: just below the last row, s + 1f can round up to a whole
    // number and land a row outside the image.
    int x0 = (int) Math.floor(sx);
    int y0 = (int) Math.floor(sy);
    border(in, h, w, ch, x0, y0, sx - x0, sy - y0, out, di);
  }

  /**
   * Writes the blend of the neighbours {@code (x0, y0)} to {@code (x0 + 1, y0 + 1)} by the
   * fractions {@code fx}, {@code fy}, reading 0 for neighbours outside, to {@code out[di..]}.
   */
  private static void border(float[] in, int h, int w, int ch, int x0, int y0, float fx, float fy, float[] out,
      int di) {
    boolean left = x0 >= 0;
    boolean right = x0 + 1 < w;
    boolean top = y0 >= 0;
    boolean bottom = y0 + 1 < h;
    int i = (y0 * w + x0) * ch;
    int j = i + w * ch;
    for (int c = 0; c < ch; c++) {
      float a = top && left ? in[i + c] : 0f;
      float b = top && right ? in[i + ch + c] : 0f;
      float d = bottom && left ? in[j + c] : 0f;
      float e = bottom && right ? in[j + ch + c] : 0f;
      out[di + c] = blend(a, b, d, e, fx, fy);
    }
  }

  /**
   * A shift by {@code (dx, dy)} pixels: the map of {@code affine(src, 1, 0, -dx, 0, 1, -dy)},
   * computed for what a shift has in common across pixels.
   *
   * <p>Every output pixel {@code (x, y)} reads the neighbours {@code (x + kx, y + ky)} to
   * {@code (x + kx + 1, y + ky + 1)} with the same fractions {@code fx, fy}, where
   * {@code kx + fx = -dx}. So a row whose two source rows are inside is, apart from at most one
   * border column at each end, a single run of values over the row's HWC floats, one blend per
   * value with the same weights, which the JIT turns into vector instructions; the per-pixel
   * position arithmetic, and per-row span search of {@link #affine} go away. The fractions come
   * from the shift in double precision, where {@code affine} rounds each pixel's position to
   * float first, so values can differ from it in the last bits (closer to the exact shift).
   */
  static Image translate(Image src, double dx, double dy) {
    int h = src.height();
    int w = src.width();
    int ch = src.channels();
    float[] in = src.pixels();
    float[] out = new float[in.length];
    double floorX = Math.floor(-dx);
    double floorY = Math.floor(-dy);
    // A shift of the whole image size or more reads only outside: black. This also keeps the
    // casts below in int range.
    if (floorX <= -w - 1 || floorX >= w || floorY <= -h - 1 || floorY >= h) {
      return new Image(h, w, ch, out);
    }
    int kx = (int) floorX;
    int ky = (int) floorY;
    float fx = (float) (-dx - floorX);
    float fy = (float) (-dy - floorY);
    // Columns whose two source columns are both inside: 0 <= x + kx and x + kx + 1 <= w - 1.
    int innerFrom = Math.max(0, -kx);
    int innerTo = Math.max(innerFrom, Math.min(w, w - 1 - kx));
    int rowLength = w * ch;
    for (int y = 0; y < h; y++) {
      int y0 = y + ky;
      if (y0 + 1 < 0 || y0 >= h) {
        continue;
      }
      int rowStart = y * rowLength;
      boolean bothRows = y0 >= 0 && y0 + 1 < h;
      for (int x = 0; x < w; x++) {
        if (x == innerFrom && bothRows && innerTo > innerFrom) {
          int top = (y0 * w + x + kx) * ch;
          blendRun(in, top, top + rowLength, ch, fx, fy, out, rowStart + x * ch, (innerTo - innerFrom) * ch);
          x = innerTo - 1;
          continue;
        }
        int x0 = x + kx;
        if (x0 + 1 >= 0 && x0 < w) {
          border(in, h, w, ch, x0, y0, fx, fy, out, rowStart + x * ch);
        }
      }
    }
    return new Image(h, w, ch, out);
  }

  /**
   * {@code out[o + t]} for {@code t < n}: the blend of {@code in[top + t]}, its right neighbour
   * {@code in[top + step + t]}, and the same two from {@code bottom}, as {@link #blend} computes
   * it (a loop the JIT vectorizes, fused multiply-adds included).
   */
  private static void blendRun(float[] in, int top, int bottom, int step, float fx, float fy, float[] out, int o,
      int n) {
    for (int t = 0; t < n; t++) {
      float a = in[top + t];
      float b = in[top + step + t];
      float d = in[bottom + t];
      float e = in[bottom + step + t];
      float upper = multiplyAdd(b - a, fx, a);
      float lower = multiplyAdd(e - d, fx, d);
      // Math.min equals blend's clamp for every value here and, unlike the conditional, vectorizes.
      out[o + t] = Math.min(multiplyAdd(lower - upper, fy, upper), 1f);
    }
  }

  /**
   * Blends the neighbours {@code a} (top left), {@code b} (top right), {@code d} (bottom left)
   * and {@code e} (bottom right) by the fractions {@code fx} and {@code fy}; a zero fraction
   * returns its neighbour exactly, which keeps whole-pixel maps exact.
   */
  private static float blend(float a, float b, float d, float e, float fx, float fy) {
    float upper = multiplyAdd(b - a, fx, a);
    float lower = multiplyAdd(e - d, fx, d);
    float v = multiplyAdd(lower - upper, fy, upper);
    // Float rounding can lift a blend of values up to 1 a hair above it.
    return v > 1f ? 1f : v;
  }

  /**
   * The sample coordinate {@code a * x + b} of column {@code x}: every span test and every blend
   * takes its position from here, so a sample found inner is the one blended.
   */
  private static float position(float a, float x, float b) {
    return multiplyAdd(a, x, b);
  }

  /**
   * {@code a * b + c}, fused (one rounding) where the processor has the instruction. Measured
   * (bench/run.sh, one core): a 28x28 rotation 289k to 324k-329k images a second with the load
   * order of {@link #inner1}, 256x256 RGB 1,700 to 1,890-1,920; a fractional 28x28 shift 397k
   * to 428k.
   */
  private static float multiplyAdd(float a, float b, float c) {
    return FUSED ? Math.fma(a, b, c) : a * b + c;
  }

  /**
   * Whether {@link #multiplyAdd} fuses: true when HotSpot compiles {@link Math#fma} to the
   * processor's instruction ({@code UseFMA}, set by the JVM on processors that have one) and the
   * system property {@value #FUSED_PROPERTY} is not {@code false}. Elsewhere {@code Math.fma}
   * is a software path many times slower than the two operations, so the plain multiply and add
   * are used. The two differ in the last bits of a value; the property turns fusing off where
   * outputs must match those of a machine without the instruction.
   */
  static final boolean FUSED = fusedMultiplyAdd();

  /** Name of the system property that turns off fused multiply-add when {@code false}. */
  static final String FUSED_PROPERTY = "synthaug.classic.fma";

  private static boolean fusedMultiplyAdd() {
    if ("false".equalsIgnoreCase(System.getProperty(FUSED_PROPERTY))) {
      return false;
    }
    try {
      HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
      return vm != null && Boolean.parseBoolean(vm.getVMOption("UseFMA").getValue());
    } catch (RuntimeException | LinkageError e) {
      // not HotSpot, or no such option on this processor: no evidence the instruction is used
      return false;
    }
  }
}
