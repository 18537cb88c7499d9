package io.synthaug.core.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.synthaug.api.Dataset;
import io.synthaug.api.Origin;
import io.synthaug.api.Sample;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * Writes an output dataset into a folder, usually a staging folder the caller moves into place
 * afterwards:
 * <pre>
 * images/&lt;class&gt;/&lt;nnnnnn&gt;.png   one PNG per sample, named by its index in the dataset
 * manifest.csv                     one row per sample, in dataset order
 * </pre>
 * Indices are zero-padded to six digits, or more when the dataset has a million samples or more,
 * so names sort in dataset order. {@code images/} is itself an ImageFolder tree that
 * {@link ImageFolderFormat#read} reads back.
 *
 * <p>The manifest columns are {@value #MANIFEST_HEADER}: the image path relative to the folder
 * (with {@code /}), the label, the class name, {@code real} or the id of the stage that made the
 * sample, that stage's type and resolved parameters (empty for real samples), the sample's seed,
 * and its origin attributes as compact JSON with sorted keys. Fields are quoted per RFC 4180
 * (see {@link Csv}); the file is UTF-8.
 *
 * <p>PNGs are encoded on several threads; every file's bytes depend only on its sample, so the
 * output is the same for any thread count.
 */
public final class DatasetWriter {

  /** The manifest's header row. */
  public static final String MANIFEST_HEADER = "path,label,class,source,stage_type,seed,params,attributes";
  /** The manifest's file name. */
  public static final String MANIFEST = "manifest.csv";
  /** The folder holding the images. */
  public static final String IMAGES = "images";
  /** The IDX images file written by {@link #writeIdx}. */
  public static final String IDX_IMAGES = "train-images-idx3-ubyte.gz";
  /** The IDX labels file written by {@link #writeIdx}. */
  public static final String IDX_LABELS = "train-labels-idx1-ubyte.gz";

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The charset Java encodes file names with, {@code sun.jnu.encoding}, which it takes from the
   * locale at startup (on Java 17 a {@code -D} option does not change it); null when unknown.
   */
  static Charset pathEncoding() {
    String name = System.getProperty("sun.jnu.encoding");
    try {
      return name == null ? null : Charset.forName(name);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private DatasetWriter() {
  }

  /**
   * Writes the images and the manifest into {@code dir}, creating it if needed.
   *
   * @param d the dataset
   * @param dir the output folder; must not already hold {@code images/} or {@code manifest.csv}
   * @param stages the type and parameters of every stage named by a non-real sample's origin
   * @param threads PNG encoding threads, at least 1
   * @throws IllegalArgumentException when a class name cannot be a folder name, is given twice or
   *     differs from another only in letter case (runs check this when they read their input, see
   *     {@link #classNameProblem}), a sample's stage is missing from {@code stages}, or the folder
   *     already holds output
   * @throws OutputWriteException when a file or folder cannot be written (a full disk, no
   *     permission), naming it and the reason
   */
  public static void write(Dataset d, Path dir, Map<String, StageRecord> stages, int threads) {
    Path images = dir.resolve(IMAGES);
    Path manifest = dir.resolve(MANIFEST);
    if (Files.exists(images) || Files.exists(manifest)) {
      throw new IllegalArgumentException(dir + " already holds " + IMAGES + "/ or " + MANIFEST
          + "; write into an empty folder so no stale images mix with the new ones");
    }
    checkClassNames(d.classNames());
    List<String> rows = manifestRows(d, stages);
    for (String name : d.classNames()) {
      Path folder = images.resolve(name);
      try {
        Files.createDirectories(folder);
      } catch (IOException e) {
        throw new OutputWriteException("create the class folder", folder, e);
      }
    }
    List<Integer> indices = IntStream.range(0, d.size()).boxed().toList();
    Parallel.map(indices, threads, i -> {
      Sample s = d.samples().get(i);
      PngCodec.write(s.image(), dir.resolve(relativePath(d, i)));
      return i;
    });
    try (Writer w = Files.newBufferedWriter(manifest, StandardCharsets.UTF_8)) {
      w.write(MANIFEST_HEADER);
      w.write('\n');
      for (String row : rows) {
        w.write(row);
      }
    } catch (IOException e) {
      throw OutputWriteException.writing(manifest, e);
    }
  }

  /**
   * Writes the dataset as {@value #IDX_IMAGES} and {@value #IDX_LABELS} in {@code dir}, for
   * tools that read MNIST files. The images must be 1-channel and of one size.
   */
  public static void writeIdx(Dataset d, Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new OutputWriteException("create the folder", dir, e);
    }
    IdxFormat.write(d, dir.resolve(IDX_IMAGES), dir.resolve(IDX_LABELS));
  }

  /** The path of sample {@code i} relative to the output folder, with {@code /} separators. */
  public static String relativePath(Dataset d, int i) {
    int digits = Math.max(6, Integer.toString(Math.max(0, d.size() - 1)).length());
    String name = String.format(Locale.ROOT, "%0" + digits + "d.png", i);
    return IMAGES + "/" + d.classNames().get(d.samples().get(i).label()) + "/" + name;
  }

  private static List<String> manifestRows(Dataset d, Map<String, StageRecord> stages) {
    List<String> rows = new ArrayList<>(d.size());
    for (int i = 0; i < d.size(); i++) {
      Sample s = d.samples().get(i);
      Origin o = s.origin();
      String type = "";
      String params = "";
      if (!o.isReal()) {
        StageRecord rec = stages.get(o.stage());
        if (rec == null) {
          throw new IllegalArgumentException("sample " + i + " was made by stage '" + o.stage()
              + "' but no StageRecord was given for it (known: " + new TreeMap<>(stages).keySet() + ")");
        }
        type = rec.type();
        params = rec.paramsJson();
      }
      rows.add(Csv.row(List.of(relativePath(d, i), Integer.toString(s.label()), d.classNames().get(s.label()),
          o.stage(), type, Long.toString(o.seed()), params, attributesJson(o.attributes()))));
    }
    return rows;
  }

  /** Compact JSON of the attributes with sorted keys. */
  static String attributesJson(Map<String, String> attributes) {
    try {
      return JSON.writeValueAsString(new TreeMap<>(attributes));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a map of strings always serializes", e);
    }
  }

  /** The safety net behind the check made when the input is read: no run should get this far. */
  private static void checkClassNames(List<String> names) {
    for (int i = 0; i < names.size(); i++) {
      String problem = classNameProblem(names, i);
      if (problem != null) {
        throw new IllegalArgumentException(problem);
      }
    }
  }

  /**
   * What keeps class {@code i} of {@code names} from having its own output folder, or null when
   * nothing does: a name that is no folder name, a name the file system's path encoding cannot
   * store (non-ASCII under a non-UTF-8 locale), a name given twice, or one that differs from an
   * earlier one only in letter case (the two would share a folder on some file systems).
   */
  public static String classNameProblem(List<String> names, int i) {
    return classNameProblem(names, i, pathEncoding());
  }

  /**
   * {@link #classNameProblem(List, int)} with {@code encoding} as the file system's path encoding:
   * a name that encoding cannot store (an {@code ä} where the locale makes it ASCII) is a problem.
   */
  static String classNameProblem(List<String> names, int i, Charset encoding) {
    String name = names.get(i);
    if (name == null) {
      return "class " + i + " has no name (null); give every class a name";
    }
    boolean bad = name.isEmpty() || name.startsWith(".") || name.indexOf('/') >= 0 || name.indexOf('\\') >= 0
        || name.indexOf('\0') >= 0 || name.indexOf(':') >= 0;
    if (bad) {
      return "class name '" + name + "' cannot be used as a folder name "
          + "(empty, starts with '.', or holds / \\ : or NUL); rename the class";
    }
    if (encoding != null && !encoding.newEncoder().canEncode(name)) {
      return "class name '" + name + "' cannot be a file or folder name here: the file system's names are "
          + encoding.name() + ", which Java takes from the locale (LANG, LC_ALL and LC_CTYPE unset or not UTF-8)"
          + ", and that cannot store it; run under a UTF-8 locale (e.g. LANG=C.UTF-8) or rename the class";
    }
    for (int j = 0; j < i; j++) {
      String other = names.get(j);
      if (name.equals(other)) {
        return "class name '" + name + "' is given twice (classes " + j + " and " + i
            + "); each class needs its own name";
      }
    }
    for (int j = 0; j < i; j++) {
      String other = names.get(j);
      if (other != null && other.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
        return "class names '" + other + "' and '" + name
            + "' differ only in letter case and would share a folder on some file systems; rename one";
      }
    }
    return null;
  }
}
