package dev.mlops.serving;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.core.feedback.FeedbackLog;
import dev.mlops.core.feedback.FeedbackRecord;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of the server while 1,000 feedback posts run concurrently: after a restart every record
 * that was acknowledged (201) is in the log, unchanged, and the log reads without error.
 */
class FeedbackCrashIT {
  private static final int POSTS = 1_000;
  private static final int KILL_AFTER = 300;

  @TempDir Path dir;

  @Test
  void killMinus9_during1000ConcurrentPosts_everyAcknowledgedRecordSurvives() throws Exception {
    ServingFixture fixture = ServingFixture.shared();
    Path feedback = dir.resolve("feedback");
    Path stderr = dir.resolve("stderr.txt");
    Map<String, JsonNode> acknowledged = new ConcurrentHashMap<>();
    AtomicInteger failed = new AtomicInteger();
    try (ServerProcess server =
        ServerProcess.start(fixture, stderr, "--feedback-dir", feedback.toString())) {
      Http http = new Http(server.awaitUrl());
      List<JsonNode> predictions =
          fixture.testImages().stream()
              .limit(6)
              .map(p -> FeedbackApiTest.predict(http, read(p)))
              .toList();
      boolean killed = postAndKill(server, http, predictions, acknowledged, failed);
      assertThat(killed).as("killed mid-way").isTrue();
    }
    assertThat(acknowledged.size()).isBetween(KILL_AFTER, POSTS - 1);

    try (ServerProcess again =
        ServerProcess.start(fixture, stderr, "--feedback-dir", feedback.toString())) {
      Http http = new Http(again.awaitUrl());
      List<FeedbackRecord> log = FeedbackLog.read(feedback);
      Map<String, FeedbackRecord> byComment =
          log.stream().collect(Collectors.toMap(FeedbackRecord::comment, Function.identity()));

      assertThat(byComment.keySet()).containsAll(acknowledged.keySet());
      acknowledged.forEach(
          (comment, record) -> {
            FeedbackRecord stored = byComment.get(comment);
            assertThat(stored.id()).isEqualTo(record.path("id").asLong());
            assertThat(stored.label()).isEqualTo(record.path("label").asText());
            assertThat(stored.imageSha256()).isEqualTo(record.path("imageSha256").asText());
          });
      assertThat(log).extracting(FeedbackRecord::id).doesNotHaveDuplicates().isSorted();
      assertThat(http.get("/feedback/stats").json().path("total").asLong()).isEqualTo(log.size());
      System.out.printf(
          "crash test: %d acknowledged, %d failed or cut off, %d in the log after restart%n",
          acknowledged.size(), failed.get(), log.size());
    }
  }

  /**
   * Posts {@value #POSTS} records from 64 threads; the thread that sees the {@value #KILL_AFTER}th
   * 201 kills the server at once, so the rest are cut off mid-way. Returns whether it was killed.
   */
  private static boolean postAndKill(
      ServerProcess server,
      Http http,
      List<JsonNode> predictions,
      Map<String, JsonNode> acknowledged,
      AtomicInteger failed)
      throws InterruptedException {
    AtomicBoolean killed = new AtomicBoolean();
    ExecutorService clients = Executors.newFixedThreadPool(64);
    for (int i = 0; i < POSTS; i++) {
      byte[] body = body(predictions.get(i % predictions.size()), i);
      clients.execute(
          () -> {
            try {
              Http.Answer answer = http.post("/feedback", body, "application/json");
              if (answer.status() != 201) {
                failed.incrementAndGet();
                return;
              }
              JsonNode record = answer.json();
              acknowledged.put(record.path("comment").asText(), record);
              if (acknowledged.size() >= KILL_AFTER && killed.compareAndSet(false, true)) {
                server.kill();
              }
            } catch (UncheckedIOException e) {
              failed.incrementAndGet();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          });
    }
    clients.shutdown();
    assertThat(clients.awaitTermination(120, TimeUnit.SECONDS)).as("posts ended").isTrue();
    return killed.get();
  }

  private static byte[] body(JsonNode prediction, int i) {
    String label = i % 3 == 0 ? prediction.path("label").asText() : "red";
    return ("{\"imageSha256\":\""
            + prediction.path("imageSha256").asText()
            + "\",\"label\":\""
            + label
            + "\",\"comment\":\"post-"
            + i
            + "\"}")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] read(Path path) {
    try {
      return Files.readAllBytes(path);
    } catch (java.io.IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
