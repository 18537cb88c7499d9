package io.synthaug.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class CsvTest {

  @Test
  void quotesOnlyWhatNeedsQuoting() {
    assertEquals("a,b c,,\"x,y\",\"say \"\"hi\"\"\",\"two\nlines\"\n",
        Csv.row(List.of("a", "b c", "", "x,y", "say \"hi\"", "two\nlines")));
  }

  @Test
  void parseReadsBackWhatRowWrites() {
    List<String> tricky = List.of("{\"a\":1,\"b\":\"q\\\"\"}", "", "line\r\nbreak", ",", "\"");
    String text = Csv.row(List.of("h1", "h2", "h3", "h4", "h5")) + Csv.row(tricky);
    assertEquals(List.of(List.of("h1", "h2", "h3", "h4", "h5"), tricky), Csv.parse(text));
  }

  @Test
  void parseAcceptsCrlfAndAMissingFinalNewline() {
    assertEquals(List.of(List.of("a", "b"), List.of("c", "")), Csv.parse("a,b\r\nc,"));
  }

  @Test
  void parseRejectsAnUnterminatedQuote() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Csv.parse("a\n\"open,b\n"));
    assertEquals("unterminated quoted field in CSV row 2", e.getMessage());
  }
}
