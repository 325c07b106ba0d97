package dev.mlops.core.experiment;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.Json;
import dev.mlops.core.MlopsException;
import dev.mlops.core.Names;
import dev.mlops.core.Progress;
import dev.mlops.core.Remedy;
import dev.mlops.core.git.CommitResult;
import dev.mlops.core.git.RegistryEdit;
import dev.mlops.core.git.RegistryPush;
import dev.mlops.core.git.RegistryRepository;
import dev.mlops.core.git.RegistrySnapshot;
import dev.mlops.core.registry.ModelRegistry;
import dev.mlops.core.registry.ModelVersionCard;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Experiments on the registry branch: each start and stop is one compare-and-swap commit of {@code
 * experiments/<model>/<name>.json}, shared through a remote when one is given. At most one
 * experiment per model runs at a time, because two overlapping splits of the same users would
 * confound each other's results.
 */
public final class ExperimentRegistry {
  private final RegistryRepository registry;
  private final ModelRegistry models;
  private final Progress progress;

  /** Experiments of {@code registry}, whose versions {@code models} resolves. */
  public ExperimentRegistry(RegistryRepository registry, ModelRegistry models, Progress progress) {
    this.registry = registry;
    this.models = models;
    this.progress = progress;
  }

  /** Where an experiment's record lives on the registry branch. */
  public static String path(String model, String name) {
    return dir(model) + "/" + name + ".json";
  }

  private static String dir(String model) {
    return "experiments/" + model;
  }

  /**
   * Starts an experiment: resolves both variants to versions now, checks the settings, and commits
   * the record.
   *
   * @throws InvalidInputException for a bad name or setting, an unknown version or alias, a name
   *     already used, or another experiment of the model still running
   */
  public Experiment start(ExperimentStart request) throws MlopsException {
    String model = Names.requireValid(request.model(), "model");
    String name = Names.requireValid(request.name(), "experiment");
    requireRange(request.traffic(), 0, 1, "traffic", "the treatment's share of users");
    requireRange(
        request.minimumDetectableEffect(),
        0,
        1,
        "minimumDetectableEffect",
        "the smallest correction-rate difference worth detecting");
    requireRange(request.alpha(), 0, 0.5, "alpha", "the tests' false-positive rate");
    ModelVersionCard control = models.card(model, request.control());
    ModelVersionCard treatment = models.card(model, request.treatment());
    if (control.version() == treatment.version()) {
      progress.warn(
          "control and treatment are both "
              + control.versionName()
              + ": this is an A/A experiment (useful to check the setup, it cannot find a"
              + " difference)");
    }
    Experiment[] started = new Experiment[1];
    RegistryPush.Change<Experiment> change =
        () -> {
          CommitResult commit =
              registry.commit(
                  snapshot -> {
                    refuseTaken(snapshot, model, name);
                    started[0] =
                        new Experiment(
                            name,
                            model,
                            Experiment.RUNNING,
                            request.mode(),
                            request.traffic(),
                            new Variant(control.version(), request.control()),
                            new Variant(treatment.version(), request.treatment()),
                            request.hypothesis(),
                            Experiment.CORRECTION_RATE,
                            request.minimumDetectableEffect(),
                            request.alpha(),
                            now(),
                            registry.actor(),
                            null,
                            null,
                            null,
                            null);
                    return edit(started[0], startMessage(started[0]));
                  });
          return new RegistryPush.Attempt<>(started[0], commit);
        };
    Experiment result =
        new RegistryPush(registry, request.remote(), progress)
            .run(change, "the experiment start", "starting it again");
    progress.info(startMessage(result));
    return result;
  }

  /**
   * Stops a running experiment, recording the verdict and the promoted version (or null).
   *
   * @throws InvalidInputException when there is no such experiment or it already stopped
   */
  public Experiment stop(String model, String name, String verdict, String promoted, String remote)
      throws MlopsException {
    Experiment[] stopped = new Experiment[1];
    RegistryPush.Change<Experiment> change =
        () -> {
          CommitResult commit =
              registry.commit(
                  snapshot -> {
                    Experiment running = read(snapshot, model, name);
                    if (!running.running()) {
                      throw new InvalidInputException(
                          "experiment '"
                              + name
                              + "' of model '"
                              + model
                              + "' already stopped at "
                              + running.stoppedAt()
                              + " (by "
                              + running.stoppedBy()
                              + "); start a new experiment to test again",
                          name,
                          Remedy.setting("experiment"));
                    }
                    stopped[0] = running.stopped(now(), registry.actor(), verdict, promoted);
                    String message =
                        "experiment-stop "
                            + model
                            + "/"
                            + name
                            + ": "
                            + registry.actor()
                            + " stopped it"
                            + (verdict == null ? "" : " (" + verdict + ")")
                            + (promoted == null ? "" : ", promoted " + promoted);
                    return edit(stopped[0], message);
                  });
          return new RegistryPush.Attempt<>(stopped[0], commit);
        };
    return new RegistryPush(registry, remote, progress)
        .run(change, "the experiment stop", "stopping it again");
  }

  /** The experiment {@code name} of {@code model}. */
  public Experiment get(String model, String name) throws MlopsException {
    String valid = Names.requireValid(model, "model");
    String experiment = Names.requireValid(name, "experiment");
    return registry.query(s -> read(s, valid, experiment));
  }

  /** Every experiment of {@code model}, oldest start first. */
  public List<Experiment> list(String model) throws MlopsException {
    String valid = Names.requireValid(model, "model");
    return registry.query(s -> all(s, valid));
  }

  /** The running experiment of {@code model}, if any. */
  public Optional<Experiment> running(String model) throws MlopsException {
    String valid = Names.requireValid(model, "model");
    return registry.query(s -> running(s, valid));
  }

  /** The running experiment of {@code model} in {@code snapshot}, if any. */
  public static Optional<Experiment> running(RegistrySnapshot snapshot, String model)
      throws MlopsException {
    return all(snapshot, model).stream().filter(Experiment::running).findFirst();
  }

  private static List<Experiment> all(RegistrySnapshot snapshot, String model)
      throws MlopsException {
    List<Experiment> all = new ArrayList<>();
    for (String file : snapshot.list(dir(model))) {
      if (file.endsWith(".json")) {
        all.add(read(snapshot, model, file.substring(0, file.length() - ".json".length())));
      }
    }
    all.sort((a, b) -> a.startedAt().compareTo(b.startedAt()));
    return all;
  }

  private static Experiment read(RegistrySnapshot snapshot, String model, String name)
      throws MlopsException {
    String path = path(model, name);
    Optional<byte[]> bytes = snapshot.read(path);
    if (bytes.isEmpty()) {
      List<String> known = new ArrayList<>();
      for (Experiment e : all(snapshot, model)) {
        known.add(e.name());
      }
      throw new InvalidInputException(
          "model '"
              + model
              + "' has no experiment '"
              + name
              + "'"
              + (known.isEmpty() ? "; none was ever started" : "; known: " + known),
          name,
          Remedy.setting("experiment"));
    }
    try {
      return Json.mapper().readValue(bytes.get(), Experiment.class);
    } catch (IOException e) {
      throw new InvalidInputException(
          "registry file " + path + " cannot be parsed (" + e.getMessage() + ")", path, e);
    }
  }

  private static void refuseTaken(RegistrySnapshot snapshot, String model, String name)
      throws MlopsException {
    if (snapshot.read(path(model, name)).isPresent()) {
      throw new InvalidInputException(
          "model '"
              + model
              + "' already has an experiment named '"
              + name
              + "' (experiments are never reused, so their logs stay apart); choose another name",
          name,
          Remedy.setting("experiment"));
    }
    Optional<Experiment> running = running(snapshot, model);
    if (running.isPresent()) {
      throw new InvalidInputException(
          "experiment '"
              + running.get().name()
              + "' of model '"
              + model
              + "' is still running (two splits of the same users would confound each other);"
              + " stop it first (experiment-stop with experiment "
              + running.get().name()
              + ")",
          name,
          Remedy.setting("experiment"));
    }
  }

  private static void requireRange(double value, double low, double high, String key, String what)
      throws InvalidInputException {
    if (!(value > low && value < high)) {
      throw new InvalidInputException(
          key
              + " "
              + value
              + " is out of range: "
              + what
              + " must be above "
              + low
              + " and below "
              + high,
          String.valueOf(value),
          Remedy.setting(key));
    }
  }

  private static String startMessage(Experiment e) {
    return "experiment-start "
        + e.model()
        + "/"
        + e.name()
        + ": "
        + e.startedBy()
        + " started "
        + e.mode().name().toLowerCase(java.util.Locale.ROOT)
        + " control "
        + e.control().versionName()
        + " ("
        + e.control().ref()
        + ") vs treatment "
        + e.treatment().versionName()
        + " ("
        + e.treatment().ref()
        + "), "
        + Math.round(e.traffic() * 1000) / 10.0
        + "% of users to treatment";
  }

  private static RegistryEdit edit(Experiment experiment, String message) {
    return new RegistryEdit(
        message, Map.of(path(experiment.model(), experiment.name()), Json.pretty(experiment)));
  }

  private static String now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
  }
}
