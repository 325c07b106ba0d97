package dev.mlops.core.registry;

import dev.mlops.core.MlopsException;
import dev.mlops.core.data.version.DatasetVersions;
import dev.mlops.core.git.RegistrySnapshot;
import dev.mlops.core.registry.ModelVersionCard.DatasetRef;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Decides from one registry snapshot whether the model behind an alias is due for retraining. */
final class RetrainCheck {
  private RetrainCheck() {}

  static RetrainDecision decide(RegistrySnapshot snapshot, String name, String alias)
      throws MlopsException {
    AliasEntry entry = ModelPaths.aliases(snapshot, name).get(alias);
    if (entry == null) {
      return new RetrainDecision(
          name, alias, null, null, null, null, null, true, List.of(notSet(name, alias)));
    }
    int version = entry.version();
    DatasetRef data = ModelPaths.card(snapshot, name, version).dataset();
    int latest =
        DatasetVersions.versions(snapshot, data.name()).stream()
            .mapToInt(Integer::intValue)
            .max()
            .orElse(data.version());
    DriftRecord drift = ModelPaths.drift(snapshot, name, version).orElse(null);
    String behind = " behind " + alias + " (v" + version + ")";
    List<String> reasons = new ArrayList<>();
    if (latest > data.version()) {
      reasons.add(newerData(data, latest, behind));
    }
    if (drift != null && drift.retrainRecommended()) {
      reasons.add(drifted(drift, version));
    }
    boolean due = !reasons.isEmpty();
    if (!due) {
      reasons.add(
          "dataset "
              + data.name()
              + " v"
              + data.version()
              + behind
              + " is its newest version, and "
              + lastCheck(drift, alias, version));
    }
    return new RetrainDecision(
        name, alias, version, data.name(), data.version(), latest, drift, due, reasons);
  }

  private static String notSet(String name, String alias) {
    return "alias "
        + alias
        + " of model "
        + name
        + " is not set: no version to keep current; train and register a model, then promote"
        + " its version to "
        + alias;
  }

  /** "dataset v5 is newer than v3 that production (v3) was trained on (dataset digits, ...)". */
  private static String newerData(DatasetRef data, int latest, String behind) {
    int newer = latest - data.version();
    return "dataset v"
        + latest
        + " is newer than v"
        + data.version()
        + " that the model"
        + behind
        + " was trained on (dataset "
        + data.name()
        + (newer > 1 ? ", " + newer + " newer versions" : "")
        + "); train on it (check out dataset "
        + data.name()
        + " v"
        + latest
        + ", then train and register) and promote the result";
  }

  private static String drifted(DriftRecord drift, int version) {
    String quoted =
        drift.reasons().stream().map(r -> "\"" + r + "\"").collect(Collectors.joining("; "));
    return "the drift check of v"
        + version
        + " "
        + checked(drift)
        + " found "
        + drift.status()
        + " and recommends retraining"
        + (quoted.isEmpty() ? "" : ": " + quoted)
        + "; retrain on data that includes such images and promote the result";
  }

  private static String lastCheck(DriftRecord drift, String alias, int version) {
    if (drift == null) {
      return "no drift check is recorded for v"
          + version
          + " (record one by drift-checking new images against "
          + alias
          + ")";
    }
    String said =
        switch (drift.status()) {
          case DriftRecord.NO_DRIFT -> "said no drift";
          case DriftRecord.DRIFT -> "found drift but did not recommend retraining";
          default -> "had too little data to decide";
        };
    return "the last drift check " + checked(drift) + " " + said;
  }

  /** "at T by WHO on DIR (N images)". */
  private static String checked(DriftRecord drift) {
    return "at "
        + drift.checkedAt()
        + " by "
        + drift.checkedBy()
        + " on "
        + drift.incoming()
        + " ("
        + drift.images()
        + " images)";
  }
}
