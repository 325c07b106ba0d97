package dev.mlops.serving;

import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON of one classified image: the answer a client gets and the prediction-log line. While an
 * experiment runs both carry {@code experiment} and {@code variant}; a shadow score's log line also
 * {@code "shadow": true}.
 */
final class Answers {
  private Answers() {}

  /** Column indexes by descending probability (ties: lower index first). */
  static Integer[] ranked(float[] probabilities) {
    Integer[] order = new Integer[probabilities.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(
        order, Comparator.comparingDouble((Integer i) -> -probabilities[i]).thenComparing(i -> i));
    return order;
  }

  /** The answer to a client: label, confidence, the top {@code topK} (0: all) probabilities. */
  static Map<String, Object> answer(
      Routing.Route route,
      float[] probabilities,
      int topK,
      double latencyMs,
      String requestId,
      String sha) {
    ServedModel model = route.model();
    List<String> labels = model.labels();
    Integer[] order = ranked(probabilities);
    int k = topK > 0 ? Math.min(topK, order.length) : order.length;
    Map<String, Object> probs = new LinkedHashMap<>();
    for (int j = 0; j < k; j++) {
      probs.put(labels.get(order[j]), (double) probabilities[order[j]]);
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("model", model.info().name());
    answer.put("version", model.info().versionName());
    answer.put("alias", model.info().alias());
    answer.put("label", labels.get(order[0]));
    answer.put("confidence", (double) probabilities[order[0]]);
    answer.put("probabilities", probs);
    answer.put("latencyMs", millis(latencyMs));
    answer.put("requestId", requestId);
    answer.put("imageSha256", sha);
    if (route.experiment() != null) {
      answer.put("experiment", route.experiment().name());
      answer.put("variant", route.variant());
    }
    return answer;
  }

  /** The prediction-log line of an answered image. */
  static Map<String, Object> logLine(
      Routing.Route route, Map<String, Object> answer, boolean kept, int bytes) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("time", Instant.now().toString());
    line.put("requestId", answer.get("requestId"));
    line.put("model", answer.get("model"));
    line.put("version", answer.get("version"));
    line.put("label", answer.get("label"));
    line.put("confidence", answer.get("confidence"));
    line.put("latencyMs", answer.get("latencyMs"));
    line.put("imageSha256", answer.get("imageSha256"));
    line.put("bytes", bytes);
    if (route.userId() != null) {
      line.put("userId", route.userId());
    }
    if (kept) {
      line.put("stored", true);
    }
    if (route.experiment() != null) {
      line.put("experiment", route.experiment().name());
      line.put("variant", route.variant());
    }
    return line;
  }

  /**
   * The log line of the treatment's shadow score of the image {@code answered} logged: the same
   * request, image and user, the treatment's version and prediction, and {@code "shadow": true}.
   */
  static Map<String, Object> shadowLine(
      Map<String, Object> answered,
      String version,
      List<String> labels,
      float[] probabilities,
      double latencyMs) {
    int top = ranked(probabilities)[0];
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("time", Instant.now().toString());
    line.put("requestId", answered.get("requestId"));
    line.put("model", answered.get("model"));
    line.put("version", version);
    line.put("label", labels.get(top));
    line.put("confidence", (double) probabilities[top]);
    line.put("latencyMs", millis(latencyMs));
    line.put("imageSha256", answered.get("imageSha256"));
    line.put("bytes", answered.get("bytes"));
    if (answered.containsKey("userId")) {
      line.put("userId", answered.get("userId"));
    }
    line.put("experiment", answered.get("experiment"));
    line.put("variant", dev.mlops.core.experiment.Assignment.TREATMENT);
    line.put("shadow", true);
    return line;
  }

  private static double millis(double ms) {
    return Math.round(ms * 1000) / 1000.0;
  }
}
