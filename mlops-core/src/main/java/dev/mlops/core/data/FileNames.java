package dev.mlops.core.data;

import java.nio.file.Path;
import java.util.HexFormat;

/**
 * Escapes file names so that one name is one line: in logs and messages, where a raw newline would
 * split a name over two log lines (or forge a line of its own), and in line-based files such as the
 * hash cache. Backslash, newline, carriage return and tab become {@code \\ \n \r \t}; every other
 * control character (and the Unicode line and paragraph separators) becomes {@code \}{@code uXXXX}.
 * Names without such characters, nearly all of them, are returned as they are.
 */
public final class FileNames {
  private FileNames() {}

  /** {@code name} on one line, reversibly (see {@link #unescape}). */
  public static String escape(String name) {
    int i = 0;
    while (i < name.length() && !needsEscape(name.charAt(i))) {
      i++;
    }
    if (i == name.length()) {
      return name;
    }
    StringBuilder out = new StringBuilder(name.length() + 8).append(name, 0, i);
    for (; i < name.length(); i++) {
      char c = name.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (needsEscape(c)) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }

  /** A path for a log line or a message: {@link #escape}d. */
  public static String display(Path path) {
    return escape(path.toString());
  }

  /**
   * The name that {@link #escape} turned into {@code escaped}.
   *
   * @throws IllegalArgumentException when {@code escaped} is not something escape returns
   */
  public static String unescape(String escaped) {
    if (escaped.indexOf('\\') < 0) {
      return escaped;
    }
    StringBuilder out = new StringBuilder(escaped.length());
    for (int i = 0; i < escaped.length(); i++) {
      char c = escaped.charAt(i);
      if (c != '\\') {
        out.append(c);
        continue;
      }
      if (++i == escaped.length()) {
        throw new IllegalArgumentException("dangling backslash in " + escaped);
      }
      switch (escaped.charAt(i)) {
        case '\\' -> out.append('\\');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'u' -> {
          if (i + 5 > escaped.length()) {
            throw new IllegalArgumentException("short \\u escape in " + escaped);
          }
          out.append((char) HexFormat.fromHexDigits(escaped, i + 1, i + 5));
          i += 4;
        }
        default -> throw new IllegalArgumentException("unknown escape in " + escaped);
      }
    }
    return out.toString();
  }

  private static boolean needsEscape(char c) {
    return c < 0x20 || c == '\\' || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029';
  }
}
