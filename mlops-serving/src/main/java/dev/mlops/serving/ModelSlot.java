package dev.mlops.serving;

import dev.mlops.core.MlopsException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The served version and its hot reload. A check reads where the alias points (after fetching from
 * {@code origin} when the repository has one); when it moved, the new version is restored (hashes
 * verified), loaded and warmed up beside the old one, then swapped in with one atomic reference
 * write. Requests in flight keep the version they started with; the old version closes when the
 * last of them is answered. A version that fails to restore, load or warm up is not swapped in: the
 * old one keeps serving, and the failure is logged and counted.
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
  private final ServingMetrics.Reloads reloads;
  private final Events events;
  private final AtomicReference<ServedModel> current = new AtomicReference<>();
  private volatile String lastError;

  ModelSlot(ModelLoader loader, ServingMetrics.Reloads reloads, Events events) {
    this.loader = loader;
    this.reloads = reloads;
    this.events = events;
  }

  /**
   * Loads the first version, after fetching the registry from {@code origin} when there is one (a
   * failed fetch is reported and the local registry served); a failed load stops the start.
   */
  ServedModel start() throws MlopsException {
    try {
      loader.aliasVersion(true);
    } catch (MlopsException e) {
      events.warn(
          "Cannot fetch the registry from origin (" + e.getMessage() + "); serving the local one",
          Map.of("event", "fetch_failed", "error", String.valueOf(e.getMessage())));
    }
    ServedModel model = loader.load();
    current.set(model);
    return model;
  }

  /** The served version, or null before start and after close. */
  ServedModel current() {
    return current.get();
  }

  /**
   * The served version with a reference the caller must {@link ServedModel#release}.
   *
   * @throws ApiException 503 when nothing is served (starting or stopping)
   */
  ServedModel acquire() {
    while (true) {
      ServedModel model = current.get();
      if (model == null) {
        throw new ApiException(503, "not_ready", "no model is loaded yet (or the server stops)");
      }
      if (model.acquire()) {
        return model;
      }
      // Swapped and closed between the read and the acquire: take the new one.
    }
  }

  /** The error of the last failed reload, or null. */
  String lastError() {
    return lastError;
  }

  /**
   * Checks the alias and swaps in its version when it moved. Serialised: one check at a time.
   *
   * @param fetch whether to fetch from {@code origin} first
   */
  synchronized Outcome check(boolean fetch) {
    ServedModel old = current.get();
    if (old == null) {
      return Outcome.UNCHANGED;
    }
    Optional<Integer> version;
    try {
      version = loader.aliasVersion(fetch);
    } catch (MlopsException | RuntimeException e) {
      return failed(old, "?", e);
    }
    if (version.isEmpty() || version.get() == old.info().version()) {
      refreshDrift(old);
      return Outcome.UNCHANGED;
    }
    ServedModel next;
    try {
      next = loader.load();
    } catch (MlopsException | RuntimeException | LinkageError e) {
      return failed(old, "v" + version.get(), e);
    }
    current.set(next);
    old.retire();
    lastError = null;
    reloads.inc("success");
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("event", "reload");
    fields.put("model", next.info().name());
    fields.put("from", old.info().versionName());
    fields.put("to", next.info().versionName());
    fields.put("alias", next.info().alias());
    fields.put("runtime", next.info().runtime());
    events.info(
        "Reloaded "
            + next.info().name()
            + " "
            + old.info().versionName()
            + " -> "
            + next.info().versionName()
            + " ("
            + next.info().alias()
            + ", "
            + next.info().runtime()
            + ")",
        fields);
    return Outcome.RELOADED;
  }

  private void refreshDrift(ServedModel model) {
    if (model.info().version() > 0) {
      try {
        model.driftScore(loader.driftScore(model.info().version()));
      } catch (MlopsException | RuntimeException e) {
        // The score keeps its last value; the next check tries again.
      }
    }
  }

  private Outcome failed(ServedModel old, String version, Throwable e) {
    lastError = e.getMessage();
    reloads.inc("failure");
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("event", "reload_failed");
    fields.put("model", old.info().name());
    fields.put("serving", old.info().versionName());
    fields.put("candidate", version);
    fields.put("error", String.valueOf(e.getMessage()));
    events.warn(
        "Reload of "
            + old.info().name()
            + " "
            + version
            + " failed; still serving "
            + old.info().versionName()
            + ": "
            + e.getMessage(),
        fields);
    return Outcome.FAILED;
  }

  /** Stops serving: the current version closes once its requests are answered. */
  @Override
  public synchronized void close() {
    ServedModel model = current.getAndSet(null);
    if (model != null) {
      model.retire();
    }
  }
}
