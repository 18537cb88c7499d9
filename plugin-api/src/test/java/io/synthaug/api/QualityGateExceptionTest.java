package io.synthaug.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class QualityGateExceptionTest {

  @Test
  void theMessageGivesFiguresToFourSignificantDigitsAndKeepsTheExactValues() {
    QualityGateException e = new QualityGateException("kid.g.8", 11.06298108219393, 0.0412345, "why");
    assertEquals("kid.g.8 = 11.06 is beyond the gate's threshold 0.04123: why", e.getMessage());
    assertEquals(11.06298108219393, e.value());
    assertEquals(0.0412345, e.threshold());
    assertEquals(6, e.exitCode());
  }

  @Test
  void figuresReadTheSameInEveryLocaleAndAtEveryScale() {
    Locale before = Locale.getDefault();
    try {
      Locale.setDefault(Locale.GERMANY);
      assertEquals("0.398", QualityGateException.format(0.398));
      assertEquals("7.405", QualityGateException.format(7.40500001));
      assertEquals("0", QualityGateException.format(0.0));
      assertEquals("120", QualityGateException.format(120.0));
      assertEquals("-2.5", QualityGateException.format(-2.5));
      assertEquals("1.235E+8", QualityGateException.format(123_456_789.0));
      assertEquals("1.2E-7", QualityGateException.format(1.2e-7));
      assertEquals("NaN", QualityGateException.format(Double.NaN));
    } finally {
      Locale.setDefault(before);
    }
  }
}
