package dev.mlops.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.Progress;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Graceful shutdown: requests in flight are answered, then the port closes. */
class ShutdownTest {
  @Test
  void close_answersRequestsInFlight_thenRefusesConnections() throws Exception {
    ServingFixture fixture = ServingFixture.shared();
    List<byte[]> images = BatchingTest.images(fixture);
    // Each batch waits 500 ms for more images: the requests are still queued when close starts.
    PredictionServer server =
        PredictionServer.start(
            fixture.config().maxBatchSize(64).maxBatchDelayMs(500).build(),
            ServerLog.of(Progress.NONE));
    Http http = new Http(server.url());
    ExecutorService clients = Executors.newFixedThreadPool(6);
    try {
      List<CompletableFuture<Http.Answer>> inFlight =
          images.subList(0, 6).stream()
              .map(
                  png ->
                      CompletableFuture.supplyAsync(
                          () -> http.postImage(ServingFixture.MODEL, png), clients))
              .toList();
      HotReloadTest.waitFor("6 queued images", () -> server.inFlightForTest() == 6);

      CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);
      HotReloadTest.waitFor("draining", server::draining);
      Http.Answer late = http.postImage(ServingFixture.MODEL, images.get(0));
      closing.get(60, TimeUnit.SECONDS);

      for (CompletableFuture<Http.Answer> answer : inFlight) {
        assertThat(answer.get(30, TimeUnit.SECONDS).status()).isEqualTo(200);
      }
      assertThat(late.status()).isEqualTo(503);
      assertThat(late.json().path("error").asText()).isEqualTo("stopping");
      assertThatThrownBy(() -> http.get("/ping")).isInstanceOf(UncheckedIOException.class);
    } finally {
      clients.shutdownNow();
      server.close();
    }
  }
}
