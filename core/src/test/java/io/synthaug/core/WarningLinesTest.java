package io.synthaug.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class WarningLinesTest {

  @Test
  void warningsGoToTheWarningLevelWithoutTheirMarkAndTheRestWhereTheCallerSaid() {
    List<String> debug = new ArrayList<>();
    List<String> warn = new ArrayList<>();
    Consumer<String> log = WarningLines.route(debug::add, warn::add);
    log.accept("epoch 1/10: loss 1.2");
    log.accept(WarningLines.PREFIX + "class 'x' has no training images");
    log.accept("a line that mentions WARNING: in its middle");
    assertEquals(List.of("epoch 1/10: loss 1.2", "a line that mentions WARNING: in its middle"), debug);
    assertEquals(List.of("class 'x' has no training images"), warn);
  }
}
