package dev.mlops.maven;

import static org.apache.maven.api.plugin.testing.MojoExtension.setVariableValueToObject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Model;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.core.Json;
import dev.mlops.core.export.ExportMetadata;
import dev.mlops.core.export.OnnxTranslator;
import dev.mlops.core.image.Preprocessing;
import dev.mlops.core.model.Architectures;
import dev.mlops.core.model.DjlModels;
import dev.mlops.core.model.LayerGraph;
import dev.mlops.core.model.ModelFiles;
import dev.mlops.core.model.Predictor;
import dev.mlops.maven.it.ItFixtures;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The serve goal: bad settings and unknown aliases are BUILD FAILURE naming the property, a missing
 * model a BUILD ERROR saying what to run; a real server on a free port answers a real image and
 * stops by its stop file or its time limit. Serving a registered alias and its hot reload run in
 * the IT {@code serve-registered}.
 */
@MojoTest
class ServeMojoTest {
  private static final List<String> LABELS = List.of("a", "b");
  private static final Pattern URL = Pattern.compile("at (http://127\\.0\\.0\\.1:\\d+) with ");

  @TempDir Path tmp;

  private final CapturingLog log = new CapturingLog();
  private final ExecutorService build = Executors.newSingleThreadExecutor();
  private Path project;

  @BeforeEach
  void setUp() throws Exception {
    project = Files.createDirectories(tmp.resolve("project"));
  }

  @AfterEach
  void tearDown() throws Exception {
    // The goal stops by its stop file or time limit; this bounds a test that failed before that.
    build.shutdownNow();
    assertThat(build.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
  }

  private ServeMojo prepare(ServeMojo mojo) throws Exception {
    mojo.setLog(log);
    MavenProject maven = new MavenProject();
    maven.setFile(project.resolve("pom.xml").toFile());
    maven.getBuild().setDirectory(project.resolve("target").toString());
    setVariableValueToObject(mojo, "project", maven);
    setVariableValueToObject(mojo, "store", tmp.resolve("store").toFile());
    setVariableValueToObject(mojo, "model", "digits");
    setVariableValueToObject(
        mojo, "modelDirectory", project.resolve("target/mlops/model").toFile());
    setVariableValueToObject(
        mojo, "logDirectory", project.resolve("target/mlops/serving").toFile());
    // The harness resolves ${project.basedir} to this module: keep feedback in the test project.
    setVariableValueToObject(mojo, "feedbackDirectory", project.resolve("feedback").toFile());
    setVariableValueToObject(mojo, "port", 0);
    setVariableValueToObject(mojo, "maxBatchSize", 2);
    return mojo;
  }

  /** A cnn-small model with seeded random weights and its ONNX export, as after `mvn package`. */
  private void saveModelAndExport() throws Exception {
    Path dir = project.resolve("target/mlops/model");
    LayerGraph graph = Architectures.create("cnn-small", LABELS.size(), 1, 16);
    try (Model model = DjlModels.newModel(graph)) {
      DjlModels.initialize(model.getBlock(), model.getNDManager(), 1, 16, 42);
      ModelFiles.save(dir, graph, model.getBlock(), LABELS, Preprocessing.imagenet(16, 1));
    }
    try (Predictor predictor = ModelFiles.load(dir)) {
      ExportMetadata metadata =
          new ExportMetadata(LABELS, predictor.preprocessing(), "digits", "1.0", "0".repeat(64));
      Files.write(
          project.resolve("target/mlops/model.onnx"),
          OnnxTranslator.standard().export(graph, predictor.weights(), metadata));
    }
  }

  private static Void execute(ServeMojo mojo) throws Exception {
    mojo.execute();
    return null;
  }

  /** The server's URL from its start line, waiting at most a minute for it. */
  private String awaitUrl(Future<?> running) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      Optional<String> url =
          log.lines.stream().map(URL::matcher).filter(Matcher::find).map(m -> m.group(1)).findAny();
      if (url.isPresent()) {
        return url.get();
      }
      if (running.isDone()) {
        running.get();
        throw new AssertionError("the goal ended without serving: " + log.lines);
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no 'Serving ... at http://...' line within 60 s: " + log.lines);
  }

  @Test
  @Tag("pytorch")
  @InjectMojo(goal = "serve")
  void serve_localModel_answersAnImageAndStopsWhenTheStopFileAppears(ServeMojo mojo)
      throws Exception {
    prepare(mojo);
    saveModelAndExport();
    Path stopFile = project.resolve("target/stop-serving");
    setVariableValueToObject(mojo, "stopFile", stopFile.toFile());
    Path image = tmp.resolve("image.png");
    ItFixtures.writeImage(image.toFile(), 7, 16);

    Future<?> running = build.submit(() -> execute(mojo));
    String url = awaitUrl(running);
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url + "/predictions/digits"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "image/png")
                    .POST(HttpRequest.BodyPublishers.ofFile(image))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    Files.writeString(stopFile, "");
    running.get(60, TimeUnit.SECONDS);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode answer = Json.mapper().readTree(response.body());
    assertThat(answer.path("model").asText()).isEqualTo("digits");
    assertThat(answer.path("label").asText()).isIn(LABELS);
    assertThat(log.lines)
        .contains(
            "[INFO] Serving until Ctrl-C, or until " + stopFile + " appears",
            "[INFO] Stopping: the stop file " + stopFile + " appeared",
            "[INFO] Stopped serving digits");
    assertThat(log.lines)
        .anyMatch(
            l -> l.matches("\\[INFO] Serving digits .* at " + url + " with onnxruntime-fp32"));
    assertThat(Files.readAllLines(project.resolve("target/mlops/serving/predictions.jsonl")))
        .singleElement()
        .satisfies(
            line -> assertThat(line).contains("\"label\":\"" + answer.path("label").asText()));
  }

  @Test
  @Tag("pytorch")
  @InjectMojo(goal = "serve")
  void serve_stopAfterSeconds_stopsByItselfAndDeletesAStaleStopFileFirst(ServeMojo mojo)
      throws Exception {
    prepare(mojo);
    saveModelAndExport();
    Path stopFile = Files.writeString(project.resolve("target/stop-serving"), "");
    setVariableValueToObject(mojo, "stopFile", stopFile.toFile());
    setVariableValueToObject(mojo, "stopAfterSeconds", 1L);

    build.submit(() -> execute(mojo)).get(60, TimeUnit.SECONDS);

    assertThat(log.lines)
        .contains(
            "[INFO] Deleted the stop file of an earlier run: " + stopFile,
            "[INFO] Serving until Ctrl-C, for at most 1 s, or until " + stopFile + " appears",
            "[INFO] Stopping: stopAfterSeconds (1) passed",
            "[INFO] Stopped serving digits");
  }

  @Test
  @InjectMojo(goal = "serve")
  void serve_noTrainedModel_isAnExecutionErrorSayingWhatToRun(ServeMojo mojo) throws Exception {
    prepare(mojo);

    assertThatThrownBy(mojo::execute)
        .isInstanceOf(MojoExecutionException.class)
        .hasMessageContaining("no trained model in " + project.resolve("target/mlops/model"))
        .hasMessageEndingWith("(`mvn mlops:train`)");
  }

  @Test
  @InjectMojo(goal = "serve")
  void serve_unknownAlias_failsNamingItAndTheProperty(ServeMojo mojo) throws Exception {
    ItFixtures.initRepository(project.toFile());
    prepare(mojo);
    setVariableValueToObject(mojo, "alias", "production");

    assertThatThrownBy(mojo::execute)
        .isInstanceOf(MojoFailureException.class)
        .hasMessageContaining("has no alias 'production'")
        .hasMessageContaining("-Dmlops.alias=...");
  }

  @Test
  @InjectMojo(goal = "serve")
  void serve_portOutOfRange_failsNamingValueAndProperty(ServeMojo mojo) throws Exception {
    prepare(mojo);
    setVariableValueToObject(mojo, "port", 70_000);

    assertThatThrownBy(mojo::execute)
        .isInstanceOf(MojoFailureException.class)
        .hasMessage(
            "port is 70000; use a value from 0 to 65535 (<port> in the plugin configuration, or"
                + " -Dmlops.serve.port=...)");
  }

  @Test
  @InjectMojo(goal = "serve")
  void serve_features_isOffByDefaultAndTurnsOnStoringServedImageStats(ServeMojo mojo)
      throws Exception {
    prepare(mojo);
    assertThat(mojo.toConfig().storeFeatures()).isFalse();

    setVariableValueToObject(mojo, "features", true);

    assertThat(mojo.toConfig().storeFeatures()).isTrue();
  }

  @Test
  @InjectMojo(goal = "serve")
  void serve_negativeStopAfterSeconds_failsNamingTheProperty(ServeMojo mojo) throws Exception {
    prepare(mojo);
    setVariableValueToObject(mojo, "stopAfterSeconds", -1L);

    assertThatThrownBy(mojo::execute)
        .isInstanceOf(MojoFailureException.class)
        .hasMessage(
            "stopAfterSeconds is -1; use 0 to serve until the build is stopped, or a number of"
                + " seconds (<stopAfterSeconds> in the plugin configuration, or"
                + " -Dmlops.serve.stopAfterSeconds=...)");
  }

  @Test
  @InjectMojo(goal = "serve")
  void serve_skipped_saysWhy(ServeMojo mojo) throws Exception {
    prepare(mojo);
    setVariableValueToObject(mojo, "skipServe", true);

    mojo.execute();

    assertThat(log.lines).containsExactly("[INFO] Skipping serve: mlops.serve.skip is true");
  }
}
