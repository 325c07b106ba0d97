package dev.mlops.core.predict;

import dev.mlops.core.EngineThreads;
import dev.mlops.core.InvalidInputException;
import dev.mlops.core.MlopsException;
import dev.mlops.core.Progress;
import dev.mlops.core.Remedy;
import dev.mlops.core.export.OnnxClassifier;
import dev.mlops.core.export.OnnxExporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Batch inference on one machine: every image under a directory through an exported ONNX model into
 * one Parquet file ({@link PredictionsWriter} describes the columns). Decoding threads prepare the
 * next batches while one engine thread (large stack, see {@link EngineThreads}) runs the current
 * one and writes its rows, in the sorted order of the paths.
 */
public final class BatchPrediction {
  /** A progress line at most this often: long runs show progress, short ones stay quiet. */
  private static final long PROGRESS_INTERVAL_NANOS = 10_000_000_000L;

  /** Batches prepared ahead of the one being run: decoders stay busy, tensors stay few. */
  private static final int BATCHES_AHEAD = 2;

  /** Errors kept for the log. */
  private static final int KEPT_ERRORS = 10;

  private final Progress progress;

  /** A runner that reports on {@code progress}. */
  public BatchPrediction(Progress progress) {
    this.progress = progress;
  }

  /**
   * Predicts every image of the request's directory and writes the file.
   *
   * @throws InvalidInputException when the model or the directory is missing
   * @throws MlopsException when the model cannot be loaded or the file cannot be written
   */
  public PredictResult run(PredictRequest request) throws MlopsException {
    long start = System.nanoTime();
    Path modelFile = modelFile(request.model());
    List<String> paths = list(request.incoming());
    progress.info(
        "predict: " + paths.size() + " images in " + request.incoming() + " with " + modelFile);
    // No spinning: between batches idle intra-op threads would spin on the cores the decoding
    // threads need (as in the server).
    try (OnnxClassifier model = OnnxClassifier.open(modelFile, request.threads(), false)) {
      BatchPredictor predictor =
          new BatchPredictor(model, request.batchSize(), request.maxPixels());
      return EngineThreads.call("mlops-predict", () -> write(predictor, request, paths, start));
    }
  }

  /**
   * The ONNX file of {@code model}: the file itself, or {@code model.onnx} in a directory.
   *
   * @throws InvalidInputException naming the path when there is no such file
   */
  public static Path modelFile(Path model) throws InvalidInputException {
    Path file = Files.isDirectory(model) ? model.resolve(OnnxExporter.FP32_FILE) : model;
    if (!Files.isRegularFile(file)) {
      throw new InvalidInputException(
          file
              + " does not exist: export the model first (export-onnx), or name a registered"
              + " version, an ONNX file or a directory holding "
              + OnnxExporter.FP32_FILE,
          file.toString(),
          Remedy.setting("modelFile", "version"));
    }
    return file;
  }

  /**
   * The image files under {@code dir}: {@code /}-separated relative paths, sorted, hidden files and
   * directories left out. Every file is listed; one that is not an image gets an error row.
   *
   * @throws InvalidInputException when {@code dir} is not a directory
   */
  public static List<String> list(Path dir) throws MlopsException {
    if (!Files.isDirectory(dir)) {
      throw new InvalidInputException(
          dir + " is not a directory: name the directory of images to predict",
          dir.toString(),
          Remedy.setting("incoming"));
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(Files::isRegularFile)
          .map(f -> dir.relativize(f))
          .filter(BatchPrediction::visible)
          .map(r -> r.toString().replace(r.getFileSystem().getSeparator(), "/"))
          .sorted()
          .toList();
    } catch (IOException | java.io.UncheckedIOException e) {
      throw new MlopsException("cannot list " + dir + ": " + e.getMessage(), e);
    }
  }

  private static boolean visible(Path relative) {
    for (Path part : relative) {
      if (part.toString().startsWith(".")) {
        return false;
      }
    }
    return true;
  }

  private PredictResult write(
      BatchPredictor predictor, PredictRequest request, List<String> paths, long start)
      throws MlopsException {
    Path output = request.output();
    ExecutorService pool =
        Executors.newFixedThreadPool(request.workers(), BatchPrediction::decoder);
    try (PredictionsWriter writer = PredictionsWriter.open(output, predictor.labels())) {
      Deque<List<Future<BatchPredictor.Prepared>>> pending = new ArrayDeque<>();
      List<String> errors = new ArrayList<>();
      long failed = 0;
      int next = 0;
      long lastReport = start;
      while (next < paths.size() || !pending.isEmpty()) {
        while (pending.size() <= BATCHES_AHEAD && next < paths.size()) {
          int end = Math.min(paths.size(), next + predictor.batchSize());
          List<Future<BatchPredictor.Prepared>> batch = new ArrayList<>();
          for (String path : paths.subList(next, end)) {
            batch.add(pool.submit(() -> predictor.prepare(request.incoming(), path)));
          }
          pending.add(batch);
          next = end;
        }
        for (Prediction p : predictor.finish(await(pending.removeFirst()))) {
          writer.write(p);
          if (!p.ok()) {
            failed++;
            if (errors.size() < KEPT_ERRORS) {
              errors.add(p.error());
            }
          }
        }
        long now = System.nanoTime();
        if (now - lastReport >= PROGRESS_INTERVAL_NANOS && writer.rows() < paths.size()) {
          lastReport = now;
          progress.info(progressLine(writer.rows(), paths.size(), start));
        }
      }
      long bytes = writer.commit();
      return new PredictResult(
          output.toAbsolutePath().normalize(),
          paths.size(),
          failed,
          errors,
          bytes,
          (System.nanoTime() - start) / 1e9);
    } catch (IOException e) {
      throw new MlopsException(
          "cannot write the predictions "
              + output
              + ": "
              + e.getMessage()
              + "; check that its directory is writable and has space",
          e);
    } finally {
      pool.shutdownNow();
    }
  }

  private static Thread decoder(Runnable r) {
    Thread t = new Thread(r, "mlops-predict-decode");
    t.setDaemon(true);
    return t;
  }

  private static List<BatchPredictor.Prepared> await(List<Future<BatchPredictor.Prepared>> batch)
      throws MlopsException {
    List<BatchPredictor.Prepared> out = new ArrayList<>(batch.size());
    for (Future<BatchPredictor.Prepared> f : batch) {
      try {
        out.add(f.get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new MlopsException("interrupted while decoding images", e);
      } catch (ExecutionException e) {
        throw new MlopsException("decoding images failed: " + e.getCause(), e.getCause());
      }
    }
    return out;
  }

  private static String progressLine(long done, int total, long start) {
    double seconds = (System.nanoTime() - start) / 1e9;
    double rate = done / Math.max(seconds, 1e-9);
    return String.format(
        Locale.ROOT,
        "predict: %d/%d images, %.0f images/s, ETA %.0f s",
        done,
        total,
        rate,
        (total - done) / Math.max(rate, 1e-9));
  }
}
