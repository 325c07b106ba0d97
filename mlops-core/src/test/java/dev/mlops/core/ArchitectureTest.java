package dev.mlops.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The house rules of the core's layout, read from its sources: no package cycles (dependencies
 * point down), no Maven types, JGit only in {@code git}. Imports and fully qualified names both
 * count as a dependency.
 */
class ArchitectureTest {
  private static final Path SOURCES = Path.of("src", "main", "java");
  private static final String ROOT = "dev.mlops.core";
  // A reference to a type in one of our packages: the package part, then a capitalised name.
  private static final Pattern REFERENCE =
      Pattern.compile("\\bdev\\.mlops\\.core(?:\\.[a-z][a-z0-9_]*)*(?=\\.[A-Z])");
  private static final Pattern PACKAGE = Pattern.compile("(?m)^package\\s+([\\w.]+)\\s*;");

  @Test
  void corePackages_haveNoDependencyCycle() {
    Map<String, Set<String>> graph = packageGraph(sources());

    // The graph is read, not assumed: registry is known to use drift, git and eval.
    assertThat(graph.get(ROOT + ".registry"))
        .contains(ROOT + ".drift", ROOT + ".git", ROOT + ".eval");
    assertThat(cycles(graph)).as("package cycles in mlops-core (a -> b -> ... -> a)").isEmpty();
  }

  @Test
  void cycleFinder_findsACycleWhenThereIsOne() {
    Map<String, Set<String>> graph = new TreeMap<>();
    graph.put("a", Set.of("b"));
    graph.put("b", Set.of("c"));
    graph.put("c", Set.of("a", "d"));
    graph.put("d", Set.of());

    assertThat(cycles(graph)).containsExactly(List.of("a", "b", "c", "a"));
  }

  @Test
  void coreMainCode_hasNoMavenTypes() {
    assertThat(filesMentioning(sources(), "org.apache.maven")).isEmpty();
  }

  @Test
  void jgitTypes_stayInTheGitPackage() {
    Path git = SOURCES.resolve(ROOT.replace('.', '/')).resolve("git");
    assertThat(filesMentioning(sources(), "org.eclipse.jgit"))
        .isNotEmpty()
        .allMatch(file -> file.startsWith(git), "is in " + git);
  }

  private static List<Path> sources() {
    try (Stream<Path> files = Files.walk(SOURCES)) {
      List<Path> java = files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
      assertThat(java).as("core sources under " + SOURCES.toAbsolutePath()).hasSizeGreaterThan(50);
      return java;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<Path> filesMentioning(List<Path> files, String text) {
    return files.stream().filter(f -> read(f).contains(text)).toList();
  }

  /** Package -> the packages of ours that its files refer to (never itself). */
  private static Map<String, Set<String>> packageGraph(List<Path> files) {
    Map<String, Set<String>> graph = new TreeMap<>();
    for (Path file : files) {
      String source = read(file);
      Matcher declared = PACKAGE.matcher(source);
      assertThat(declared.find()).as("package declaration in " + file).isTrue();
      String pkg = declared.group(1);
      Set<String> uses = graph.computeIfAbsent(pkg, p -> new TreeSet<>());
      Matcher reference = REFERENCE.matcher(source.substring(declared.end()));
      while (reference.find()) {
        if (!reference.group().equals(pkg)) {
          uses.add(reference.group());
        }
      }
    }
    return graph;
  }

  /** Every cycle found by depth-first search, each as a path that ends where it started. */
  private static List<List<String>> cycles(Map<String, Set<String>> graph) {
    List<List<String>> found = new ArrayList<>();
    Set<String> done = new TreeSet<>();
    for (String start : graph.keySet()) {
      visit(start, graph, new ArrayDeque<>(), done, found);
    }
    return found;
  }

  private static void visit(
      String node,
      Map<String, Set<String>> graph,
      Deque<String> path,
      Set<String> done,
      List<List<String>> found) {
    if (path.contains(node)) {
      List<String> cycle = new ArrayList<>();
      boolean in = false;
      for (String p : (Iterable<String>) path::descendingIterator) {
        in |= p.equals(node);
        if (in) {
          cycle.add(p);
        }
      }
      cycle.add(node);
      found.add(cycle);
      return;
    }
    if (!done.add(node)) {
      return;
    }
    path.push(node);
    for (String next : graph.getOrDefault(node, Set.of())) {
      visit(next, graph, path, done, found);
    }
    path.pop();
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
