package dev.mlops.serving;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.mlops.core.experiment.Experiment;
import dev.mlops.core.experiment.Variant;
import dev.mlops.core.store.ObjectStore;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The HTTP routes. Every route answers JSON (but {@code /metrics}); every refusal is {@code
 * {"error","message"}} with its status, and no request value ever reaches the file system: model
 * names are compared with the served name, images are kept only under their own SHA-256.
 */
final class PredictionApi {
  private final ServeConfig config;
  private final ModelSlot slot;
  private final ServingMetrics metrics;
  private final ServerLog log;
  private final PredictionServer server;
  private final RequestReader reader;
  private final Classification classification;
  private final OpenInference openInference;
  private final FeedbackApi feedback;
  private final FeatureApi featureApi;
  private final WebPage page = new WebPage();

  PredictionApi(
      ServeConfig config,
      ModelSlot slot,
      Batcher batcher,
      ServingMetrics metrics,
      PredictionLog predictionLog,
      ObjectStore images,
      FeedbackDesk feedbackDesk,
      ShadowScorer shadow,
      ServedFeatures features,
      ServerLog log,
      PredictionServer server) {
    this.config = config;
    this.slot = slot;
    this.metrics = metrics;
    this.log = log;
    this.server = server;
    this.reader = new RequestReader(config);
    this.classification =
        new Classification(
            config,
            slot,
            batcher,
            metrics,
            predictionLog,
            images,
            feedbackDesk == null ? null : feedbackDesk.recent(),
            shadow,
            features,
            log);
    this.openInference = new OpenInference(config, slot, classification, reader, server);
    this.feedback = new FeedbackApi(feedbackDesk, slot, reader, classification);
    this.featureApi =
        new FeatureApi(config, slot, features, feedbackDesk == null ? null : feedbackDesk.recent());
  }

  /** The feature routes' resources (their embedding thread). */
  FeatureApi featureApi() {
    return featureApi;
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
    routes.get("/v2/health/ready", measured("v2_ready", ctx -> openInference.ready(ctx, null)));
    routes.get("/v2/models/{model}", measured("v2_model", openInference::v2Model));
    routes.get(
        "/v2/models/{model}/ready",
        measured("v2_model_ready", ctx -> openInference.ready(ctx, ctx.pathParam("model"))));
    routes.post("/v2/models/{model}/infer", measured("v2_infer", openInference::v2Infer));
    routes.post("/admin/reload", measured("admin_reload", this::reload));
    routes.post("/feedback", measured("feedback", feedback::post));
    routes.get("/feedback/stats", measured("feedback_stats", feedback::stats));
    routes.get("/feedback/images/{sha256}", measured("feedback_image", feedback::image));
    routes.get("/features/<rest>", measured("features", featureApi::features));
    routes.get("/similar/images/{sha256}", measured("similar_image", featureApi::candidateImage));
    routes.get("/similar/{sha256}", measured("similar", featureApi::similar));
    routes.get("/", measured("page", page.file("index.html")));
    routes.get("/app.js", measured("page", page.file("app.js")));
    routes.get("/app.css", measured("page", page.file("app.css")));
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
                e.getStatus() == 413 ? reader.tooLarge() : String.valueOf(e.getMessage())));
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
    classification.requireServed(ctx.pathParam("model"));
    String requestId = reader.requestId(ctx);
    int topK = RequestReader.topK(ctx);
    String type = RequestReader.contentType(ctx);
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
    List<Upload> uploads =
        batch ? reader.multipart(ctx) : List.of(new Upload(reader.body(ctx), "the body"));
    List<Map<String, Object>> answers =
        classification.classify(ctx, uploads, requestId, topK, start).answers();
    ctx.header("X-Request-Id", requestId);
    json(ctx, batch ? answers : answers.get(0));
  }

  // ---- request parsing

  // ---- health, models, admin

  private void ping(Context ctx) {
    boolean ready = slot.current() != null && !server.draining();
    ctx.status(ready ? 200 : 503);
    json(ctx, Map.of("status", ready ? "Healthy" : "Unhealthy"));
  }

  private void models(Context ctx) {
    Routing routing = slot.routing();
    if (routing == null) {
      throw new ApiException(503, "not_ready", "no model is loaded");
    }
    ServedModel model = routing.primary();
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
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("models", List.of(entry));
    if (routing.experiment() != null) {
      body.put("experiment", experiment(routing));
    }
    json(ctx, body);
  }

  /** The running experiment as {@code /models} shows it. */
  private static Map<String, Object> experiment(Routing routing) {
    Experiment e = routing.experiment();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", e.name());
    body.put("mode", e.mode().name().toLowerCase(Locale.ROOT));
    body.put("traffic", e.traffic());
    body.put("control", variant(e.control(), routing.primary()));
    body.put("treatment", variant(e.treatment(), routing.treatment()));
    body.put("startedAt", e.startedAt());
    body.put("startedBy", e.startedBy());
    return body;
  }

  private static Map<String, Object> variant(Variant variant, ServedModel model) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("version", variant.versionName());
    body.put("ref", variant.ref());
    body.put("runtime", model.info().runtime());
    body.put("loadedAt", model.info().loadedAt().toString());
    return body;
  }

  private void reload(Context ctx) {
    authorizeAdmin(ctx);
    ModelSlot.Outcome outcome = server.reload();
    Routing routing = slot.routing();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("outcome", outcome.name().toLowerCase(Locale.ROOT));
    body.put("model", config.modelName());
    body.put("version", routing == null ? null : routing.primary().info().versionName());
    body.put(
        "experiment",
        routing == null || routing.experiment() == null ? null : routing.experiment().name());
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
              + " without a token: set adminToken (-Dmlops.serve.adminToken, --admin-token)");
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
}
