package io.synthaug.core.data;

import io.synthaug.api.Dataset;
import io.synthaug.api.Image;
import io.synthaug.api.InputException;
import io.synthaug.api.Origin;
import io.synthaug.api.Sample;
import io.synthaug.core.IoErrors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Reads an ImageFolder tree: {@code root/<class>/<image>.png|jpg|jpeg}, one folder per class.
 *
 * <p>Order: classes are the subfolder names sorted by {@link String#compareTo}, and within a
 * class the files are sorted the same way, so the same tree always gives the same dataset.
 * Each sample's origin is {@code real("<class>/<file>")}.
 *
 * <p>The reader is strict so that a stray file never silently becomes, or fails to become, a
 * training image. Dot-files and dot-folders ({@code .DS_Store}, {@code .git}) are ignored
 * everywhere. Any other file directly in the root, any folder inside a class folder, and any
 * file without a {@code .png}, {@code .jpg} or {@code .jpeg} extension (in any letter case) is an
 * error naming the file, and so is a broken symbolic link. A class folder without images and
 * images of different sizes are errors too; the one exception is the {@code images/} folder of a
 * run's output (a {@code manifest.csv} beside it), where a class whose images a stage dropped is
 * an empty folder that reads back as a class without images. Grayscale and RGB images may be mixed: then every image is promoted to RGB
 * (R = G = B for the gray ones), since a dataset needs one channel count.
 */
public final class ImageFolderFormat {

  private ImageFolderFormat() {
  }

  /** Reads the tree, decoding on as many threads as there are processors. */
  public static Dataset read(Path root) {
    return read(root, Runtime.getRuntime().availableProcessors());
  }

  /**
   * Reads the tree, decoding images on {@code threads} threads. The result does not depend on
   * the thread count.
   *
   * @throws InputException when the tree is missing, malformed, or holds an unreadable image
   */
  public static Dataset read(Path root, int threads) {
    return read(list(root), threads);
  }

  /**
   * The classes and image files of a tree, in the order a read takes them: exactly what
   * {@link #read(Listing, int)} decodes, so that a fingerprint of these files is one of the
   * dataset (dot-files left out, symbolic links followed as the reader follows them).
   *
   * @param root the dataset folder
   * @param classes the class names, sorted
   * @param classDirs each class's folder as listed (a name the locale cannot decode stays
   *     usable as a path only this way)
   * @param files every image file, class by class, each class's files sorted
   * @param labels the class of each file
   */
  public record Listing(Path root, List<String> classes, List<Path> classDirs, List<Path> files,
      List<Integer> labels) {

    /** File {@code i}'s path relative to the root, {@code <class>/<file>}. */
    public String relative(int i) {
      return classes.get(labels.get(i)) + "/" + files.get(i).getFileName();
    }
  }

  /**
   * Lists the tree and checks its layout without decoding an image.
   *
   * @throws InputException when the tree is missing or malformed (see the class description)
   */
  public static Listing list(Path root) {
    if (!Files.exists(root)) {
      throw new InputException(root.toString(), Files.isSymbolicLink(root) ? brokenLink(root)
          : "folder not found; check the path");
    }
    if (!Files.isDirectory(root)) {
      throw new InputException(root.toString(), "is a file, expected a folder with one subfolder per class");
    }
    List<String> classes = new ArrayList<>();
    List<Path> classDirs = new ArrayList<>();
    for (Path entry : entries(root)) {
      if (Files.isDirectory(entry)) {
        classes.add(entry.getFileName().toString());
        classDirs.add(entry);
      } else if (Files.isSymbolicLink(entry) && !Files.exists(entry)) {
        throw new InputException(entry.toString(), brokenLink(entry) + "; it is in the dataset folder " + root
            + ", which should hold only one subfolder per class: fix the link or remove it");
      } else {
        throw new InputException(entry.toString(), "is a file directly in the dataset folder " + root
            + ", which should hold only one subfolder per class; move it into its class folder or remove it");
      }
    }
    if (classes.isEmpty()) {
      throw new InputException(root.toString(), "has no class folders; put the images of each class in a "
          + "subfolder named after the class, e.g. " + root.resolve("cat").resolve("001.png"));
    }
    boolean output = isOutputImages(root);
    List<Path> files = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    for (int label = 0; label < classes.size(); label++) {
      Path classDir = classDirs.get(label);
      int before = files.size();
      for (Path f : entries(classDir)) {
        if (Files.isDirectory(f)) {
          throw new InputException(f.toString(), "is a folder inside class folder " + classDir
              + "; nested folders are not read, move its images up into " + classDir + " or remove it");
        }
        if (!isImageName(f.getFileName().toString())) {
          throw new InputException(f.toString(), "is not a .png, .jpg or .jpeg image; remove it from "
              + classDir + " (files starting with '.' are ignored)");
        }
        files.add(f);
        labels.add(label);
      }
      if (files.size() == before && !output) {
        throw new InputException(classDir.toString(), "class folder '" + classes.get(label)
            + "' has no images; remove the folder or add .png/.jpg images to it");
      }
    }
    if (files.isEmpty()) {
      throw new InputException(root.toString(), "has class folders but no images in any of them");
    }
    return new Listing(root, List.copyOf(classes), List.copyOf(classDirs), List.copyOf(files), List.copyOf(labels));
  }

  /**
   * Whether {@code root} is the {@code images/} folder of a run's output (a {@code manifest.csv}
   * beside it), whose class folders may be empty: a stage may drop every image of a class, and
   * the output keeps the class so that it reads back with the run's classes.
   */
  static boolean isOutputImages(Path root) {
    Path name = root.getFileName();
    return name != null && DatasetWriter.IMAGES.equals(name.toString())
        && Files.isRegularFile(root.resolveSibling(DatasetWriter.MANIFEST));
  }

  /** Decodes the listed images on {@code threads} threads; the result does not depend on the count. */
  public static Dataset read(Listing listing, int threads) {
    List<Path> files = listing.files();
    List<Image> images = Parallel.map(files, threads, PngCodec::read);
    images = uniform(listing.root(), files, images);
    List<Sample> samples = new ArrayList<>(files.size());
    for (int i = 0; i < files.size(); i++) {
      samples.add(new Sample(images.get(i), listing.labels().get(i), Origin.real(listing.relative(i))));
    }
    return new Dataset(listing.classes(), samples);
  }

  /**
   * The class folders and image files under {@code root} that are symbolic links, whatever their
   * targets: what a read reaches outside the tree, which an output must keep clear of as much as
   * the tree itself. Never fails; a tree that cannot be listed gives what could be listed (the
   * read reports the rest).
   */
  public static List<Path> linkedPaths(Path root) {
    List<Path> linked = new ArrayList<>();
    try {
      for (Path entry : entries(root)) {
        if (!Files.isDirectory(entry)) {
          continue;
        }
        if (Files.isSymbolicLink(entry)) {
          linked.add(entry);
        }
        try {
          for (Path f : entries(entry)) {
            if (Files.isSymbolicLink(f)) {
              linked.add(f);
            }
          }
        } catch (InputException e) {
          // an unreadable class folder: the read names it
        }
      }
    } catch (InputException e) {
      // as above, for the root
    }
    return linked;
  }

  /** "is a broken symbolic link (to its target)". */
  static String brokenLink(Path link) {
    try {
      return "is a broken symbolic link (its target " + Files.readSymbolicLink(link) + " does not exist)";
    } catch (IOException | UnsupportedOperationException e) {
      return "is a broken symbolic link";
    }
  }

  /** Checks that all images have one size; promotes gray images to RGB when both occur. */
  private static List<Image> uniform(Path root, List<Path> files, List<Image> images) {
    Image first = images.get(0);
    boolean anyRgb = false;
    for (int i = 0; i < images.size(); i++) {
      Image img = images.get(i);
      if (img.height() != first.height() || img.width() != first.width()) {
        throw new InputException(root.toString(), "images have different sizes: " + files.get(0) + " is "
            + first.width() + "x" + first.height() + " (width x height) but " + files.get(i) + " is "
            + img.width() + "x" + img.height() + "; resize them all to one size first");
      }
      anyRgb |= img.channels() == 3;
    }
    if (!anyRgb || images.stream().allMatch(img -> img.channels() == 3)) {
      return images;
    }
    List<Image> out = new ArrayList<>(images.size());
    for (Image img : images) {
      out.add(img.channels() == 3 ? img : toRgb(img));
    }
    return out;
  }

  /** A 3-channel copy of a gray image with R = G = B. */
  static Image toRgb(Image gray) {
    float[] src = gray.pixels();
    float[] px = new float[src.length * 3];
    for (int i = 0; i < src.length; i++) {
      px[3 * i] = src[i];
      px[3 * i + 1] = src[i];
      px[3 * i + 2] = src[i];
    }
    return new Image(gray.height(), gray.width(), 3, px);
  }

  static boolean isImageName(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return lower.endsWith(".png") || lower.endsWith(".jpg") || lower.endsWith(".jpeg");
  }

  /** The entries of {@code dir} that are not dot-files, sorted by name. */
  private static List<Path> entries(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> !p.getFileName().toString().startsWith("."))
          .sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()))
          .toList();
    } catch (IOException | UncheckedIOException e) {
      IOException io = e instanceof UncheckedIOException u ? u.getCause() : (IOException) e;
      throw new InputException(dir.toString(), "cannot list the folder: " + IoErrors.reason(io), e);
    }
  }
}
