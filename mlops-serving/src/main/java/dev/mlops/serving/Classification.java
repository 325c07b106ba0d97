package dev.mlops.serving;

import dev.mlops.core.store.Hashing;
import dev.mlops.core.store.ObjectStore;
import dev.mlops.core.store.StoreException;
import io.javalin.http.Context;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One prediction request's images from bytes to answers: route the request (the served version, or
 * during an experiment the user's variant), decode and preprocess (at most decodeThreads at a time,
 * beside inference), queue every image for the batcher under one reference to the answering
 * version, wait within the request timeout, answer, count and log one line per image, keep the
 * image in the store when configured, hand the decoded image to the feature writer when {@code
 * storeFeatures} is on, and in shadow mode hand it to the treatment.
 */
final class Classification {
  private final ServeConfig config;
  private final ModelSlot slot;
  private final Batcher batcher;
  private final ServingMetrics metrics;
  private final PredictionLog predictionLog;
  private final ObjectStore images;
  private final RecentPredictions recent;
  private final ShadowScorer shadow;
  private final ServedFeatures features;
  private final ServerLog log;
  private final ImageDecoder decoder;
  private final Semaphore decoding;

  Classification(
      ServeConfig config,
      ModelSlot slot,
      Batcher batcher,
      ServingMetrics metrics,
      PredictionLog predictionLog,
      ObjectStore images,
      RecentPredictions recent,
      ShadowScorer shadow,
      ServedFeatures features,
      ServerLog log) {
    this.config = config;
    this.slot = slot;
    this.batcher = batcher;
    this.metrics = metrics;
    this.predictionLog = predictionLog;
    this.images = images;
    this.recent = recent;
    this.shadow = shadow;
    this.features = features;
    this.log = log;
    this.decoder = new ImageDecoder(config.maxPixels());
    this.decoding = new Semaphore(config.decodeThreads());
  }

  void requireServed(String name) {
    ServedModel model = slot.current();
    String served = model == null ? config.modelName() : model.info().name();
    if (!served.equals(name)) {
      throw new ApiException(
          404,
          "unknown_model",
          "model '"
              + RequestReader.abbreviate(name)
              + "' is not served here; this server serves '"
              + served
              + "' (GET /models)");
    }
  }

  /**
   * What one request's images got.
   *
   * @param answers one answer per image, in request order
   * @param labels the answering version's labels, in output-column order
   * @param version the answering version ({@code v<N>} or {@code local})
   * @param experiment the running experiment's name, or null
   * @param variant the variant that answered ({@code control} or {@code treatment}), or null
   */
  record Result(
      List<Map<String, Object>> answers,
      List<String> labels,
      String version,
      String experiment,
      String variant) {}

  /**
   * Decodes, queues and waits for every image of one request, under one reference to the version
   * its route picked; counts and logs one line per image, and in shadow mode hands each image to
   * the treatment once the answers are ready.
   */
  Result classify(Context ctx, List<Upload> uploads, String requestId, int topK, long start) {
    Routing.Route route = slot.route(RequestReader.userId(ctx));
    try {
      if (route.newUser()) {
        RequestReader.setUserCookie(ctx, route.userId());
      }
      ServedModel model = route.model();
      boolean keepDecoded = route.shadow() != null || features.storing();
      List<BufferedImage> decoded = keepDecoded ? new ArrayList<>() : null;
      List<float[]> rows = await(prepareAndSubmit(model, uploads, decoded), start);
      double latencyMs = (System.nanoTime() - start) / 1e6;
      List<Map<String, Object>> answers = new ArrayList<>(rows.size());
      List<Map<String, Object>> lines = new ArrayList<>(rows.size());
      for (int i = 0; i < rows.size(); i++) {
        Upload upload = uploads.get(i);
        String sha = Hashing.sha256(upload.bytes());
        boolean kept = keep(upload.bytes(), sha);
        Map<String, Object> answer =
            Answers.answer(route, rows.get(i), topK, latencyMs, requestId, sha);
        answers.add(answer);
        remember(model, answer, upload.bytes());
        count(route, (String) answer.get("label"));
        lines.add(Answers.logLine(route, answer, kept, upload.bytes().length));
        if (decoded != null) {
          features.served(sha, decoded.get(i));
        }
      }
      if (predictionLog != null) {
        predictionLog.write(lines);
      }
      for (int i = 0; route.shadow() != null && i < decoded.size(); i++) {
        shadow.score(route.shadow(), decoded.get(i), lines.get(i));
      }
      return result(route, answers);
    } finally {
      route.release();
    }
  }

  private static Result result(Routing.Route route, List<Map<String, Object>> answers) {
    return new Result(
        answers,
        route.model().labels(),
        route.model().info().versionName(),
        route.experiment() == null ? null : route.experiment().name(),
        route.variant());
  }

  private void count(Routing.Route route, String label) {
    metrics.prediction(route.model().info(), label);
    if (route.experiment() != null) {
      metrics.experimentPrediction(
          route.experiment().name(), route.variant(), route.model().info().versionName());
    }
  }

  /**
   * Decodes and queues every image, counted as on its way to the batcher meanwhile.
   *
   * @param decoded receives the decoded images (for the shadow), or null
   */
  private List<CompletableFuture<float[]>> prepareAndSubmit(
      ServedModel model, List<Upload> uploads, List<BufferedImage> decoded) {
    batcher.preparing(uploads.size());
    try {
      List<float[]> tensors = new ArrayList<>(uploads.size());
      for (Upload upload : uploads) {
        tensors.add(preprocess(model, upload, decoded));
      }
      return submit(model, tensors);
    } finally {
      batcher.prepared(uploads.size());
    }
  }

  /**
   * Queues every tensor; each queued job holds its own reference to the model, which the batcher
   * drops once the job ran (or was skipped), so a swapped-out version closes only after that.
   *
   * @throws ApiException 429 when the queue is full (the images already queued are cancelled)
   */
  private List<CompletableFuture<float[]>> submit(ServedModel model, List<float[]> tensors) {
    List<CompletableFuture<float[]>> results = new ArrayList<>(tensors.size());
    for (float[] tensor : tensors) {
      CompletableFuture<float[]> result = new CompletableFuture<>();
      if (!model.acquire()) {
        results.forEach(r -> r.cancel(false));
        throw new ApiException(503, "not_ready", "the model was unloaded; retry");
      }
      if (!batcher.submit(new Batcher.Job(model, tensor, result))) {
        model.release();
        results.forEach(r -> r.cancel(false));
        throw new ApiException(
            429,
            "queue_full",
            "the inference queue is full ("
                + config.queueCapacity()
                + " images wait); retry later or raise queueCapacity (-Dmlops.serve.queueCapacity, --queue-capacity)");
      }
      results.add(result);
    }
    return results;
  }

  private float[] preprocess(ServedModel model, Upload upload, List<BufferedImage> decoded) {
    try {
      decoding.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(503, "stopping", "interrupted while waiting to decode");
    }
    try {
      BufferedImage image = decoder.decode(upload.bytes(), upload.name());
      if (decoded != null) {
        decoded.add(image);
      }
      return model.preprocessor().tensor(image);
    } finally {
      decoding.release();
    }
  }

  private List<float[]> await(List<CompletableFuture<float[]>> results, long start) {
    long deadline = start + config.requestTimeout().toNanos();
    List<float[]> rows = new ArrayList<>(results.size());
    try {
      for (CompletableFuture<float[]> result : results) {
        long left = deadline - System.nanoTime();
        rows.add(result.get(Math.max(0, left), TimeUnit.NANOSECONDS));
      }
      return rows;
    } catch (TimeoutException e) {
      results.forEach(r -> r.cancel(false));
      throw new ApiException(
          503,
          "timeout",
          "no prediction within "
              + config.requestTimeout().toMillis()
              + " ms: the server is overloaded; retry later or raise"
              + " requestTimeoutMs (-Dmlops.serve.requestTimeoutMs, --request-timeout-ms)");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(503, "stopping", "interrupted while waiting for inference");
    } catch (ExecutionException e) {
      throw new IllegalStateException("inference failed: " + e.getCause(), e.getCause());
    }
  }

  /** Keeps the image and what it got for feedback (when feedback is on). */
  private void remember(ServedModel model, Map<String, Object> answer, byte[] bytes) {
    if (recent == null) {
      return;
    }
    try {
      recent.remember(
          new RecentPredictions.Prediction(
              (String) answer.get("requestId"),
              (String) answer.get("imageSha256"),
              model.info().name(),
              model.info().versionName(),
              (String) answer.get("label")),
          bytes);
    } catch (java.io.IOException e) {
      log.warn(
          "Cannot keep a served image for feedback: " + e.getMessage(),
          Map.of("event", "keep_recent_failed", "error", String.valueOf(e.getMessage())));
    }
  }

  /** Puts the image in the store when images are kept; false when not kept. */
  private boolean keep(byte[] bytes, String sha) {
    if (images == null) {
      return false;
    }
    try {
      String stored = images.put(bytes);
      return stored.equals(sha);
    } catch (StoreException e) {
      log.warn(
          "Cannot keep a served image in the store: " + e.getMessage(),
          Map.of("event", "keep_failed", "error", String.valueOf(e.getMessage())));
      return false;
    }
  }
}
