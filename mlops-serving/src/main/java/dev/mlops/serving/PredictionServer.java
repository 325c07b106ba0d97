package dev.mlops.serving;

import dev.mlops.core.MlopsException;
import dev.mlops.core.store.ObjectStore;
import io.javalin.Javalin;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The HTTP prediction server: loads the configured version, starts Javalin (Jetty 12) on the
 * configured address, polls the registry for alias moves and experiments, and stops gracefully: new
 * requests get 503 while those in flight are answered, then the port closes. Logs one line when it
 * starts and one per reload through {@link ServerLog}.
 */
public final class PredictionServer implements AutoCloseable {
  private static final long DRAIN_MILLIS = 30_000;

  private final ServeConfig config;
  private final ServerLog log;
  private final ServingMetrics metrics;
  private final ModelSlot slot;
  private final Batcher batcher;
  private final PredictionLog predictionLog;
  private final ShadowScorer shadow;
  private FeedbackDesk feedbackDesk;
  private ServedFeatures features;
  private FeatureApi featureApi;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final ScheduledExecutorService poller;
  private volatile boolean draining;
  private Javalin app;
  private boolean closed;

  private PredictionServer(ServeConfig config, ServerLog log) throws MlopsException {
    this.config = config;
    this.log = log;
    AtomicInteger open = new AtomicInteger();
    ModelLoader loader = new ModelLoader(config, log.progress(), open);
    Batcher[] batcherRef = new Batcher[1];
    ModelSlot[] slotRef = new ModelSlot[1];
    this.metrics =
        new ServingMetrics(
            config.metricsNamespace(),
            () -> batcherRef[0] == null ? 0 : batcherRef[0].depth(),
            () -> slotRef[0] == null ? null : slotRef[0].routing(),
            open::get);
    this.slot = new ModelSlot(loader, config.alias(), metrics.reloads(), log);
    slotRef[0] = slot;
    this.batcher =
        new Batcher(
            config.maxBatchSize(),
            config.maxBatchDelay().toNanos(),
            config.queueCapacity(),
            metrics::batch);
    batcherRef[0] = batcher;
    try {
      this.predictionLog =
          config.logDirectory() == null
              ? null
              : new PredictionLog(config.logDirectory(), config.logMaxBytes());
    } catch (IOException e) {
      batcher.close();
      throw new MlopsException(
          "cannot write the prediction log in "
              + config.logDirectory()
              + ": "
              + e.getMessage()
              + "; set logDirectory (-Dmlops.serve.logDirectory, --log-dir) to a writable directory",
          e);
    }
    this.shadow =
        new ShadowScorer(
            batcher, predictionLog, metrics, config.queueCapacity(), config.requestTimeout());
    this.poller =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              // Large stack: a reload loads and warms up a model in native code (see Batcher).
              Thread t = new Thread(null, r, "mlops-reload", 64L * 1024 * 1024);
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Loads the model and starts serving; returns once the port is open.
   *
   * @throws MlopsException when the model cannot be loaded or the port cannot be bound
   */
  public static PredictionServer start(ServeConfig config, ServerLog log) throws MlopsException {
    PredictionServer server = new PredictionServer(config, log);
    try {
      server.startServing();
      return server;
    } catch (MlopsException | RuntimeException e) {
      server.close();
      throw e;
    }
  }

  private void startServing() throws MlopsException {
    Routing routing = slot.start();
    ObjectStore images = config.keepImages() ? new ObjectStore(config.storeRoot()) : null;
    feedbackDesk = config.feedbackDirectory() == null ? null : FeedbackDesk.open(config, metrics);
    features = ServedFeatures.open(config, metrics, log);
    PredictionApi api =
        new PredictionApi(
            config,
            slot,
            batcher,
            metrics,
            predictionLog,
            images,
            feedbackDesk,
            shadow,
            features,
            log,
            this);
    featureApi = api.featureApi();
    QueuedThreadPool threads = new QueuedThreadPool(256, 8, 60_000);
    threads.setName("mlops-http");
    app =
        Javalin.create(
            javalin -> {
              javalin.startup.showJavalinBanner = false;
              javalin.startup.showOldJavalinVersionWarning = false;
              javalin.jetty.threadPool = threads;
              javalin.http.maxRequestSize = config.maxBytes();
              javalin.jetty.multipartConfig.maxTotalRequestSize(config.maxBytes(), SizeUnit.BYTES);
              javalin.jetty.multipartConfig.maxFileSize(config.maxBytes(), SizeUnit.BYTES);
              javalin.jetty.multipartConfig.maxInMemoryFileSize(
                  (int) Math.min(config.maxBytes(), Integer.MAX_VALUE), SizeUnit.BYTES);
              api.routes(javalin.routes);
              javalin.routes.exception(ApiException.class, (e, ctx) -> error(ctx, e));
              javalin.routes.exception(
                  HttpResponseException.class,
                  (e, ctx) ->
                      error(
                          ctx,
                          new ApiException(
                              e.getStatus(),
                              reason(e.getStatus()),
                              String.valueOf(e.getMessage()))));
              javalin.routes.exception(
                  Exception.class,
                  (e, ctx) -> {
                    log.warn(
                        "Request " + ctx.method() + " " + ctx.path() + " failed: " + e,
                        Map.of("event", "request_error", "error", String.valueOf(e)));
                    error(ctx, new ApiException(500, "internal", String.valueOf(e.getMessage())));
                  });
              javalin.routes.error(
                  404,
                  ctx -> {
                    if (ctx.result() == null || ctx.result().isEmpty()) {
                      error(
                          ctx,
                          new ApiException(
                              404, "not_found", "no route " + ctx.method() + " " + ctx.path()));
                    }
                  });
              javalin.routes.error(
                  405,
                  ctx ->
                      error(
                          ctx,
                          new ApiException(
                              405,
                              "method_not_allowed",
                              ctx.method() + " is not allowed on " + ctx.path())));
            });
    try {
      app.start(config.host(), config.port());
    } catch (RuntimeException e) {
      throw new MlopsException(
          "cannot serve at "
              + config.host()
              + ":"
              + config.port()
              + " ("
              + e.getMessage()
              + "); choose another port (-Dmlops.serve.port, --port)",
          e);
    }
    if (config.alias() != null) {
      long every = config.pollInterval().toMillis();
      poller.scheduleWithFixedDelay(() -> slot.check(true), every, every, TimeUnit.MILLISECONDS);
    }
    new RoutingEvents(log)
        .serving(routing, url(), config.maxBatchSize(), config.maxBatchDelay().toMillis());
  }

  static void error(Context ctx, ApiException e) {
    if (e.status() == 413 && !Boolean.TRUE.equals(ctx.attribute(RequestReader.BODY_READ))) {
      // The body was refused unread. Jetty then drops the connection, and a client that reused it
      // for its next request would see that request fail without an answer: say so up front.
      ctx.header("Connection", "close");
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", e.error());
    body.put("message", e.getMessage());
    PredictionApi.json(ctx.status(e.status()), body);
  }

  private static String reason(int status) {
    return switch (status) {
      case 413 -> "too_large";
      case 415 -> "unsupported_media_type";
      case 400 -> "bad_request";
      case 404 -> "not_found";
      default -> "http_" + status;
    };
  }

  /** The port the server listens on. */
  public int port() {
    return app.port();
  }

  /** {@code http://host:port}. */
  public String url() {
    String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
    return "http://" + host + ":" + port();
  }

  /** Whether the server stops taking requests (graceful shutdown in progress). */
  boolean draining() {
    return draining;
  }

  /** Counts a request in flight; false when draining (answer 503). */
  boolean enter() {
    inFlight.incrementAndGet();
    if (draining) {
      inFlight.decrementAndGet();
      return false;
    }
    return true;
  }

  void exit() {
    inFlight.decrementAndGet();
  }

  /** Requests being answered now (for tests of the graceful shutdown). */
  int inFlightForTest() {
    return inFlight.get();
  }

  /** The shadow scorer (for tests that hold its thread). */
  ShadowScorer shadowForTest() {
    return shadow;
  }

  /** Forces a registry check now. */
  ModelSlot.Outcome reload() {
    return slot.check(true);
  }

  /**
   * Stops gracefully: refuses new requests with 503, waits (up to 30 s) for those in flight, then
   * closes the port, the engine thread and the model.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    draining = true;
    poller.shutdownNow();
    long deadline = System.currentTimeMillis() + DRAIN_MILLIS;
    while (inFlight.get() > 0 && System.currentTimeMillis() < deadline) {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    if (app != null) {
      app.stop();
    }
    batcher.close();
    shadow.close();
    slot.close();
    if (predictionLog != null) {
      predictionLog.close();
    }
    if (feedbackDesk != null) {
      feedbackDesk.close();
    }
    if (featureApi != null) {
      featureApi.close();
    }
    if (features != null) {
      features.close();
    }
    if (app != null) {
      log.info("Stopped serving " + config.modelName(), Map.of("event", "stop"));
    }
  }
}
