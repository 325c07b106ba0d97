package dev.mlops.serving;

import dev.mlops.core.experiment.Assignment;
import dev.mlops.core.experiment.Experiment;
import dev.mlops.core.experiment.ExperimentMode;
import dev.mlops.core.experiment.Variant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * What the server serves at one moment: the alias's version, or the two versions an experiment
 * pinned (control and treatment). Immutable and swapped whole, so a request routes against one
 * consistent state. It holds one server reference on each distinct version it serves (one for an
 * A/A experiment of a single version), dropped by {@link #retire}.
 */
final class Routing {
  private static final Pattern VERSION = Pattern.compile("v?[0-9]+");

  private final ServedModel primary;
  private final Experiment experiment;
  private final ServedModel treatment;

  private Routing(ServedModel primary, Experiment experiment, ServedModel treatment) {
    this.primary = primary;
    this.experiment = experiment;
    this.treatment = treatment;
  }

  /** Serves one version to everyone. */
  static Routing single(ServedModel model) {
    return new Routing(model, null, null);
  }

  /** Serves a running experiment's two versions. */
  static Routing experiment(Experiment experiment, ServedModel control, ServedModel treatment) {
    return new Routing(control, experiment, treatment);
  }

  /**
   * What a request of one user got: the version that answers it, its experiment and variant (null
   * without an experiment), the user (null when unknown without an experiment), whether that user
   * id was made for this request (set the cookie), and the treatment that scores it off the
   * response path in shadow mode (or null). The caller must {@link #release} it.
   */
  record Route(
      ServedModel model,
      Experiment experiment,
      String variant,
      String userId,
      boolean newUser,
      ServedModel shadow) {
    void release() {
      model.release();
      if (shadow != null) {
        shadow.release();
      }
    }
  }

  /** The alias's version, or the control while an experiment runs. */
  ServedModel primary() {
    return primary;
  }

  /** The running experiment, or null. */
  Experiment experiment() {
    return experiment;
  }

  /** The treatment's version, or null without an experiment. */
  ServedModel treatment() {
    return treatment;
  }

  /** Each distinct version served. */
  List<ServedModel> models() {
    List<ServedModel> models = new ArrayList<>(2);
    models.add(primary);
    if (treatment != null && treatment != primary) {
      models.add(treatment);
    }
    return models;
  }

  /**
   * The route of a request of {@code userId} (null: none given), with a reference on each version
   * it uses; null when a version closed meanwhile (the caller takes the current routing again).
   * Without an experiment this is the single version, and no user id is made up.
   */
  Route acquire(String userId) {
    if (experiment == null) {
      return primary.acquire() ? new Route(primary, null, null, userId, false, null) : null;
    }
    boolean newUser = userId == null;
    String user = newUser ? UUID.randomUUID().toString() : userId;
    boolean shadowMode = experiment.mode() == ExperimentMode.SHADOW;
    String variant = shadowMode ? Assignment.CONTROL : Assignment.variant(experiment, user);
    ServedModel answering = Assignment.TREATMENT.equals(variant) ? treatment : primary;
    if (!answering.acquire()) {
      return null;
    }
    if (shadowMode && !treatment.acquire()) {
      answering.release();
      return null;
    }
    return new Route(answering, experiment, variant, user, newUser, shadowMode ? treatment : null);
  }

  /** Whether this serves exactly what {@code target} asks for (then a check changes nothing). */
  boolean serves(ModelLoader.Target target) {
    if (experiment == null && target.experiment() == null) {
      return primary.info().version() == target.aliasVersion();
    }
    return experiment != null && experiment.equals(target.experiment());
  }

  /** Drops the server's reference on every version: each closes once its requests are answered. */
  void retire() {
    models().forEach(ServedModel::retire);
  }

  /** {@code v1}, or {@code experiment ab (control v1, treatment v2)}. */
  String describe() {
    return experiment == null ? primary.info().versionName() : describe(experiment);
  }

  static String describe(Experiment e) {
    return "experiment "
        + e.name()
        + " (control "
        + e.control().versionName()
        + ", treatment "
        + e.treatment().versionName()
        + ")";
  }

  /** {@code split, 50.0% of users to treatment} or {@code shadow}. */
  static String mode(Experiment e) {
    return e.mode() == ExperimentMode.SHADOW
        ? "shadow"
        : "split, " + Math.round(e.traffic() * 1000) / 10.0 + "% of users to treatment";
  }

  /** The name a variant's version is served under: its alias, or null when given as a version. */
  static String label(Variant variant) {
    String ref = variant.ref();
    return ref == null || VERSION.matcher(ref.trim().toLowerCase(Locale.ROOT)).matches()
        ? null
        : ref;
  }
}
