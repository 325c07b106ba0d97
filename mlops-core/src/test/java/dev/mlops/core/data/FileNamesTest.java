package dev.mlops.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class FileNamesTest {
  @Test
  void escape_plainName_isUnchanged() {
    assertThat(FileNames.escape("train/cat/a b-ü.png")).isEqualTo("train/cat/a b-ü.png");
  }

  @Test
  void escape_lineBreakingCharacters_becomeVisibleEscapesOnOneLine() {
    String name = "a\nb\rc\td\\e\u0000f\u007fg\u2028h.png";

    String escaped = FileNames.escape(name);

    assertThat(escaped).isEqualTo("a\\nb\\rc\\td\\\\e\\u0000f\\u007fg\\u2028h.png");
    assertThat(escaped).doesNotContain("\n", "\r", "\t", "\u2028");
    assertThat(FileNames.unescape(escaped)).isEqualTo(name);
  }

  @Test
  void escape_backslashBeforeLetter_roundTripsWithoutBecomingAnEscape() {
    String literal = "a\\nb.png"; // a backslash and an 'n', no newline

    assertThat(FileNames.escape(literal)).isEqualTo("a\\\\nb.png");
    assertThat(FileNames.unescape(FileNames.escape(literal))).isEqualTo(literal);
  }

  @Test
  void display_path_isEscaped() {
    assertThat(FileNames.display(Path.of("da\nta", "x.png"))).isEqualTo("da\\nta/x.png");
  }

  @Test
  void unescape_malformed_isRefused() {
    assertThatThrownBy(() -> FileNames.unescape("a\\"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FileNames.unescape("a\\x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FileNames.unescape("a\\u12"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FileNames.unescape("a\\u12zz"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
