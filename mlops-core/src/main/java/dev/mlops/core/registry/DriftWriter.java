package dev.mlops.core.registry;

import dev.mlops.core.Json;
import dev.mlops.core.MlopsException;
import dev.mlops.core.Progress;
import dev.mlops.core.git.CommitResult;
import dev.mlops.core.git.RegistryEdit;
import dev.mlops.core.git.RegistryPush;
import dev.mlops.core.git.RegistryRepository;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/** Records drift verdicts: each is one commit of {@code models/<name>/v<N>/drift.json}. */
final class DriftWriter {
  private final RegistryRepository registry;
  private final Progress progress;

  DriftWriter(RegistryRepository registry, Progress progress) {
    this.registry = registry;
    this.progress = progress;
  }

  /** Records {@code record} for the version {@code versionOrAlias} names; returns its number. */
  int record(String name, String versionOrAlias, DriftRecord record, String remote)
      throws MlopsException {
    // Stamped once, so a retry after a rejected push records the same verdict.
    DriftRecord stamped =
        record.stamped(registry.actor(), Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    return new RegistryPush(registry, remote, progress)
        .run(
            () -> recordOnce(name, versionOrAlias, stamped),
            "the drift verdict",
            "recording the drift verdict again");
  }

  private RegistryPush.Attempt<Integer> recordOnce(
      String name, String versionOrAlias, DriftRecord record) throws MlopsException {
    int[] version = new int[1];
    CommitResult commit =
        registry.commit(
            snapshot -> {
              // An alias resolves on the snapshot the commit is made on, not on an older one.
              version[0] = ModelPaths.resolve(snapshot, name, versionOrAlias);
              return new RegistryEdit(
                  message(name, version[0], record),
                  Map.of(ModelPaths.driftPath(name, version[0]), Json.pretty(record)));
            });
    progress.info(
        "Committed the drift verdict of model "
            + name
            + " v"
            + version[0]
            + " ("
            + record.verdict()
            + ") to "
            + ModelPaths.driftPath(name, version[0])
            + " on the registry branch "
            + RegistryRepository.BRANCH);
    return new RegistryPush.Attempt<>(version[0], commit);
  }

  /** "drift NAME vN: WHO recorded VERDICT from INCOMING": the audit line of {@code git log}. */
  private static String message(String name, int version, DriftRecord record) {
    return "drift "
        + name
        + " v"
        + version
        + ": "
        + record.checkedBy()
        + " recorded "
        + record.verdict()
        + " from "
        + record.incoming();
  }
}
