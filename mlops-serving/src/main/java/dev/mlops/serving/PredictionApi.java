package dev.mlops.serving;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.core.Json;
import dev.mlops.core.store.Hashing;
import dev.mlops.core.store.ObjectStore;
import dev.mlops.core.store.StoreException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import io.javalin.http.UploadedFile;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * The HTTP routes. Every route answers JSON (but {@code /metrics}); every refusal is {@code
 * {"error","message"}} with its status, and no request value ever reaches the file system: model
 * names are compared with the served name, images are kept only under their own SHA-256.
 */
final class PredictionApi {
  private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
  private static final Pattern USER_ID = Pattern.compile("[\\p{Graph} ]{1,256}");

  private final ServeConfig config;
  private final ModelSlot slot;
  private final Batcher batcher;
  private final ServingMetrics metrics;
  private final PredictionLog predictionLog;
  private final ObjectStore images;
  private final ServerLog log;
  private final PredictionServer server;
  private final ImageDecoder decoder;
  private final Semaphore decoding;

  PredictionApi(
      ServeConfig config,
      ModelSlot slot,
      Batcher batcher,
      ServingMetrics metrics,
      PredictionLog predictionLog,
      ObjectStore images,
      ServerLog log,
      PredictionServer server) {
    this.config = config;
    this.slot = slot;
    this.batcher = batcher;
    this.metrics = metrics;
    this.predictionLog = predictionLog;
    this.images = images;
    this.log = log;
    this.server = server;
    this.decoder = new ImageDecoder(config.maxPixels());
    this.decoding = new Semaphore(config.decodeThreads());
  }

  void routes(RoutesConfig routes) {
    routes.post("/predictions/{model}", measured("predictions", this::predict));
    routes.get("/ping", measured("ping", this::ping));
    routes.get("/models", measured("models", this::models));
    routes.get(
        "/metrics",
        measured(
            "metrics",
            ctx -> ctx.contentType(ServingMetrics.contentType()).result(metrics.scrape())));
    routes.get("/v2/health/live", measured("v2_live", ctx -> json(ctx, Map.of("live", true))));
    routes.get("/v2/health/ready", measured("v2_ready", ctx -> ready(ctx, null)));
    routes.get("/v2/models/{model}", measured("v2_model", this::v2Model));
    routes.get(
        "/v2/models/{model}/ready",
        measured("v2_model_ready", ctx -> ready(ctx, ctx.pathParam("model"))));
    routes.post("/v2/models/{model}/infer", measured("v2_infer", this::v2Infer));
    routes.post("/admin/reload", measured("admin_reload", this::reload));
  }

  /** Counts the request in flight and by route and status; refusals become JSON errors. */
  private Handler measured(String route, Handler handler) {
    return ctx -> {
      long start = System.nanoTime();
      if (!server.enter()) {
        PredictionServer.error(
            ctx, new ApiException(503, "stopping", "the server is shutting down; retry elsewhere"));
        metrics.request(route, 503);
        return;
      }
      try {
        handler.handle(ctx);
      } catch (ApiException e) {
        PredictionServer.error(ctx, e);
      } catch (HttpResponseException e) {
        PredictionServer.error(
            ctx,
            new ApiException(
                e.getStatus(),
                e.getStatus() == 413 ? "too_large" : "bad_request",
                e.getStatus() == 413 ? tooLarge() : String.valueOf(e.getMessage())));
      } catch (RuntimeException e) {
        log.warn(
            "Request " + ctx.method() + " " + ctx.path() + " failed: " + e,
            Map.of("event", "request_error", "error", String.valueOf(e)));
        PredictionServer.error(ctx, new ApiException(500, "internal", String.valueOf(e)));
      } finally {
        server.exit();
        metrics.request(route, ctx.statusCode());
        if (route.equals("predictions") || route.equals("v2_infer")) {
          metrics.requestSeconds((System.nanoTime() - start) / 1e9);
        }
      }
    };
  }

  // ---- /predictions/{model}

  private void predict(Context ctx) {
    long start = System.nanoTime();
    requireServed(ctx.pathParam("model"));
    String requestId = requestId(ctx);
    int topK = topK(ctx);
    String type = contentType(ctx);
    boolean batch = type.startsWith("multipart/form-data");
    if (!batch
        && !type.isEmpty()
        && !type.startsWith("image/")
        && !type.equals("application/octet-stream")) {
      throw new ApiException(
          415,
          "unsupported_media_type",
          "Content-Type "
              + type
              + " is not accepted: send the image with Content-Type image/* or"
              + " application/octet-stream (curl -H 'Content-Type: image/png' --data-binary"
              + " @file.png), or several as multipart/form-data (curl -F file=@a.png -F"
              + " file=@b.png)");
    }
    List<Upload> uploads = batch ? multipart(ctx) : List.of(new Upload(body(ctx), "the body"));
    List<Map<String, Object>> answers = classify(ctx, uploads, requestId, topK, start);
    ctx.header("X-Request-Id", requestId);
    json(ctx, batch ? answers : answers.get(0));
  }

  /** One uploaded image: its bytes and how messages name it. */
  private record Upload(byte[] bytes, String name) {}

  /**
   * Decodes, queues and waits for every image of one request, under one reference to the served
   * version; logs one line per image. Returns one answer per image.
   */
  private List<Map<String, Object>> classify(
      Context ctx, List<Upload> uploads, String requestId, int topK, long start) {
    ServedModel model = slot.acquire();
    try {
      List<float[]> tensors = new ArrayList<>(uploads.size());
      for (Upload upload : uploads) {
        tensors.add(preprocess(model, upload));
      }
      List<CompletableFuture<float[]>> results = new ArrayList<>(uploads.size());
      for (float[] tensor : tensors) {
        CompletableFuture<float[]> result = new CompletableFuture<>();
        if (!model.acquire()) {
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
                  + " images wait); retry later or raise -Dmlops.serve.queueCapacity");
        }
        results.add(result);
      }
      List<float[]> rows = await(results, start);
      double latencyMs = (System.nanoTime() - start) / 1e6;
      String userId = userId(ctx);
      List<Map<String, Object>> answers = new ArrayList<>(rows.size());
      List<Map<String, Object>> lines = new ArrayList<>(rows.size());
      for (int i = 0; i < rows.size(); i++) {
        Upload upload = uploads.get(i);
        String sha = Hashing.sha256(upload.bytes());
        boolean kept = keep(upload.bytes(), sha);
        Map<String, Object> answer = answer(model, rows.get(i), topK, latencyMs, requestId, sha);
        answers.add(answer);
        metrics.prediction(model.info(), (String) answer.get("label"));
        lines.add(logLine(model, answer, userId, kept, upload));
      }
      if (predictionLog != null) {
        predictionLog.write(lines);
      }
      return answers;
    } finally {
      model.release();
    }
  }

  private float[] preprocess(ServedModel model, Upload upload) {
    try {
      decoding.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(503, "stopping", "interrupted while waiting to decode");
    }
    try {
      BufferedImage image = decoder.decode(upload.bytes(), upload.name());
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
              + " -Dmlops.serve.requestTimeoutMs");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(503, "stopping", "interrupted while waiting for inference");
    } catch (ExecutionException e) {
      throw new IllegalStateException("inference failed: " + e.getCause(), e.getCause());
    }
  }

  private Map<String, Object> answer(
      ServedModel model,
      float[] probabilities,
      int topK,
      double latencyMs,
      String requestId,
      String sha) {
    List<String> labels = model.labels();
    Integer[] order = new Integer[probabilities.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(
        order, Comparator.comparingDouble((Integer i) -> -probabilities[i]).thenComparing(i -> i));
    int k = topK > 0 ? Math.min(topK, order.length) : order.length;
    Map<String, Object> probs = new LinkedHashMap<>();
    for (int j = 0; j < k; j++) {
      probs.put(labels.get(order[j]), (double) probabilities[order[j]]);
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("model", model.info().name());
    answer.put("version", model.info().versionName());
    answer.put("alias", model.info().alias());
    answer.put("label", labels.get(order[0]));
    answer.put("confidence", (double) probabilities[order[0]]);
    answer.put("probabilities", probs);
    answer.put("latencyMs", Math.round(latencyMs * 1000) / 1000.0);
    answer.put("requestId", requestId);
    answer.put("imageSha256", sha);
    return answer;
  }

  private Map<String, Object> logLine(
      ServedModel model, Map<String, Object> answer, String userId, boolean kept, Upload upload) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("time", Instant.now().toString());
    line.put("requestId", answer.get("requestId"));
    line.put("model", model.info().name());
    line.put("version", model.info().versionName());
    line.put("label", answer.get("label"));
    line.put("confidence", answer.get("confidence"));
    line.put("latencyMs", answer.get("latencyMs"));
    line.put("imageSha256", answer.get("imageSha256"));
    line.put("bytes", upload.bytes().length);
    if (userId != null) {
      line.put("userId", userId);
    }
    if (kept) {
      line.put("stored", true);
    }
    return line;
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

  // ---- request parsing

  private void requireServed(String name) {
    ServedModel model = slot.current();
    String served = model == null ? config.modelName() : model.info().name();
    if (!served.equals(name)) {
      throw new ApiException(
          404,
          "unknown_model",
          "model '"
              + abbreviate(name)
              + "' is not served here; this server serves '"
              + served
              + "' (GET /models)");
    }
  }

  private String requestId(Context ctx) {
    String given = ctx.header("X-Request-Id");
    return given != null && REQUEST_ID.matcher(given).matches()
        ? given
        : UUID.randomUUID().toString();
  }

  private static String userId(Context ctx) {
    String given = ctx.header("X-User-Id");
    if (given == null) {
      given = ctx.queryParam("userId");
    }
    return given != null && USER_ID.matcher(given).matches() ? given : null;
  }

  private static int topK(Context ctx) {
    String text = ctx.queryParam("topK");
    if (text == null) {
      return 0;
    }
    try {
      int k = Integer.parseInt(text.trim());
      if (k >= 1) {
        return k;
      }
    } catch (NumberFormatException e) {
      // Answered below.
    }
    throw ApiException.badRequest(
        "bad_topK", "topK '" + abbreviate(text) + "' is not a whole number of at least 1");
  }

  private static String contentType(Context ctx) {
    String type = ctx.contentType();
    return type == null ? "" : type.trim().toLowerCase(Locale.ROOT);
  }

  /** The body, refused with 413 past maxBytes (whether or not a Content-Length was sent). */
  private byte[] body(Context ctx) {
    long declared = ctx.req().getContentLengthLong();
    if (declared > config.maxBytes()) {
      throw new ApiException(413, "too_large", tooLarge());
    }
    try (InputStream in = ctx.req().getInputStream()) {
      byte[] bytes = in.readNBytes((int) config.maxBytes() + 1);
      if (bytes.length > config.maxBytes()) {
        throw new ApiException(413, "too_large", tooLarge());
      }
      return bytes;
    } catch (IOException e) {
      throw ApiException.badRequest("bad_body", "cannot read the request body: " + e.getMessage());
    }
  }

  private List<Upload> multipart(Context ctx) {
    if (ctx.req().getContentLengthLong() > config.maxBytes()) {
      throw new ApiException(413, "too_large", tooLarge());
    }
    List<UploadedFile> files;
    try {
      files = ctx.uploadedFiles();
    } catch (RuntimeException e) {
      String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
      if (message.contains("size") || message.contains("exceed") || message.contains("large")) {
        throw new ApiException(413, "too_large", tooLarge());
      }
      throw ApiException.badRequest(
          "bad_multipart", "the multipart/form-data body cannot be read: " + e.getMessage());
    }
    if (files.isEmpty()) {
      throw ApiException.badRequest(
          "empty", "the multipart/form-data body has no files: send -F file=@image.png");
    }
    if (files.size() > config.queueCapacity()) {
      throw new ApiException(
          413,
          "too_many_images",
          files.size()
              + " images in one request is more than the queue holds ("
              + config.queueCapacity()
              + "); send fewer per request");
    }
    List<Upload> uploads = new ArrayList<>(files.size());
    for (UploadedFile file : files) {
      try (InputStream in = file.content()) {
        String name = file.filename() == null ? "a file" : "file '" + file.filename() + "'";
        uploads.add(new Upload(in.readAllBytes(), abbreviate(name)));
      } catch (IOException e) {
        throw ApiException.badRequest("bad_multipart", "cannot read an uploaded file: " + e);
      }
    }
    return uploads;
  }

  private String tooLarge() {
    return "the request is larger than maxBytes "
        + config.maxBytes()
        + " bytes: send a smaller image or raise -Dmlops.serve.maxBytes";
  }

  // ---- health, models, admin

  private void ping(Context ctx) {
    boolean ready = slot.current() != null && !server.draining();
    ctx.status(ready ? 200 : 503);
    json(ctx, Map.of("status", ready ? "Healthy" : "Unhealthy"));
  }

  private void models(Context ctx) {
    ServedModel model = slot.current();
    if (model == null) {
      throw new ApiException(503, "not_ready", "no model is loaded");
    }
    ServedModel.ModelInfo info = model.info();
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("name", info.name());
    entry.put("version", info.versionName());
    entry.put("alias", info.alias());
    entry.put("fingerprint", info.fingerprint());
    entry.put("datasetVersion", info.datasetVersion());
    entry.put("metrics", info.metrics());
    entry.put("runtime", info.runtime());
    entry.put("labels", model.labels());
    entry.put("inputSize", model.classifier().preprocessing().inputSize());
    entry.put("channels", model.classifier().preprocessing().channels());
    entry.put("loadedAt", info.loadedAt().toString());
    entry.put("lastReloadError", slot.lastError());
    json(ctx, Map.of("models", List.of(entry)));
  }

  private void ready(Context ctx, String name) {
    if (name != null) {
      requireServed(name);
    }
    boolean ready = slot.current() != null && !server.draining();
    ctx.status(ready ? 200 : 503);
    Map<String, Object> body = new LinkedHashMap<>();
    if (name != null) {
      body.put("name", name);
    }
    body.put("ready", ready);
    json(ctx, body);
  }

  private void v2Model(Context ctx) {
    requireServed(ctx.pathParam("model"));
    ServedModel model = slot.acquire();
    try {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("name", model.info().name());
      body.put("versions", List.of(model.info().versionName()));
      body.put(
          "platform", model.info().runtime().startsWith("onnx") ? "onnxruntime_onnx" : "pytorch");
      body.put(
          "inputs", List.of(Map.of("name", "image", "datatype", "BYTES", "shape", List.of(-1))));
      body.put(
          "outputs",
          List.of(
              Map.of(
                  "name",
                  "probabilities",
                  "datatype",
                  "FP32",
                  "shape",
                  List.of(-1, model.labels().size())),
              Map.of("name", "label", "datatype", "BYTES", "shape", List.of(-1))));
      body.put("parameters", Map.of("labels", model.labels()));
      json(ctx, body);
    } finally {
      model.release();
    }
  }

  private void v2Infer(Context ctx) {
    long start = System.nanoTime();
    requireServed(ctx.pathParam("model"));
    byte[] raw = body(ctx);
    JsonNode request;
    try {
      request = Json.mapper().readTree(raw);
    } catch (IOException e) {
      throw ApiException.badRequest("bad_json", "the body is not JSON: " + e.getMessage());
    }
    JsonNode inputs = request == null ? null : request.path("inputs");
    if (inputs == null || !inputs.isArray() || inputs.isEmpty()) {
      throw ApiException.badRequest(
          "bad_request",
          "the body has no \"inputs\": send {\"inputs\":[{\"name\":\"image\",\"shape\":[1],"
              + "\"datatype\":\"BYTES\",\"data\":[\"<base64 image>\"]}]}");
    }
    JsonNode input = inputs.get(0);
    if (!"BYTES".equals(input.path("datatype").asText())) {
      throw ApiException.badRequest(
          "bad_datatype",
          "input datatype '"
              + abbreviate(input.path("datatype").asText())
              + "' is not supported: send the encoded images as BYTES (base64 strings)");
    }
    List<Upload> uploads = new ArrayList<>();
    collect(input.path("data"), uploads);
    if (uploads.isEmpty()) {
      throw ApiException.badRequest("empty", "input \"data\" holds no images");
    }
    String id = request.path("id").isTextual() ? request.path("id").asText() : null;
    String requestId = id != null && REQUEST_ID.matcher(id).matches() ? id : requestId(ctx);
    List<Map<String, Object>> answers = classify(ctx, uploads, requestId, 0, start);
    ServedModel model = slot.current();
    List<String> labels = model == null ? List.of() : model.labels();
    List<Double> flat = new ArrayList<>();
    List<String> predicted = new ArrayList<>();
    String version = null;
    for (Map<String, Object> answer : answers) {
      @SuppressWarnings("unchecked")
      Map<String, Object> probs = (Map<String, Object>) answer.get("probabilities");
      for (String label : labels) {
        flat.add((Double) probs.getOrDefault(label, 0.0));
      }
      predicted.add((String) answer.get("label"));
      version = (String) answer.get("version");
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("model_name", config.modelName());
    body.put("model_version", version);
    body.put("id", requestId);
    body.put(
        "outputs",
        List.of(
            Map.of(
                "name",
                "probabilities",
                "datatype",
                "FP32",
                "shape",
                List.of(answers.size(), labels.size()),
                "data",
                flat),
            Map.of(
                "name",
                "label",
                "datatype",
                "BYTES",
                "shape",
                List.of(answers.size()),
                "data",
                predicted)));
    body.put("parameters", Map.of("labels", labels));
    json(ctx, body);
  }

  private void collect(JsonNode data, List<Upload> uploads) {
    if (data.isArray()) {
      for (JsonNode item : data) {
        collect(item, uploads);
      }
      return;
    }
    if (!data.isTextual()) {
      throw ApiException.badRequest(
          "bad_request", "input \"data\" must hold base64 strings of encoded images");
    }
    try {
      uploads.add(
          new Upload(
              Base64.getMimeDecoder().decode(data.asText()), "input image " + uploads.size()));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(
          "bad_base64", "input image " + uploads.size() + " is not base64: " + e.getMessage());
    }
  }

  private void reload(Context ctx) {
    authorizeAdmin(ctx);
    ModelSlot.Outcome outcome = server.reload();
    ServedModel model = slot.current();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("outcome", outcome.name().toLowerCase(Locale.ROOT));
    body.put("model", config.modelName());
    body.put("version", model == null ? null : model.info().versionName());
    body.put("error", outcome == ModelSlot.Outcome.FAILED ? slot.lastError() : null);
    ctx.status(outcome == ModelSlot.Outcome.FAILED ? 500 : 200);
    json(ctx, body);
  }

  private void authorizeAdmin(Context ctx) {
    String token = config.adminToken();
    if (token == null) {
      if (config.loopbackOnly()) {
        return;
      }
      throw new ApiException(
          403,
          "forbidden",
          "admin routes are disabled while the server is bound to "
              + config.host()
              + " without a token: set -Dmlops.serve.adminToken");
    }
    String given = ctx.header("X-Admin-Token");
    String auth = ctx.header("Authorization");
    if (given == null && auth != null && auth.startsWith("Bearer ")) {
      given = auth.substring("Bearer ".length()).trim();
    }
    if (given == null
        || !MessageDigest.isEqual(
            given.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))) {
      throw new ApiException(
          401, "unauthorized", "admin routes need the token: send Authorization: Bearer <token>");
    }
  }

  // ---- helpers

  static void json(Context ctx, Object body) {
    try {
      ctx.contentType("application/json").result(WireJson.mapper().writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String abbreviate(String text) {
    String clean = text.replaceAll("[\\p{Cntrl}]", "?");
    return clean.length() <= 80 ? clean : clean.substring(0, 80) + "...";
  }
}
