package io.synthaug.plugins.classic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.synthaug.api.ParamException;
import io.synthaug.plugins.classic.transforms.HFlipParams;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class ClassicParamsTest {

  private static final List<OpSpec> FLIP = List.of(OpSpec.of(new HFlipParams(null)));

  private static ParamException rejects(Executable make) {
    return assertThrows(ParamException.class, make);
  }

  @Test
  void absentValuesGetDefaults() {
    ClassicParams p = new ClassicParams(null, null, null, null, FLIP);
    assertEquals(1, p.copies());
    assertEquals(true, p.keepOriginal());
    assertEquals(List.of(), p.classes());
    assertEquals(ApplyTo.ALL, p.applyTo());
    assertEquals(FLIP, p.ops());
  }

  @Test
  void copiesMustBeInRange() {
    ParamException low = rejects(() -> new ClassicParams(0, null, null, null, FLIP));
    assertEquals("copies", low.field());
    assertEquals("copies: must be between 1 and 1000, got 0", low.getMessage());
    assertEquals("copies: must be between 1 and 1000, got 1001",
        rejects(() -> new ClassicParams(1001, null, null, null, FLIP)).getMessage());
  }

  @Test
  void opsAreRequiredAndNonEmpty() {
    ParamException missing = rejects(() -> new ClassicParams(null, null, null, null, null));
    assertEquals("ops", missing.field());
    assertTrue(missing.problem().startsWith("is required"), missing.getMessage());
    assertTrue(missing.problem().contains(OpSpec.KINDS.toString()), missing.getMessage());
    ParamException empty = rejects(() -> new ClassicParams(null, null, null, null, List.of()));
    assertEquals("ops", empty.field());
    assertTrue(empty.problem().contains("got []"), empty.getMessage());
    List<OpSpec> withNull = new ArrayList<>(FLIP);
    withNull.add(null);
    ParamException nullOp = rejects(() -> new ClassicParams(null, null, null, null, withNull));
    assertTrue(nullOp.problem().startsWith("element 1 is null"), nullOp.getMessage());
  }

  @Test
  void classNamesMustNotBeBlank() {
    ParamException blank = rejects(() -> new ClassicParams(null, null, List.of("cat", " "), null, FLIP));
    assertEquals("classes: class names must not be blank, got \" \" at index 1", blank.getMessage());
    ParamException nul = rejects(() -> new ClassicParams(null, null, Arrays.asList("cat", null), null, FLIP));
    assertEquals("classes", nul.field());
    assertTrue(nul.getMessage().contains("got null at index 1"), nul.getMessage());
  }

  @Test
  void listsAreCopied() {
    List<String> classes = new ArrayList<>(List.of("cat"));
    List<OpSpec> ops = new ArrayList<>(FLIP);
    ClassicParams p = new ClassicParams(null, null, classes, null, ops);
    classes.add("dog");
    ops.clear();
    assertEquals(List.of("cat"), p.classes());
    assertEquals(1, p.ops().size());
  }
}
