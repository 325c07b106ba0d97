package dev.mlops.serving;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Closed-loop load for the tests: {@code clients} threads each send one image after another to
 * 127.0.0.1 until stopped or {@code maxRequests} were sent; counts answers by status and version.
 */
final class Load implements AutoCloseable {
  final AtomicInteger sent = new AtomicInteger();
  final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
  final Map<String, AtomicInteger> versions = new ConcurrentHashMap<>();
  final List<String> failures = new CopyOnWriteArrayList<>();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final ExecutorService clients;

  Load(Http http, String model, List<byte[]> images, int clientCount, int maxRequests) {
    clients = Executors.newFixedThreadPool(clientCount);
    for (int c = 0; c < clientCount; c++) {
      int offset = c;
      clients.execute(
          () -> {
            for (int i = offset; running.get() && sent.incrementAndGet() <= maxRequests; i++) {
              try {
                Http.Answer answer = http.postImage(model, images.get(i % images.size()));
                statuses
                    .computeIfAbsent(answer.status(), s -> new AtomicInteger())
                    .incrementAndGet();
                if (answer.status() == 200) {
                  String version = answer.json().path("version").asText();
                  versions.computeIfAbsent(version, v -> new AtomicInteger()).incrementAndGet();
                } else {
                  failures.add(answer.status() + " " + answer.text());
                }
              } catch (RuntimeException e) {
                failures.add(e.toString());
              }
            }
          });
    }
  }

  int count(int status) {
    AtomicInteger n = statuses.get(status);
    return n == null ? 0 : n.get();
  }

  int answered(String version) {
    AtomicInteger n = versions.get(version);
    return n == null ? 0 : n.get();
  }

  /** Stops the clients and waits (bounded) for their last requests. */
  @Override
  public void close() throws InterruptedException {
    running.set(false);
    clients.shutdown();
    if (!clients.awaitTermination(60, TimeUnit.SECONDS)) {
      clients.shutdownNow();
      throw new IllegalStateException("load clients did not stop within 60 s");
    }
  }

  /** Waits until the clients sent everything (bounded). */
  void await() throws InterruptedException {
    clients.shutdown();
    if (!clients.awaitTermination(120, TimeUnit.SECONDS)) {
      clients.shutdownNow();
      throw new IllegalStateException("load did not finish within 120 s");
    }
  }
}
