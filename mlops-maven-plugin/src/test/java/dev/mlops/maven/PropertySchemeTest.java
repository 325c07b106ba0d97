package dev.mlops.maven;

import static org.apache.maven.api.plugin.testing.MojoExtension.setVariableValueToObject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.maven.PluginParameters.Parameter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.execution.DefaultMavenExecutionRequest;
import org.apache.maven.execution.DefaultMavenExecutionResult;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One property scheme, read from the plugin descriptor that Maven uses: {@code
 * mlops.<goal>.<param>} or shared {@code mlops.<param>}, a skip per goal, renamed properties
 * refused, and the README's table, the docs, the ITs and the scripts naming only properties that
 * exist.
 */
@MojoTest
class PropertySchemeTest {
  private static final Path ROOT = Path.of("..");
  private static final String HEADER = "| goal | property | POM element | default | meaning |";
  // The IT that checks that an earlier name fails the build has to use one.
  private static final Set<String> USE_EARLIER_NAMES =
      Set.of("src-it/validate-clean/invoker.properties", "src-it/validate-clean/verify.groovy");

  @TempDir Path tmp;

  private final CapturingLog log = new CapturingLog();

  /** The parameters that have an {@code mlops.*} property, of every goal but the generated help. */
  private static List<Parameter> parameters() {
    return PluginParameters.get().all().stream()
        .filter(p -> !p.goal().equals("help"))
        .filter(p -> p.property() != null && p.property().startsWith("mlops."))
        .toList();
  }

  private static Set<String> goals() {
    return PluginParameters.get().all().stream()
        .map(Parameter::goal)
        .filter(g -> !g.equals("help"))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  void descriptor_usedForMessages_equalsTheOneMavenReads() throws IOException {
    PluginParameters real;
    try (InputStream in =
        Files.newInputStream(Path.of("target/classes/META-INF/maven/plugin.xml"))) {
      real = PluginParameters.parse(in);
    }

    assertThat(properties(real)).isNotEmpty().isEqualTo(properties(PluginParameters.get()));
  }

  /** "goal name property" of every parameter that has a property. */
  private static Set<String> properties(PluginParameters descriptor) {
    return descriptor.all().stream()
        .filter(p -> p.property() != null)
        .map(p -> p.goal() + " " + p.name() + " " + p.property())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  void everyProperty_isTheGoalsOrShared() {
    Map<String, Set<String>> sharedNames = new TreeMap<>();
    for (Parameter p : parameters()) {
      boolean own = p.property().equals("mlops." + p.goal() + "." + p.name());
      boolean ownSkip =
          p.property().equals("mlops." + p.goal() + ".skip") && p.name().startsWith("skip");
      boolean shared = p.property().equals("mlops." + p.name()) || isFamily(p);
      assertThat(own || ownSkip || shared)
          .as(p.goal() + " <" + p.name() + "> is " + p.property())
          .isTrue();
      if (shared) {
        sharedNames.computeIfAbsent(p.property(), k -> new TreeSet<>()).add(p.name());
      }
      assertThat(RenamedProperties.renamed(p.property())).as(p.property()).isNull();
    }
    assertThat(sharedNames)
        .isNotEmpty()
        .allSatisfy((property, names) -> assertThat(names).hasSize(1));
  }

  /**
   * A shared property of a family that is not a goal, {@code mlops.<family>.<param>} for the
   * parameter {@code <familyParam>}: {@code mlops.feedback.directory} is {@code
   * <feedbackDirectory>} in every goal that reads or writes the feedback log. A goal's family may
   * share its name with a goal: {@code features-export} reads {@code mlops.features.view} as {@code
   * <featuresView>}.
   */
  private static boolean isFamily(Parameter p) {
    String[] parts = p.property().split("\\.");
    return parts.length == 3
        && (!goals().contains(parts[1]) || p.goal().startsWith(parts[1] + "-"))
        && p.name()
            .equals(parts[1] + Character.toUpperCase(parts[2].charAt(0)) + parts[2].substring(1));
  }

  @Test
  void everyGoal_hasItsOwnSkip() {
    for (String goal : goals()) {
      assertThat(parameters())
          .as(goal)
          .anyMatch(p -> p.goal().equals(goal) && p.property().equals("mlops." + goal + ".skip"));
    }
  }

  @Test
  void readmeTable_documentsEveryPropertyAsTheDescriptorDeclaresIt() throws IOException {
    List<Row> rows = readmeRows();
    Set<String> allGoals = goals();

    for (Parameter p : parameters()) {
      List<Row> matching =
          rows.stream()
              .filter(
                  r -> r.property().equals(p.property()) && r.goals(allGoals).contains(p.goal()))
              .toList();
      String what = p.goal() + " " + p.property();
      assertThat(matching).as(what).hasSize(1);
      Row row = matching.get(0);
      assertThat(row.element()).as(what).isEqualTo("`<" + p.name() + ">`");
      if (p.defaultValue() != null) {
        assertThat(row.defaultValue()).as(what).isEqualTo("`" + p.defaultValue() + "`");
      } else {
        // The core's default, in words: never one that looks like the parameter's own.
        assertThat(row.defaultValue()).as(what).isNotBlank().doesNotStartWith("`");
      }
      if (p.required()) {
        assertThat(row.defaultValue()).as(what).contains("required");
      }
    }
    for (Row row : rows) {
      for (String goal : row.goals(allGoals)) {
        assertThat(parameters())
            .as("README row " + row.property() + " for " + goal)
            .anyMatch(p -> p.goal().equals(goal) && p.property().equals(row.property()));
      }
    }
  }

  @Test
  void docsItsAndScripts_nameOnlyPropertiesThatExist() throws IOException {
    Set<String> known = parameters().stream().map(Parameter::property).collect(Collectors.toSet());
    // -Dmlops.x, <mlops.x>, `mlops.x` or ${mlops.x}; "mlops.drift.*" names a renamed family.
    Pattern reference =
        Pattern.compile(
            "(?:-D|<|`|\\$\\{)(mlops\\.[A-Za-z][\\w-]*(?:\\.[A-Za-z][\\w-]*)?)(\\.\\*)?");
    List<String> unknown = new ArrayList<>();
    for (Path file : referencingFiles()) {
      String text = Files.readString(file);
      Matcher m = reference.matcher(text);
      while (m.find()) {
        String property = m.group(1);
        boolean family =
            m.group(2) != null && RenamedProperties.PREFIXES.containsKey(property + ".");
        boolean deliberate = USE_EARLIER_NAMES.contains(ROOT.relativize(file).toString());
        if (!known.contains(property) && !family && !deliberate) {
          String renamed = RenamedProperties.renamed(property);
          unknown.add(
              ROOT.relativize(file)
                  + ": "
                  + property
                  + (renamed == null ? "" : " (now " + renamed + ")"));
        }
      }
    }

    assertThat(unknown).isEmpty();
  }

  @Test
  @InjectMojo(goal = "drift-check")
  void anyGoal_renamedPropertyOnTheCommandLine_failsNamingTheNewOne(DriftCheckMojo mojo)
      throws Exception {
    Properties user = new Properties();
    user.setProperty("mlops.drift.pValue", "0.01");
    user.setProperty("mlops.export.quantize", "int8");
    prepare(mojo, user, new Properties());

    assertThatThrownBy(mojo::execute)
        .isInstanceOf(MojoFailureException.class)
        .hasMessageContaining("-Dmlops.drift.pValue is now -Dmlops.drift-check.pValue")
        .hasMessageContaining("-Dmlops.export.quantize is now -Dmlops.export-onnx.quantize");
    assertThat(log.lines).isEmpty();
  }

  @Test
  @InjectMojo(goal = "validate-data")
  void anyGoal_renamedPropertyInThePom_failsEvenWhenSkipped(ValidateDataMojo mojo)
      throws Exception {
    Properties pom = new Properties();
    pom.setProperty("mlops.validate.maxImbalance", "2");
    prepare(mojo, new Properties(), pom);
    setVariableValueToObject(mojo, "skipValidate", true);

    assertThatThrownBy(mojo::execute)
        .isInstanceOf(MojoFailureException.class)
        .hasMessageContaining(
            "<mlops.validate.maxImbalance> in the POM's <properties> is now"
                + " <mlops.validate-data.maxImbalance>");
  }

  @Test
  @InjectMojo(goal = "promote")
  void newSkip_ofAGoalWithoutOneBefore_skipsSayingWhy(PromoteMojo mojo) throws Exception {
    prepare(mojo, new Properties(), new Properties());
    setVariableValueToObject(mojo, "skipPromote", true);

    mojo.execute();

    assertThat(log.lines).containsExactly("[INFO] Skipping promote: mlops.promote.skip is true");
  }

  @Test
  @InjectMojo(goal = "validate-data")
  void currentProperties_areNotRefused(ValidateDataMojo mojo) throws Exception {
    Properties user = new Properties();
    user.setProperty("mlops.validate-data.maxImbalance", "2");
    user.setProperty("mlops.drift-check.pValue", "0.01");
    prepare(mojo, user, new Properties());
    setVariableValueToObject(mojo, "skipValidate", true);

    mojo.execute();

    assertThat(log.lines)
        .containsExactly("[INFO] Skipping validate-data: mlops.validate-data.skip is true");
  }

  private void prepare(AbstractMlopsMojo mojo, Properties user, Properties pom) throws Exception {
    mojo.setLog(log);
    MavenProject project = new MavenProject();
    project.setFile(tmp.resolve("pom.xml").toFile());
    project.getBuild().setDirectory(tmp.resolve("target").toString());
    project.getModel().setProperties(pom);
    setVariableValueToObject(mojo, "project", project);
    setVariableValueToObject(mojo, "session", session(user));
  }

  @SuppressWarnings("deprecation") // the constructor Maven 3.9 itself uses for a session
  private static MavenSession session(Properties user) {
    DefaultMavenExecutionRequest request = new DefaultMavenExecutionRequest();
    request.setUserProperties(user);
    return new MavenSession(null, null, request, new DefaultMavenExecutionResult());
  }

  /** A row of the README's property table. */
  record Row(String goalCell, String property, String element, String defaultValue) {
    Set<String> goals(Set<String> all) {
      if (goalCell.equals("all goals")) {
        return all;
      }
      Set<String> goals = new LinkedHashSet<>();
      for (String g : goalCell.split(",")) {
        goals.add(g.trim().replace("`", ""));
      }
      return goals;
    }
  }

  private static List<Row> readmeRows() throws IOException {
    List<String> lines = Files.readAllLines(ROOT.resolve("README.md"));
    int header = lines.indexOf(HEADER);
    assertThat(header).as("the README's property table").isNotNegative();
    List<Row> rows = new ArrayList<>();
    for (String line : lines.subList(header + 2, lines.size())) {
      if (!line.startsWith("|")) {
        break;
      }
      String[] cells = line.substring(1, line.length() - 1).split(" \\| ", -1);
      assertThat(cells).as(line).hasSize(5);
      String property = cells[1].trim();
      assertThat(property).as(line).startsWith("`mlops.").endsWith("`");
      rows.add(
          new Row(
              cells[0].trim(),
              property.substring(1, property.length() - 1),
              cells[2].trim(),
              cells[3].trim()));
    }
    assertThat(rows).as("rows of the README's property table").isNotEmpty();
    return rows;
  }

  /** Text files that users and CI read or run, outside build output and the image data. */
  private static List<Path> referencingFiles() throws IOException {
    List<Path> files = new ArrayList<>();
    files.add(ROOT.resolve("README.md"));
    for (String dir :
        List.of(
            "docs",
            "src-it",
            "benchmarks",
            "example-project",
            ".ci",
            "mlops-maven-plugin/src/main",
            "mlops-core/src/main")) {
      Path root = ROOT.resolve(dir);
      if (!Files.isDirectory(root)) {
        continue;
      }
      try (Stream<Path> walk = Files.walk(root)) {
        walk.filter(Files::isRegularFile)
            .filter(p -> !p.toString().contains("/target/") && !p.toString().contains("/data/"))
            .filter(p -> p.toString().matches(".*\\.(md|java|groovy|properties|xml|sh|py|yml)$"))
            // The one place that knows the earlier names.
            .filter(p -> !p.getFileName().toString().equals("RenamedProperties.java"))
            .forEach(files::add);
      }
    }
    return files;
  }
}
