package dev.mlops.spark;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.MlopsException;
import dev.mlops.core.export.OnnxClassifier;
import dev.mlops.core.model.ModelFiles;
import dev.mlops.core.model.Predictor;
import dev.mlops.core.store.Hashing;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One ONNX Runtime session (batch inference) or DJL predictor (embeddings) per model per JVM
 * (executor, or the driver on a local master), opened on first use and kept until the JVM exits.
 *
 * <p>This is the one piece of static mutable state in the project, on purpose: Spark gives a task
 * no place that outlives it, and an executor runs many short tasks, several at a time, in one JVM.
 * Opening a session per task would re-parse and re-optimise the graph for every partition and hold
 * one copy of the weights per running task; a session is thread-safe for concurrent {@code run}
 * calls, so the tasks of an executor share one. The key is the model file's SHA-256 (plus the
 * intra-op threads), so a job with another model, or the same path re-exported, never gets a stale
 * session. Sessions are not closed: the executor's exit frees them, and a long-lived JVM that runs
 * jobs with many models is not a case we have.
 */
final class ExecutorModels {
  private static final Map<String, OnnxClassifier> SESSIONS = new ConcurrentHashMap<>();

  private static final Map<String, Predictor> PREDICTORS = new ConcurrentHashMap<>();

  private ExecutorModels() {}

  /**
   * The session of the model whose bytes hash to {@code sha256}, opened from {@code bytes} (a
   * broadcast value, fetched once per executor) when this JVM has none yet.
   *
   * @param threads intra-op threads per call (1: each task computes on its own core)
   */
  static OnnxClassifier session(String sha256, Broadcasted bytes, int threads)
      throws MlopsException {
    String key = sha256 + "/" + threads;
    OnnxClassifier open = SESSIONS.get(key);
    if (open != null) {
      return open;
    }
    synchronized (SESSIONS) {
      open = SESSIONS.get(key);
      if (open == null) {
        // no spinning: idle intra-op threads would take the cores other tasks decode on
        open = OnnxClassifier.open(bytes.get(), "model " + sha256, threads, false);
        SESSIONS.put(key, open);
      }
      return open;
    }
  }

  /**
   * The DJL predictor of the model in {@code directory}, loaded when this JVM has none for the
   * directory's current parameters (keyed by the path and the SHA-256 of its params file, so a
   * re-trained model in the same place is loaded afresh). A predictor may be called concurrently,
   * so the tasks of an executor share one, as they share an ONNX Runtime session.
   *
   * @throws MlopsException when the files cannot be read or are not a model
   */
  static Predictor predictor(Path directory) throws MlopsException {
    Path dir = directory.toAbsolutePath().normalize();
    String key;
    try {
      key = dir + "/" + Hashing.sha256(dir.resolve(ModelFiles.PARAMS));
    } catch (IOException e) {
      throw new InvalidInputException(
          "cannot read the model in "
              + dir
              + ": "
              + e.getMessage()
              + "; the model directory must be readable by every executor under this path",
          dir.toString());
    }
    Predictor open = PREDICTORS.get(key);
    if (open != null) {
      return open;
    }
    synchronized (PREDICTORS) {
      open = PREDICTORS.get(key);
      if (open == null) {
        open = ModelFiles.load(dir);
        PREDICTORS.put(key, open);
      }
      return open;
    }
  }

  /** How many sessions this JVM holds (for tests: one per model, however many tasks ran). */
  static int count() {
    return SESSIONS.size();
  }

  /** The model bytes, read only when a session must be opened. */
  @FunctionalInterface
  interface Broadcasted {
    byte[] get();
  }
}
