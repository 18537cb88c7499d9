package io.synthaug.core.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.synthaug.api.Dataset;
import io.synthaug.api.Image;
import io.synthaug.api.Origin;
import io.synthaug.api.Sample;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Agreement arithmetic with a predictor whose answers are known. */
class LabelAgreementTest {

  private static final List<Image> SIX = Collections.nCopies(6, Image.blank(2, 2, 1));

  @Test
  void countsAgreementPerIntendedClass() {
    int[] labels = {0, 0, 0, 1, 1, 2};
    int[] predicted = {0, 0, 1, 1, 0, 2};
    LabelAgreement a = LabelAgreement.measure(images -> predicted.clone(), SIX, labels, 4);
    assertEquals(4, a.classes());
    assertEquals(6, a.total());
    assertEquals(4.0 / 6, a.overall(), 1e-12);
    double[] per = a.perClass();
    assertEquals(2.0 / 3, per[0], 1e-12);
    assertEquals(0.5, per[1], 1e-12);
    assertEquals(1.0, per[2], 1e-12);
    assertTrue(Double.isNaN(per[3]), "no images of class 3");
    assertArrayEquals(new int[] {3, 2, 1, 0}, a.counts());
    assertArrayEquals(new int[] {2, 1, 1, 0}, a.agreed());
    assertArrayEquals(new int[] {2, 1, 0, 0}, a.confusion()[0]);
    assertArrayEquals(new int[] {1, 1, 0, 0}, a.confusion()[1]);
    assertEquals("label agreement 66.67% of 6 | a 66.7% | b 50.0% | c 100.0% | d NaN%",
        a.summary(List.of("a", "b", "c", "d")));
  }

  @Test
  void refusesMismatchedLengthsAndOutOfRangeValues() {
    IllegalArgumentException len = assertThrows(IllegalArgumentException.class,
        () -> LabelAgreement.measure(images -> new int[6], SIX, new int[5], 3));
    assertTrue(len.getMessage().contains("5 labels for 6 images"), len.getMessage());

    IllegalArgumentException label = assertThrows(IllegalArgumentException.class,
        () -> LabelAgreement.measure(images -> new int[6], SIX, new int[] {0, 1, 2, 3, 0, 0}, 3));
    assertTrue(label.getMessage().contains("label 3 of image 3 is outside the 3 classes (0 to 2)"),
        label.getMessage());

    IllegalArgumentException pred = assertThrows(IllegalArgumentException.class,
        () -> LabelAgreement.measure(images -> new int[] {0, 0, 0, 0, 0, -1}, SIX, new int[6], 3));
    assertTrue(pred.getMessage().contains("predicted class -1 of image 5 is outside the 3 classes"),
        pred.getMessage());

    IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
        () -> LabelAgreement.measure(images -> new int[2], SIX, new int[6], 3));
    assertTrue(count.getMessage().contains("returned 2 predictions for 6 images"), count.getMessage());
  }

  @Test
  void measuresAGeneratedDatasetByItsLabels() {
    Dataset generated = new Dataset(List.of("a", "b"), List.of(
        new Sample(Image.blank(2, 2, 1), 1, Origin.made("gan", 1, null)),
        new Sample(Image.blank(2, 2, 1), 1, Origin.made("gan", 2, null)),
        new Sample(Image.blank(2, 2, 1), 0, Origin.made("gan", 3, null))));
    LabelAgreement a = LabelAgreement.measure(images -> new int[] {1, 0, 0}, generated);
    assertEquals(2, a.classes());
    assertArrayEquals(new int[] {1, 2}, a.counts());
    assertArrayEquals(new double[] {1.0, 0.5}, a.perClass(), 1e-12);
  }

  @Test
  void noImagesGiveNaN() {
    LabelAgreement a = LabelAgreement.of(new int[0], new int[0], 2);
    assertTrue(Double.isNaN(a.overall()));
    assertEquals(0, a.total());
  }
}
