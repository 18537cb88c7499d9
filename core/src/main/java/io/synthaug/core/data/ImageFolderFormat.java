package io.synthaug.core.data;

import io.synthaug.api.Dataset;
import io.synthaug.api.Image;
import io.synthaug.api.InputException;
import io.synthaug.api.Origin;
import io.synthaug.api.Sample;
import java.io.IOException;
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
 * error naming the file. A class folder without images and images of different sizes are errors
 * too. Grayscale and RGB images may be mixed: then every image is promoted to RGB
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
    if (!Files.exists(root)) {
      throw new InputException(root.toString(), "folder not found; check the path");
    }
    if (!Files.isDirectory(root)) {
      throw new InputException(root.toString(), "is a file, expected a folder with one subfolder per class");
    }
    List<String> classes = new ArrayList<>();
    for (Path entry : list(root)) {
      if (Files.isDirectory(entry)) {
        classes.add(entry.getFileName().toString());
      } else {
        throw new InputException(entry.toString(), "is a file directly in the dataset folder " + root
            + ", which should hold only one subfolder per class; move it into its class folder or remove it");
      }
    }
    if (classes.isEmpty()) {
      throw new InputException(root.toString(), "has no class folders; put the images of each class in a "
          + "subfolder named after the class, e.g. " + root.resolve("cat").resolve("001.png"));
    }
    List<Path> files = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    for (int label = 0; label < classes.size(); label++) {
      Path classDir = root.resolve(classes.get(label));
      int before = files.size();
      for (Path f : list(classDir)) {
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
      if (files.size() == before) {
        throw new InputException(classDir.toString(), "class folder '" + classes.get(label)
            + "' has no images; remove the folder or add .png/.jpg images to it");
      }
    }
    List<Image> images = Parallel.map(files, threads, PngCodec::read);
    images = uniform(root, files, images);
    List<Sample> samples = new ArrayList<>(files.size());
    for (int i = 0; i < files.size(); i++) {
      String ref = classes.get(labels.get(i)) + "/" + files.get(i).getFileName();
      samples.add(new Sample(images.get(i), labels.get(i), Origin.real(ref)));
    }
    return new Dataset(classes, samples);
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
  private static List<Path> list(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> !p.getFileName().toString().startsWith("."))
          .sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()))
          .toList();
    } catch (IOException e) {
      throw new InputException(dir.toString(), "cannot list the folder: " + e.getMessage(), e);
    }
  }
}
