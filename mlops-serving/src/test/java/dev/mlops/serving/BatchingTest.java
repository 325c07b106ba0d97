package dev.mlops.serving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.Progress;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Dynamic batching and back-pressure on a real server under concurrent load. */
class BatchingTest {
  @Test
  void concurrentRequests_areBatched_meanBatchSizeAboveOne() throws Exception {
    ServingFixture fixture = ServingFixture.shared();
    try (PredictionServer server =
        PredictionServer.start(
            fixture.config().maxBatchSize(16).maxBatchDelayMs(20).build(),
            ServerLog.of(Progress.NONE))) {
      Http http = new Http(server.url());
      Load load = new Load(http, ServingFixture.MODEL, images(fixture), 16, 400);
      load.await();

      assertThat(load.failures).isEmpty();
      assertThat(load.count(200)).isEqualTo(400);
      String metrics = http.get("/metrics").text();
      double batches = value(metrics, "mlops_batch_size_count");
      double images = value(metrics, "mlops_batch_size_sum");
      assertThat(images).isEqualTo(400);
      assertThat(images / batches).as("mean batch size").isGreaterThan(2.0);
      // No batch is larger than maxBatchSize: every batch is in the le=16 bucket.
      assertThat(metrics).contains("mlops_batch_size_bucket{le=\"16.0\"} " + (long) batches + "\n");
    }
  }

  @Test
  void fullQueue_answers429_andTheServerKeepsServing() throws Exception {
    ServingFixture fixture = ServingFixture.shared();
    // The first image of a batch waits 300 ms for others: the 2-image queue fills at once.
    try (PredictionServer server =
        PredictionServer.start(
            fixture.config().maxBatchSize(64).maxBatchDelayMs(300).queueCapacity(2).build(),
            ServerLog.of(Progress.NONE))) {
      Http http = new Http(server.url());
      Load load = new Load(http, ServingFixture.MODEL, images(fixture), 12, 12);
      load.await();

      assertThat(load.count(429)).isPositive();
      assertThat(load.count(200) + load.count(429)).isEqualTo(12);
      assertThat(load.failures).allMatch(f -> f.startsWith("429") && f.contains("queue_full"));
      assertThat(http.postImage(ServingFixture.MODEL, images(fixture).get(0)).status())
          .isEqualTo(200);
    }
  }

  @Test
  void loneRequest_doesNotWaitForTheBatchDelay() throws Exception {
    ServingFixture fixture = ServingFixture.shared();
    // Nobody else is decoding, so nothing could join the batch: it runs at once.
    try (PredictionServer server =
        PredictionServer.start(
            fixture.config().maxBatchDelayMs(5_000).build(), ServerLog.of(Progress.NONE))) {
      Http http = new Http(server.url());
      for (byte[] png : images(fixture).subList(0, 3)) {
        Http.Answer answer = http.postImage(ServingFixture.MODEL, png);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().path("latencyMs").asDouble()).isLessThan(2_500);
      }
    }
  }

  static List<byte[]> images(ServingFixture fixture) throws Exception {
    List<byte[]> images = new ArrayList<>();
    for (var file : fixture.testImages()) {
      images.add(Files.readAllBytes(file));
    }
    return images;
  }

  static double value(String metrics, String name) {
    Matcher m =
        Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*})? (\\S+)$").matcher(metrics);
    if (!m.find()) {
      throw new AssertionError(name + " not in\n" + metrics);
    }
    return Double.parseDouble(m.group(2));
  }
}
