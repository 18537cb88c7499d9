package io.synthaug.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.synthaug.api.Dataset;
import io.synthaug.api.Image;
import io.synthaug.api.InputException;
import io.synthaug.api.Origin;
import io.synthaug.api.Sample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderFormatTest {

  @TempDir
  Path root;

  private void png(String rel, Image img) throws Exception {
    Path f = root.resolve(rel);
    Files.createDirectories(f.getParent());
    PngCodec.write(img, f);
  }

  @Test
  void readsClassesAndFilesInSortedOrder() throws Exception {
    png("zebra/b.png", TestImages.pattern(4, 3, 1, 1));
    png("zebra/a.PNG", TestImages.pattern(4, 3, 1, 2));
    png("ant/x.Jpeg", TestImages.pattern(4, 3, 1, 3));
    Files.writeString(root.resolve("ant/.DS_Store"), "junk");
    Files.createDirectories(root.resolve(".git"));
    Dataset d = ImageFolderFormat.read(root);
    assertEquals(List.of("ant", "zebra"), d.classNames());
    assertEquals(List.of(Origin.real("ant/x.Jpeg"), Origin.real("zebra/a.PNG"), Origin.real("zebra/b.png")),
        d.samples().stream().map(Sample::origin).toList());
    assertEquals(List.of(0, 1, 1), d.samples().stream().map(Sample::label).toList());
    assertEquals(TestImages.pattern(4, 3, 1, 2), d.samples().get(1).image());
  }

  @Test
  void resultDoesNotDependOnThreadCount() throws Exception {
    for (int i = 0; i < 30; i++) {
      png("c" + (i % 3) + "/" + i + ".png", TestImages.pattern(6, 6, 3, i));
    }
    assertEquals(ImageFolderFormat.read(root, 1), ImageFolderFormat.read(root, 2));
    assertEquals(ImageFolderFormat.read(root, 1), ImageFolderFormat.read(root, 7));
  }

  @Test
  void mixedGrayAndRgbArePromotedToRgb() throws Exception {
    png("a/gray.png", new Image(1, 2, 1, new float[] {0.2f, 0.4f}));
    png("b/rgb.png", TestImages.pattern(1, 2, 3, 0));
    Dataset d = ImageFolderFormat.read(root);
    assertEquals(3, d.samples().get(0).image().channels());
    assertEquals(TestImages.pattern(1, 2, 3, 0), d.samples().get(1).image());
    Image promoted = d.samples().get(0).image();
    float v = PixelBytes.toFloat(PixelBytes.toByte(0.4f));
    assertEquals(v, promoted.get(0, 1, 0));
    assertEquals(v, promoted.get(0, 1, 1));
    assertEquals(v, promoted.get(0, 1, 2));
  }

  @Test
  void allGrayStaysGray() throws Exception {
    png("a/1.png", TestImages.pattern(2, 2, 1, 0));
    png("b/1.png", TestImages.pattern(2, 2, 1, 1));
    assertEquals(1, ImageFolderFormat.read(root).samples().get(1).image().channels());
  }

  @Test
  void emptyClassFolderIsNamed() throws Exception {
    png("cat/1.png", TestImages.pattern(2, 2, 1, 0));
    Files.createDirectories(root.resolve("dog"));
    Files.writeString(root.resolve("dog/.hidden"), "x");
    InputException e = assertThrows(InputException.class, () -> ImageFolderFormat.read(root));
    assertEquals(root.resolve("dog").toString(), e.file());
    assertTrue(e.getMessage().contains("class folder 'dog' has no images; remove the folder or add"), e.getMessage());
  }

  @Test
  void nonImageFileIsNamed() throws Exception {
    png("cat/1.png", TestImages.pattern(2, 2, 1, 0));
    Files.writeString(root.resolve("cat/labels.txt"), "x");
    InputException e = assertThrows(InputException.class, () -> ImageFolderFormat.read(root));
    assertEquals(root.resolve("cat/labels.txt").toString(), e.file());
    assertTrue(e.getMessage().contains("is not a .png, .jpg or .jpeg image; remove it"), e.getMessage());
  }

  @Test
  void undecodableImageIsNamed() throws Exception {
    png("cat/1.png", TestImages.pattern(2, 2, 1, 0));
    Files.writeString(root.resolve("cat/2.png"), "not really a png");
    InputException e = assertThrows(InputException.class, () -> ImageFolderFormat.read(root, 2));
    assertEquals(root.resolve("cat/2.png").toString(), e.file());
  }

  @Test
  void firstBadFileInOrderIsReportedWhateverTheThreads() throws Exception {
    for (int i = 0; i < 20; i++) {
      png("cat/" + i + ".png", TestImages.pattern(2, 2, 1, i));
    }
    Files.writeString(root.resolve("cat/3.png"), "bad");
    Files.writeString(root.resolve("cat/7.png"), "bad");
    for (int threads : new int[] {1, 2, 4}) {
      InputException e = assertThrows(InputException.class, () -> ImageFolderFormat.read(root, threads));
      assertEquals(root.resolve("cat/3.png").toString(), e.file());
    }
  }

  @Test
  void mixedSizesNameTwoFilesAndTheirSizes() throws Exception {
    png("a/1.png", TestImages.pattern(4, 5, 1, 0));
    png("b/1.png", TestImages.pattern(4, 5, 1, 0));
    png("b/2.png", TestImages.pattern(6, 5, 1, 0));
    InputException e = assertThrows(InputException.class, () -> ImageFolderFormat.read(root));
    String m = e.getMessage();
    assertTrue(m.contains(root.resolve("a/1.png") + " is 5x4 (width x height)"), m);
    assertTrue(m.contains(root.resolve("b/2.png") + " is 5x6"), m);
    assertTrue(m.contains("resize them all to one size first"), m);
  }

  @Test
  void missingRootIsNamed() {
    Path missing = root.resolve("nowhere");
    InputException e = assertThrows(InputException.class, () -> ImageFolderFormat.read(missing));
    assertEquals(missing.toString(), e.file());
    assertTrue(e.getMessage().contains("folder not found"), e.getMessage());
  }

  @Test
  void rootWithoutClassFolders() {
    InputException e = assertThrows(InputException.class, () -> ImageFolderFormat.read(root));
    assertTrue(e.getMessage().contains("has no class folders"), e.getMessage());
  }

  @Test
  void fileDirectlyInRootIsNamed() throws Exception {
    png("a/1.png", TestImages.pattern(2, 2, 1, 0));
    png("stray.png", TestImages.pattern(2, 2, 1, 0));
    InputException e = assertThrows(InputException.class, () -> ImageFolderFormat.read(root));
    assertEquals(root.resolve("stray.png").toString(), e.file());
    assertTrue(e.getMessage().contains("move it into its class folder or remove it"), e.getMessage());
  }

  @Test
  void nestedFolderIsNamed() throws Exception {
    png("a/1.png", TestImages.pattern(2, 2, 1, 0));
    png("a/more/2.png", TestImages.pattern(2, 2, 1, 0));
    InputException e = assertThrows(InputException.class, () -> ImageFolderFormat.read(root));
    assertEquals(root.resolve("a/more").toString(), e.file());
    assertTrue(e.getMessage().contains("nested folders are not read"), e.getMessage());
  }

  @Test
  void linkedClassFoldersAreReadAndListedAsLinks(@TempDir Path elsewhere) throws Exception {
    png("a/0.png", TestImages.pattern(4, 3, 1, 1));
    Path target = elsewhere.resolve("b");
    Files.createDirectories(target);
    PngCodec.write(TestImages.pattern(4, 3, 1, 2), target.resolve("0.png"));
    Files.createSymbolicLink(root.resolve("b"), target);
    Files.createSymbolicLink(root.resolve("a").resolve("1.png"), target.resolve("0.png"));
    ImageFolderFormat.Listing listing = ImageFolderFormat.list(root);
    assertEquals(List.of("a", "b"), listing.classes());
    assertEquals(List.of("a/0.png", "a/1.png", "b/0.png"),
        List.of(listing.relative(0), listing.relative(1), listing.relative(2)));
    assertEquals(3, ImageFolderFormat.read(root).size());
    assertEquals(List.of(root.resolve("a/1.png"), root.resolve("b")), ImageFolderFormat.linkedPaths(root));
  }

  @Test
  void aBrokenLinkInTheDatasetFolderIsCalledOne() throws Exception {
    png("a/0.png", TestImages.pattern(4, 3, 1, 1));
    Files.createSymbolicLink(root.resolve("b"), root.resolve("gone"));
    InputException e = assertThrows(InputException.class, () -> ImageFolderFormat.read(root));
    assertEquals(root.resolve("b").toString(), e.file());
    assertTrue(e.problem().startsWith("is a broken symbolic link (its target " + root.resolve("gone")), e.getMessage());
  }
}
