package dev.mlops.serving;

import dev.mlops.core.experiment.Experiment;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The log lines of routing changes: one per reload of the alias's version, per experiment that
 * starts or stops being served, and per failed reload; each with its fields for JSON logs.
 */
final class RoutingEvents {
  private final ModelSlot.Events events;

  RoutingEvents(ModelSlot.Events events) {
    this.events = events;
  }

  void fetchFailed(Exception e) {
    events.warn(
        "Cannot fetch the registry from origin (" + e.getMessage() + "); serving the local one",
        Map.of("event", "fetch_failed", "error", String.valueOf(e.getMessage())));
  }

  /** The line of a server that starts serving (and of its experiment, if one runs). */
  void serving(Routing routing, String url, int maxBatchSize, long maxBatchDelayMs) {
    ServedModel.ModelInfo info = routing.primary().info();
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("event", "start");
    fields.put("model", info.name());
    fields.put("version", info.versionName());
    fields.put("alias", info.alias());
    fields.put("runtime", info.runtime());
    fields.put("url", url);
    fields.put("maxBatchSize", maxBatchSize);
    fields.put("maxBatchDelayMs", maxBatchDelayMs);
    events.info(
        "Serving "
            + info.name()
            + " "
            + (info.version() > 0 ? info.versionName() : "from " + info.source())
            + (info.alias() == null ? "" : " (" + info.alias() + ")")
            + " at "
            + url
            + " with "
            + info.runtime(),
        fields);
    if (routing.experiment() != null) {
      started(routing);
    }
  }

  /** One line per change from {@code old} to {@code next}. */
  void swapped(Routing old, Routing next) {
    Experiment before = old.experiment();
    Experiment after = next.experiment();
    if (before == null && after == null) {
      reloaded(old.primary(), next.primary());
      return;
    }
    if (before != null && !Objects.equals(before.name(), after == null ? null : after.name())) {
      stopped(before, next);
    }
    if (after != null && !after.equals(before)) {
      started(next);
    }
  }

  private void reloaded(ServedModel old, ServedModel next) {
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
  }

  /** The line of an experiment that is now served (at a reload, or when the server starts). */
  void started(Routing routing) {
    Experiment e = routing.experiment();
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("event", "experiment_started");
    fields.put("model", e.model());
    fields.put("experiment", e.name());
    fields.put("mode", e.mode().name().toLowerCase(java.util.Locale.ROOT));
    fields.put("traffic", e.traffic());
    fields.put("control", routing.primary().info().versionName());
    fields.put("treatment", routing.treatment().info().versionName());
    events.info(
        "Serving experiment "
            + e.name()
            + " of "
            + e.model()
            + ": control "
            + routing.primary().info().versionName()
            + ", treatment "
            + routing.treatment().info().versionName()
            + " ("
            + Routing.mode(e)
            + ")",
        fields);
  }

  private void stopped(Experiment e, Routing next) {
    ServedModel now = next.primary();
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("event", "experiment_stopped");
    fields.put("model", e.model());
    fields.put("experiment", e.name());
    fields.put("control", e.control().versionName());
    fields.put("treatment", e.treatment().versionName());
    fields.put("version", next.describe());
    events.info(
        "Stopped serving experiment "
            + e.name()
            + " of "
            + e.model()
            + " (control "
            + e.control().versionName()
            + ", treatment "
            + e.treatment().versionName()
            + "); serving "
            + next.describe()
            + (next.experiment() == null && now.info().alias() != null
                ? " (" + now.info().alias() + ")"
                : ""),
        fields);
  }

  void failed(Routing old, String candidate, Throwable e) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("event", "reload_failed");
    fields.put("model", old.primary().info().name());
    fields.put("serving", old.describe());
    fields.put("candidate", candidate);
    fields.put("error", String.valueOf(e.getMessage()));
    events.warn(
        "Reload of "
            + old.primary().info().name()
            + " "
            + candidate
            + " failed; still serving "
            + old.describe()
            + ": "
            + e.getMessage(),
        fields);
  }
}
