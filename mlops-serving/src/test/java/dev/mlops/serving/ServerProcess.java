package dev.mlops.serving;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.core.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** The runnable jar in its own JVM, on a free port, for tests that kill or restart the server. */
final class ServerProcess implements AutoCloseable {
  final Process process;
  final List<JsonNode> lines = new CopyOnWriteArrayList<>();

  private ServerProcess(Process process) {
    this.process = process;
    Thread reader = new Thread(this::readLines, "jar-stdout");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts the jar serving the fixture's production alias with {@code extra} arguments. */
  static ServerProcess start(ServingFixture fixture, Path stderr, String... extra)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(
        List.of(
            "-jar",
            System.getProperty("runnableJar"),
            "--repository",
            fixture.project.toString(),
            "--store",
            fixture.store.toString(),
            "--model",
            ServingFixture.MODEL,
            "--alias",
            "production",
            "--port",
            "0"));
    command.addAll(List.of(extra));
    return new ServerProcess(
        new ProcessBuilder(command)
            .redirectError(ProcessBuilder.Redirect.appendTo(stderr.toFile()))
            .start());
  }

  /** Waits (bounded) for the start line; returns the server's URL. */
  String awaitUrl() throws Exception {
    HotReloadTest.waitFor(
        "the start line",
        () -> !process.isAlive() || lines.stream().anyMatch(ServerProcess::isStart));
    return lines.stream()
        .filter(ServerProcess::isStart)
        .findFirst()
        .orElseThrow(() -> new AssertionError("the server exited: " + lines))
        .path("url")
        .asText();
  }

  private static boolean isStart(JsonNode line) {
    return line.path("event").asText().equals("start");
  }

  /** kill -9: no shutdown hook, no flush, no close. */
  void kill() throws InterruptedException {
    process.toHandle().destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  private void readLines() {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.startsWith("{")) {
          lines.add(Json.mapper().readTree(line));
        }
      }
    } catch (IOException e) {
      // The process ended.
    }
  }

  /** SIGTERM, then kill -9 when it does not stop within 60 s. */
  @Override
  public void close() throws InterruptedException {
    process.toHandle().destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      kill();
    }
  }
}
