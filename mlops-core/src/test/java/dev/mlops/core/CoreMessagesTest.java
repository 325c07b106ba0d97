package dev.mlops.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The core's messages name settings by key and stages neutrally, never a Maven property, POM
 * element or command: the plugin maps keys and {@link Remedy remedies} to those, and a server maps
 * the same exception to a JSON body. Read from the string literals of the core's sources (comments
 * may mention Maven).
 */
class CoreMessagesTest {
  private static final Path SOURCES = Path.of("src", "main", "java");

  private static final Pattern PROPERTY = Pattern.compile("-D\\s*mlops");
  private static final Pattern POM = Pattern.compile("(?i)\\bpom\\b");
  private static final Pattern MVN = Pattern.compile("\\bmvn\\b");
  private static final Pattern PLUGIN = Pattern.compile("(?i)\\b(maven|plugin)\\b");
  private static final Pattern GOAL = Pattern.compile("\\bmlops:([a-z][a-z-]*)");
  private static final Pattern ELEMENT = Pattern.compile("<([A-Za-z][A-Za-z0-9]*)>");

  // The HTML pages' marker comments, not goals.
  private static final Set<String> NOT_GOALS = Set.of("pages");
  // Tags of the HTML pages and placeholders of paths and versions (<class>/<file>, v<N>): not POM
  // elements. Deliberately short, so a new tag is a conscious addition.
  private static final Set<String> NOT_ELEMENTS =
      Set.of(
          "html",
          "head",
          "body",
          "title",
          "style",
          "section",
          "h1",
          "h2",
          "h3",
          "p",
          "ul",
          "ol",
          "li",
          "table",
          "tr",
          "th",
          "td",
          "strong",
          "em",
          "br",
          "pre",
          "code",
          "figure",
          "figcaption",
          "split",
          "class",
          "file",
          "N",
          "K");

  /**
   * One string literal and where it starts; {@code joined} says whether it follows another literal
   * and a {@code +}.
   */
  record Literal(Path file, int line, String text, boolean joined) {}

  @Test
  void mainSources_stringLiterals_haveNoMavenWording() {
    List<String> found = new ArrayList<>();
    for (Path file : sources()) {
      problems(literals(file, read(file))).forEach(p -> found.add(file + ":" + p));
    }

    assertThat(found)
        .as(
            "core messages name the setting (a key such as maxAccuracyDrop) and carry a Remedy;"
                + " the plugin adds the property, POM element and goal")
        .isEmpty();
  }

  @Test
  void scanner_mavenWordingInLiterals_isReportedWithItsLine() {
    String source =
        "class X {\n"
            + "  // run mvn mlops:train -Dmlops.x=1 <epochs> in the POM: comments may say it\n"
            + "  String a = \"<p>ok</p> <class>/<file> v<N>\";\n"
            + "  String b = \"lower <learningRate>\";\n"
            + "  String c = \"then mvn\"\n"
            + "      + \" mlops:promote\";\n"
            + "  String d = \"(or -Dmlops.drift\" + \".pValue=...) in the pom.xml\";\n"
            + "  char e = '\"';\n"
            + "  String f = \"\"\"\n"
            + "      see the POM\n"
            + "      \"\"\";\n"
            + "  String g = \"escaped \\\" quote, then mlops: fast-forward\";\n"
            + "  String h = \"<\" + key + \">\" + value + \"</\" + key + \">\";\n"
            + "  String i = user + \" <\" + email + \">\";\n"
            + "}\n";

    assertThat(problems(literals(Path.of("X.java"), source)))
        .containsExactly(
            "4: POM element <learningRate>",
            "5: command mvn",
            "6: goal mlops:promote",
            "7: property -Dmlops",
            "7: POM",
            "9: POM",
            "13: POM element built from parts",
            "13: POM element built from parts");
  }

  @Test
  void scanner_phraseSplitAcrossLiterals_isReported() {
    String source = "class X {\n  String a = \"set -D\"\n      + \"mlops.seed=1\";\n}\n";

    assertThat(problems(literals(Path.of("X.java"), source)))
        .containsExactly("3: property -Dmlops");
  }

  /**
   * "line: problem" for every literal with Maven wording, and for every literal that has it only
   * together with the literal before it (a phrase split across lines).
   */
  private static List<String> problems(List<Literal> literals) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < literals.size(); i++) {
      Literal l = literals.get(i);
      java.util.Optional<String> p = problem(l.text());
      if (p.isEmpty() && l.joined() && problem(literals.get(i - 1).text()).isEmpty()) {
        p = problem(literals.get(i - 1).text() + l.text());
      }
      p.ifPresent(what -> out.add(l.line() + ": " + what));
    }
    return out;
  }

  /** The first Maven wording in {@code text}, described, or empty. */
  private static java.util.Optional<String> problem(String text) {
    Matcher m;
    if (PROPERTY.matcher(text).find()) {
      return java.util.Optional.of("property -Dmlops");
    }
    if (POM.matcher(text).find()) {
      return java.util.Optional.of("POM");
    }
    if (MVN.matcher(text).find()) {
      return java.util.Optional.of("command mvn");
    }
    if ((m = PLUGIN.matcher(text)).find()) {
      return java.util.Optional.of("the word " + m.group());
    }
    m = GOAL.matcher(text);
    while (m.find()) {
      if (!NOT_GOALS.contains(m.group(1))) {
        return java.util.Optional.of("goal " + m.group());
      }
    }
    if (text.equals("<") || text.equals("</")) {
      return java.util.Optional.of("POM element built from parts");
    }
    m = ELEMENT.matcher(text);
    while (m.find()) {
      if (!NOT_ELEMENTS.contains(m.group(1))) {
        return java.util.Optional.of("POM element " + m.group());
      }
    }
    return java.util.Optional.empty();
  }

  /** The string literals of a Java source, outside comments and char literals, in order. */
  static List<Literal> literals(Path file, String src) {
    List<Literal> out = new ArrayList<>();
    int line = 1;
    int i = 0;
    int previousEnd = -1;
    while (i < src.length()) {
      char c = src.charAt(i);
      if (c == '\n') {
        line++;
        i++;
      } else if (src.startsWith("//", i)) {
        i = src.indexOf('\n', i) < 0 ? src.length() : src.indexOf('\n', i);
      } else if (src.startsWith("/*", i)) {
        int end = src.indexOf("*/", i + 2);
        end = end < 0 ? src.length() : end + 2;
        line += count(src, i, end);
        i = end;
      } else if (c == '\'') {
        i = skipQuoted(src, i, '\'');
      } else if (c == '"') {
        boolean block = src.startsWith("\"\"\"", i);
        int end = block ? blockEnd(src, i) : skipQuoted(src, i, '"');
        String text = src.substring(i + (block ? 3 : 1), end - (block ? 3 : 1));
        boolean joined = previousEnd >= 0 && src.substring(previousEnd, i).trim().equals("+");
        out.add(new Literal(file, line, text, joined));
        previousEnd = end;
        line += count(src, i, end);
        i = end;
      } else {
        i++;
      }
    }
    return out;
  }

  /** The index after the literal quoted by {@code quote} that starts at {@code start}. */
  private static int skipQuoted(String src, int start, char quote) {
    int i = start + 1;
    while (i < src.length() && src.charAt(i) != quote) {
      i += src.charAt(i) == '\\' ? 2 : 1;
    }
    return Math.min(i + 1, src.length());
  }

  private static int blockEnd(String src, int start) {
    int i = start + 3;
    while (i < src.length() && !src.startsWith("\"\"\"", i)) {
      i += src.charAt(i) == '\\' ? 2 : 1;
    }
    return Math.min(i + 3, src.length());
  }

  private static int count(String src, int from, int to) {
    int n = 0;
    for (int i = from; i < to; i++) {
      n += src.charAt(i) == '\n' ? 1 : 0;
    }
    return n;
  }

  private static List<Path> sources() {
    try (Stream<Path> files = Files.walk(SOURCES)) {
      List<Path> list = files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
      assertThat(list).as("core sources under " + SOURCES.toAbsolutePath()).isNotEmpty();
      return list;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
