package dev.mlops.serving;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.core.Json;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runnable jar as a user without Maven starts it: its own JVM, the registry of a project, a
 * free port; JSON log lines on standard output; a graceful stop on SIGTERM.
 */
class RunnableJarIT {
  @TempDir Path logs;

  @Test
  void runnableJar_servesTheAliasAndStopsOnSigterm() throws Exception {
    ServingFixture fixture = ServingFixture.shared();
    Path jar = Path.of(System.getProperty("runnableJar"));
    assertThat(jar).isRegularFile();
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                jar.toString(),
                "--repository",
                fixture.project.toString(),
                "--store",
                fixture.store.toString(),
                "--model",
                ServingFixture.MODEL,
                "--alias",
                "production",
                "--port",
                "0",
                "--log-dir",
                logs.toString(),
                "--store-features")
            .redirectError(logs.resolve("stderr.txt").toFile())
            .start();
    List<JsonNode> lines = new CopyOnWriteArrayList<>();
    Thread reader = new Thread(() -> readLines(process, lines), "jar-stdout");
    reader.setDaemon(true);
    reader.start();
    try {
      HotReloadTest.waitFor(
          "the start line",
          () -> lines.stream().anyMatch(l -> l.path("event").asText().equals("start")));
      JsonNode start =
          lines.stream().filter(l -> l.path("event").asText().equals("start")).findFirst().get();
      assertThat(start.path("message").asText())
          .startsWith("Serving colours v1 (production) at http://127.0.0.1:");
      Http http = new Http(start.path("url").asText());

      byte[] image = Files.readAllBytes(fixture.testImages().get(0));
      Http.Answer answer = http.postImage(ServingFixture.MODEL, image);

      assertThat(answer.status()).as(answer.text()).isEqualTo(200);
      assertThat(answer.json().path("version").asText()).isEqualTo("v1");
      assertThat(http.get("/metrics").text()).contains("mlops_predictions_total");
      assertThat(Files.readAllLines(logs.resolve(PredictionLog.FILE))).hasSize(1);
      // SQLite (the feature store) and the ONNX embedding session work from the shaded jar.
      String sha = answer.json().path("imageSha256").asText();
      HotReloadTest.waitFor(
          "the served image's image-stats",
          () -> http.get("/features/image-stats/" + sha).status() == 200);
      Http.Answer similar = http.get("/similar/" + sha);
      // The shared store has no embeddings: the answer names the fix once the embedder is open.
      assertThat(similar.status()).as(similar.text()).isEqualTo(409);
      assertThat(similar.json().path("error").asText()).isEqualTo("embeddings_not_materialized");
    } finally {
      // SIGTERM through the handle: Process.destroy() would also close our end of the child's
      // stdout, so the stop line could not be read (a service manager keeps it open).
      process.toHandle().destroy();
      boolean stopped = process.waitFor(60, TimeUnit.SECONDS);
      if (!stopped) {
        process.destroyForcibly();
      }
      assertThat(stopped).as("stopped within 60 s of SIGTERM").isTrue();
    }
    reader.join(10_000);
    assertThat(lines)
        .as(
            "exit %s, stdout %s, stderr %s",
            process.exitValue(), lines, Files.readString(logs.resolve("stderr.txt")))
        .anyMatch(l -> l.path("event").asText().equals("stop"));
  }

  private static void readLines(Process process, List<JsonNode> lines) {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        System.out.println("[jar] " + line);
        if (line.startsWith("{")) {
          lines.add(Json.mapper().readTree(line));
        }
      }
    } catch (java.io.IOException e) {
      // The process ended.
    }
  }
}
