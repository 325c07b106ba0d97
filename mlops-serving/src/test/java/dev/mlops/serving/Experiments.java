package dev.mlops.serving;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.core.Json;
import dev.mlops.core.Progress;
import dev.mlops.core.experiment.Experiment;
import dev.mlops.core.experiment.ExperimentMode;
import dev.mlops.core.experiment.ExperimentRegistry;
import dev.mlops.core.experiment.ExperimentStart;
import dev.mlops.core.git.RegistryRepository;
import dev.mlops.core.registry.ModelRegistry;
import dev.mlops.core.store.ObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Experiments for the server tests: started and stopped as the Maven goals do (commits through
 * {@link ExperimentRegistry}) on a copy of the fixture's project, and what the server wrote.
 */
final class Experiments {
  private Experiments() {}

  /** Starts {@code name}: control {@code production} (v1), treatment v2. */
  static Experiment start(
      Path project, Path store, String name, ExperimentMode mode, double traffic) throws Exception {
    try (RegistryRepository repo = RegistryRepository.open(project)) {
      return registry(repo, store)
          .start(
              ExperimentStart.builder()
                  .setExperiment(ServingFixture.MODEL, name)
                  .setVariants("production", "v2")
                  .optMode(mode)
                  .optTraffic(traffic)
                  .build());
    }
  }

  static void stop(Path project, Path store, String name) throws Exception {
    try (RegistryRepository repo = RegistryRepository.open(project)) {
      registry(repo, store).stop(ServingFixture.MODEL, name, null, null, null);
    }
  }

  private static ExperimentRegistry registry(RegistryRepository repo, Path store) {
    return new ExperimentRegistry(
        repo, new ModelRegistry(repo, new ObjectStore(store), Progress.NONE), Progress.NONE);
  }

  /** The lines of {@code predictions.jsonl} in {@code dir}, oldest first. */
  static List<JsonNode> logLines(Path dir) {
    Path file = dir.resolve(PredictionLog.FILE);
    List<JsonNode> lines = new ArrayList<>();
    try {
      if (!Files.exists(file)) {
        return lines;
      }
      for (String line : Files.readAllLines(file)) {
        if (!line.isBlank()) {
          lines.add(Json.mapper().readTree(line));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return lines;
  }

  /** A server log that keeps every message (info and warn) with its fields. */
  static final class RecordingLog implements ServerLog {
    final List<String> infos = new CopyOnWriteArrayList<>();
    final List<String> warnings = new CopyOnWriteArrayList<>();
    final List<Map<String, Object>> fields = new CopyOnWriteArrayList<>();

    @Override
    public void info(String message, Map<String, Object> values) {
      infos.add(message);
      fields.add(values);
    }

    @Override
    public void warn(String message, Map<String, Object> values) {
      warnings.add(message);
      fields.add(values);
    }
  }
}
