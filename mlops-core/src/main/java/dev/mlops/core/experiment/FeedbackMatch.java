package dev.mlops.core.experiment;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.Json;
import dev.mlops.core.MlopsException;
import dev.mlops.core.Remedy;
import dev.mlops.core.feedback.FeedbackLog;
import dev.mlops.core.feedback.FeedbackRecord;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Joins the feedback log to an experiment's user-facing predictions: a record belongs to the
 * prediction with its request id and image SHA-256, or, when the record's image does not match, to
 * the request's only prediction (a request with one image). Records that match no prediction of the
 * experiment (other models, requests before it started, images sent along without a request) are
 * counted and ignored. When several records answer one prediction the last one counts: a person who
 * changed their mind meant the later label. Lines that are not feedback records are counted and
 * skipped, like the prediction log's.
 */
final class FeedbackMatch {
  /**
   * The join.
   *
   * @param feedback per index of the user-facing prediction, its feedback
   * @param records feedback records read
   * @param malformed lines that were not feedback records
   * @param unmatched records that answer no prediction of the experiment
   * @param superseded records replaced by a later one for the same prediction
   */
  record Result(
      Map<Integer, FeedbackRecord> feedback,
      long records,
      long malformed,
      long unmatched,
      long superseded) {}

  private FeedbackMatch() {}

  static Result match(Path directory, List<LoggedPrediction> predictions, Consumer<String> bad)
      throws MlopsException {
    requireDirectory(directory);
    Index index = new Index(predictions);
    Map<Integer, FeedbackRecord> feedback = new HashMap<>();
    long[] counts = new long[4]; // records, malformed, unmatched, superseded
    Path file = directory.resolve(FeedbackLog.FILE);
    if (Files.isRegularFile(file)) {
      try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        int number = 0;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          number++;
          if (line.isBlank()) {
            continue;
          }
          FeedbackRecord record = parse(line);
          if (record == null) {
            counts[1]++;
            bad.accept(file.getFileName() + ":" + number + " is not a feedback record");
            continue;
          }
          counts[0]++;
          Integer at = index.find(record);
          if (at == null) {
            counts[2]++;
          } else if (feedback.put(at, record) != null) {
            counts[3]++;
          }
        }
      } catch (IOException e) {
        throw new MlopsException("cannot read the feedback log " + file + ": " + e, e);
      }
    }
    return new Result(feedback, counts[0], counts[1], counts[2], counts[3]);
  }

  private static void requireDirectory(Path directory) throws InvalidInputException {
    if (!Files.isDirectory(directory)) {
      throw new InvalidInputException(
          "the feedback directory "
              + directory
              + " does not exist or is not a directory; set feedbackDirectory to the directory of"
              + " the server's "
              + FeedbackLog.FILE,
          directory.toString(),
          Remedy.setting("feedbackDirectory"));
    }
  }

  private static FeedbackRecord parse(String line) {
    try {
      return Json.mapper().readValue(line, FeedbackRecord.class);
    } catch (IOException | RuntimeException e) {
      return null; // not JSON, or a record without its required fields
    }
  }

  /** Predictions by request and image, and by request alone when it had one image. */
  private static final class Index {
    private final Map<String, Integer> byKey = new HashMap<>();
    private final Map<String, Integer> byRequest = new HashMap<>();

    Index(List<LoggedPrediction> predictions) {
      for (int i = 0; i < predictions.size(); i++) {
        LoggedPrediction prediction = predictions.get(i);
        if (prediction.requestId() == null) {
          continue;
        }
        byKey.putIfAbsent(prediction.key(), i);
        Integer first = byRequest.putIfAbsent(prediction.requestId(), i);
        if (first != null
            && first >= 0
            && !Objects.equals(predictions.get(first).imageSha256(), prediction.imageSha256())) {
          byRequest.put(prediction.requestId(), -1); // several images: the id alone is ambiguous
        }
      }
    }

    Integer find(FeedbackRecord record) {
      if (record.requestId() == null) {
        return null;
      }
      Integer exact = byKey.get(record.requestId() + '\0' + record.imageSha256());
      if (exact != null) {
        return exact;
      }
      Integer only = byRequest.get(record.requestId());
      return only == null || only < 0 ? null : only;
    }
  }
}
