package dev.mlops.serving;

import dev.mlops.core.MlopsException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What is served and its hot reload. A check reads where the alias points and whether an experiment
 * of the model runs (after fetching from {@code origin} when the repository has one); when that
 * changed, every version the new {@link Routing} needs is restored (hashes verified), loaded and
 * warmed up beside the old ones, then the whole routing is swapped in with one atomic reference
 * write. Requests in flight keep the versions they started with; a swapped-out version closes when
 * the last of them is answered. When anything fails to restore, load or warm up, nothing is
 * swapped: the old routing keeps serving, and the failure is logged and counted.
 */
final class ModelSlot implements AutoCloseable {
  /** What a reload check did. */
  enum Outcome {
    UNCHANGED,
    RELOADED,
    FAILED
  }

  /** Receives one line per start, reload and failed reload. */
  interface Events {
    void info(String message, Map<String, Object> fields);

    void warn(String message, Map<String, Object> fields);
  }

  private final ModelLoader loader;
  private final RoutingLoader routings;
  private final ServingMetrics.Reloads reloads;
  private final RoutingEvents events;
  private final AtomicReference<Routing> current = new AtomicReference<>();
  private volatile String lastError;

  ModelSlot(ModelLoader loader, String alias, ServingMetrics.Reloads reloads, Events events) {
    this.loader = loader;
    this.routings = new RoutingLoader(loader, alias);
    this.reloads = reloads;
    this.events = new RoutingEvents(events);
  }

  /**
   * Loads what to serve first, after fetching the registry from {@code origin} when there is one (a
   * failed fetch is reported and the local registry served); a failed load stops the start.
   */
  Routing start() throws MlopsException {
    try {
      loader.target(true);
    } catch (MlopsException e) {
      events.fetchFailed(e);
    }
    Routing routing = routings.first(loader.target(false).orElse(null));
    current.set(routing);
    return routing;
  }

  /**
   * The served version (the control during an experiment), or null before start and after close.
   */
  ServedModel current() {
    Routing routing = current.get();
    return routing == null ? null : routing.primary();
  }

  /** What is served, or null before start and after close. */
  Routing routing() {
    return current.get();
  }

  /**
   * The served version (the control during an experiment) with a reference the caller must {@link
   * ServedModel#release}.
   *
   * @throws ApiException 503 when nothing is served (starting or stopping)
   */
  ServedModel acquire() {
    while (true) {
      ServedModel model = current();
      if (model == null) {
        throw new ApiException(503, "not_ready", "no model is loaded yet (or the server stops)");
      }
      if (model.acquire()) {
        return model;
      }
      // Swapped and closed between the read and the acquire: take the new one.
    }
  }

  /**
   * The route of a request of {@code userId} (null: none given), with references the caller must
   * {@link Routing.Route#release}. Without an experiment {@code userId} only passes through.
   *
   * @throws ApiException 503 when nothing is served (starting or stopping)
   */
  Routing.Route route(String userId) {
    while (true) {
      Routing routing = current.get();
      if (routing == null) {
        throw new ApiException(503, "not_ready", "no model is loaded yet (or the server stops)");
      }
      Routing.Route route = routing.acquire(userId);
      if (route != null) {
        return route;
      }
      // Swapped and closed between the read and the acquire: take the new routing.
    }
  }

  /** The error of the last failed reload, or null. */
  String lastError() {
    return lastError;
  }

  /**
   * Checks the alias and the experiments, and swaps in what they ask for when it changed.
   * Serialised: one check at a time.
   *
   * @param fetch whether to fetch from {@code origin} first
   */
  synchronized Outcome check(boolean fetch) {
    Routing old = current.get();
    if (old == null) {
      return Outcome.UNCHANGED;
    }
    Optional<ModelLoader.Target> target;
    try {
      target = loader.target(fetch);
    } catch (MlopsException | RuntimeException e) {
      return failed(old, "?", e);
    }
    if (target.isEmpty() || old.serves(target.get())) {
      refreshDrift(old);
      return Outcome.UNCHANGED;
    }
    Routing next;
    try {
      next = routings.next(target.get(), old);
    } catch (MlopsException | RuntimeException | LinkageError e) {
      return failed(old, candidate(target.get()), e);
    }
    current.set(next);
    old.retire();
    lastError = null;
    reloads.inc("success");
    events.swapped(old, next);
    return Outcome.RELOADED;
  }

  private static String candidate(ModelLoader.Target target) {
    return target.experiment() == null
        ? "v" + target.aliasVersion()
        : Routing.describe(target.experiment());
  }

  private void refreshDrift(Routing routing) {
    for (ServedModel model : routing.models()) {
      if (model.info().version() > 0) {
        try {
          model.driftScore(loader.driftScore(model.info().version()));
        } catch (MlopsException | RuntimeException e) {
          // The score keeps its last value; the next check tries again.
        }
      }
    }
  }

  private Outcome failed(Routing old, String candidate, Throwable e) {
    lastError = e.getMessage();
    reloads.inc("failure");
    events.failed(old, candidate, e);
    return Outcome.FAILED;
  }

  /** Stops serving: every served version closes once its requests are answered. */
  @Override
  public synchronized void close() {
    Routing routing = current.getAndSet(null);
    if (routing != null) {
      routing.retire();
    }
  }
}
