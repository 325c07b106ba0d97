package dev.mlops.serving;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The last {@code keepRecent} predictions, so that feedback can name one by request id or image
 * hash: what was predicted (in memory) and the image bytes (on disk, {@code recent/<sha256>}, so
 * 10,000 photos do not sit in the heap). The oldest is evicted first. The index lives in memory
 * only: a restart starts with an empty cache (and clears the files of the previous run), so
 * feedback on a prediction made before a restart must send the image along.
 */
final class RecentPredictions {
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  /** What one image got. */
  record Prediction(
      String requestId, String imageSha256, String model, String version, String label) {}

  private final Path directory;
  private final int capacity;
  private final Deque<Prediction> order = new ArrayDeque<>();
  private final Map<String, List<Prediction>> byRequest = new HashMap<>();
  private final Map<String, Prediction> bySha = new HashMap<>();
  private final Map<String, Integer> shaUses = new HashMap<>();

  RecentPredictions(Path directory, int capacity) throws IOException {
    this.directory = directory;
    this.capacity = capacity;
    Files.createDirectories(directory);
    try (Stream<Path> old = Files.list(directory)) {
      for (Path file : old.toList()) {
        Files.deleteIfExists(file);
      }
    }
  }

  static boolean isSha256(String text) {
    return text != null && SHA256.matcher(text).matches();
  }

  /** Remembers one prediction and keeps its image bytes (written once per distinct image). */
  synchronized void remember(Prediction prediction, byte[] bytes) throws IOException {
    if (capacity == 0) {
      return;
    }
    String sha = prediction.imageSha256();
    if (shaUses.merge(sha, 1, Integer::sum) == 1) {
      Path tmp = directory.resolve(".tmp-" + UUID.randomUUID());
      Files.write(tmp, bytes);
      Files.move(tmp, directory.resolve(sha), StandardCopyOption.ATOMIC_MOVE);
    }
    order.addLast(prediction);
    byRequest.computeIfAbsent(prediction.requestId(), k -> new ArrayList<>(1)).add(prediction);
    bySha.put(sha, prediction);
    while (order.size() > capacity) {
      evict(order.removeFirst());
    }
  }

  private void evict(Prediction oldest) throws IOException {
    List<Prediction> same = byRequest.get(oldest.requestId());
    same.remove(oldest);
    if (same.isEmpty()) {
      byRequest.remove(oldest.requestId());
    }
    String sha = oldest.imageSha256();
    if (shaUses.merge(sha, -1, Integer::sum) == 0) {
      shaUses.remove(sha);
      bySha.remove(sha);
      Files.deleteIfExists(directory.resolve(sha));
    }
    // Otherwise a later prediction of the same image stays, and bySha already points at it.
  }

  /** The predictions of one request (several for a multipart request), oldest first. */
  synchronized List<Prediction> byRequestId(String requestId) {
    return List.copyOf(byRequest.getOrDefault(requestId, List.of()));
  }

  /** The latest prediction of this image, or null. */
  synchronized Prediction bySha(String sha) {
    return bySha.get(sha);
  }

  /**
   * The kept bytes of a remembered image, or null once it was evicted. Under the lock so that an
   * eviction cannot delete the file while it is read.
   */
  synchronized byte[] bytes(String sha) throws IOException {
    if (!isSha256(sha) || !shaUses.containsKey(sha)) {
      return null;
    }
    return Files.readAllBytes(directory.resolve(sha));
  }

  synchronized int size() {
    return order.size();
  }
}
