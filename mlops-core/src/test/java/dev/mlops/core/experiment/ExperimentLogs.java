package dev.mlops.core.experiment;

import dev.mlops.core.Json;
import dev.mlops.core.feedback.FeedbackLog;
import dev.mlops.core.feedback.FeedbackRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Writes a prediction log directory and a feedback log as the server would for an experiment,
 * seeded, and counts what it wrote: the expectations the report's numbers must equal.
 */
final class ExperimentLogs {
  /** What one variant should show. */
  static final class Expected {
    final Set<String> users = new HashSet<>();
    final Map<String, Long> classMix = new TreeMap<>();
    final List<Double> latencies = new ArrayList<>();
    long predictions;
    long shadowScored;
    long feedback;
    long corrections;
    long labelled;
    long correct;
  }

  /** A user-facing prediction and the last feedback label on it. */
  private record Prediction(String variant, String label, String shadowLabel) {}

  final Experiment experiment;
  final Map<String, Expected> expected =
      Map.of("control", new Expected(), "treatment", new Expected());
  final List<String> lines = new ArrayList<>();
  final List<String> feedbackLines = new ArrayList<>();
  private final Map<String, Prediction> predictions = new LinkedHashMap<>();
  private final Map<String, String> lastFeedback = new HashMap<>();
  private final SplittableRandom random;
  private int requests;
  long unmatchedFeedback;
  long supersededFeedback;
  long pairsBothRight;
  long pairsOnlyControl;
  long pairsOnlyTreatment;
  long pairsBothWrong;

  ExperimentLogs(Experiment experiment, long seed) {
    this.experiment = experiment;
    this.random = new SplittableRandom(seed);
  }

  /** Users u0..u(n-1), each with 1 to 3 requests of 1 image (one in ten: 2 images). */
  ExperimentLogs users(int count, Set<String> dropTreatmentUsers) {
    for (int u = 0; u < count; u++) {
      String user = "u" + u;
      String variant =
          experiment.mode() == ExperimentMode.SHADOW
              ? Assignment.CONTROL
              : Assignment.variant(experiment, user);
      boolean dropped = dropTreatmentUsers.contains(user);
      for (int q = 1 + random.nextInt(3); q > 0; q--) {
        request(user, variant, dropped);
      }
      if (u % 50 == 0) {
        lines.add(
            line(Map.of("requestId", "x" + u, "model", "digits", "label", "1", "userId", user)));
        lines.add(
            line(
                Map.of(
                    "requestId",
                    "y" + u,
                    "experiment",
                    "other",
                    "variant",
                    "control",
                    "label",
                    "1",
                    "userId",
                    user)));
      }
    }
    return this;
  }

  private void request(String user, String variant, boolean dropped) {
    String requestId = "r" + (++requests);
    int images = random.nextInt(10) == 0 ? 2 : 1;
    for (int i = 0; i < images; i++) {
      String sha = sha(requestId + "/" + i);
      String label = String.valueOf(random.nextInt(10));
      double latency = 1 + Math.floor(random.nextDouble() * 1000) / 100;
      if (dropped) {
        continue; // the server's log of this user was lost
      }
      Map<String, Object> line = new LinkedHashMap<>();
      line.put("time", "2026-12-05T20:00:00Z");
      line.put("requestId", requestId);
      line.put("model", "digits");
      line.put("version", experiment.variant(variant).versionName());
      line.put("label", label);
      line.put("confidence", 0.9);
      line.put("latencyMs", latency);
      line.put("imageSha256", sha);
      line.put("userId", user);
      line.put("experiment", experiment.name());
      line.put("variant", variant);
      line.put("futureField", List.of(1, 2));
      lines.add(line(line));
      Expected e = expected.get(variant);
      e.users.add(user);
      e.predictions++;
      e.classMix.merge(label, 1L, Long::sum);
      e.latencies.add(latency);
      String shadowLabel = shadow(line, label);
      predictions.put(requestId + "/" + sha, new Prediction(variant, label, shadowLabel));
      maybeFeedback(requestId, sha, images, label);
    }
  }

  /** In shadow mode, the treatment's score of the same image (missing for one in twenty). */
  private String shadow(Map<String, Object> userFacing, String controlLabel) {
    if (experiment.mode() != ExperimentMode.SHADOW || random.nextInt(20) == 0) {
      return null;
    }
    String label = random.nextInt(4) == 0 ? String.valueOf(random.nextInt(10)) : controlLabel;
    Map<String, Object> line = new LinkedHashMap<>(userFacing);
    line.put("variant", Assignment.TREATMENT);
    line.put("version", experiment.treatment().versionName());
    line.put("label", label);
    line.put("shadow", true);
    lines.add(line(line));
    Expected e = expected.get(Assignment.TREATMENT);
    e.users.add((String) userFacing.get("userId"));
    e.shadowScored++;
    e.classMix.merge(label, 1L, Long::sum);
    e.latencies.add((Double) userFacing.get("latencyMs"));
    return label;
  }

  private void maybeFeedback(String requestId, String sha, int images, String label) {
    if (random.nextInt(10) >= 4) {
      return;
    }
    String given =
        random.nextInt(4) == 0 ? String.valueOf((Integer.parseInt(label) + 1) % 10) : label;
    // One in five single-image records carries another hash (the image re-encoded by the page):
    // matched by the request id alone.
    String recordSha = images == 1 && random.nextInt(5) == 0 ? sha("other" + requestId) : sha;
    feedback(requestId, recordSha, label, given);
    lastFeedback.put(requestId + "/" + sha, given);
    if (random.nextInt(25) == 0) { // a person changes their mind: the later record counts
      String changed = String.valueOf(random.nextInt(10));
      feedback(requestId, sha, label, changed);
      lastFeedback.put(requestId + "/" + sha, changed);
      supersededFeedback++;
    }
  }

  /** Feedback no prediction of the experiment has. */
  ExperimentLogs unmatchedFeedback() {
    feedback("gone-1", sha("gone"), "3", "4");
    feedback(null, sha("sent-along"), "3", "3");
    unmatchedFeedback += 2;
    for (String key : predictions.keySet()) { // a two-image request and a hash of neither image
      String requestId = key.substring(0, key.indexOf('/'));
      if (predictions.keySet().stream().filter(k -> k.startsWith(requestId + "/")).count() == 2) {
        feedback(requestId, sha("neither"), "3", "5");
        unmatchedFeedback++;
        break;
      }
    }
    return this;
  }

  private void feedback(String requestId, String sha, String predicted, String label) {
    FeedbackRecord record =
        new FeedbackRecord(
            feedbackLines.size() + 1,
            "2026-12-05T21:00:00Z",
            "digits",
            "v1",
            predicted,
            label,
            false,
            requestId,
            sha,
            null,
            null);
    feedbackLines.add(new String(Json.canonical(record), StandardCharsets.UTF_8));
  }

  /** Totals the feedback per variant and, in shadow mode, the pairs. */
  ExperimentLogs finish() {
    lastFeedback.forEach(
        (key, label) -> {
          Prediction p = predictions.get(key);
          Expected e = expected.get(p.variant());
          e.feedback++;
          e.labelled++;
          boolean controlRight = label.equals(p.label());
          e.corrections += controlRight ? 0 : 1;
          e.correct += controlRight ? 1 : 0;
          if (p.shadowLabel() != null) {
            boolean treatmentRight = label.equals(p.shadowLabel());
            Expected t = expected.get(Assignment.TREATMENT);
            t.labelled++;
            t.correct += treatmentRight ? 1 : 0;
            pairsBothRight += controlRight && treatmentRight ? 1 : 0;
            pairsOnlyControl += controlRight && !treatmentRight ? 1 : 0;
            pairsOnlyTreatment += !controlRight && treatmentRight ? 1 : 0;
            pairsBothWrong += !controlRight && !treatmentRight ? 1 : 0;
          }
        });
    return this;
  }

  /**
   * Writes the first {@code rotated} lines to a rotated file, the rest to {@code predictions.jsonl}
   * with a garbage line in the middle and a torn last line (2 malformed).
   */
  void write(Path logs, Path feedbackDir, int rotated) throws IOException {
    Files.createDirectories(logs);
    Files.createDirectories(feedbackDir);
    List<String> current = new ArrayList<>(lines.subList(rotated, lines.size()));
    current.add(current.size() / 2, "this is not json {");
    Files.write(
        logs.resolve("predictions-2026-12-05T19-00-00.000Z.jsonl"), lines.subList(0, rotated));
    Files.writeString(
        logs.resolve("predictions.jsonl"),
        String.join("\n", current) + "\n{\"time\":\"2026-12-05T20:01:02.123Z\",\"requestId\":\"r9");
    Files.write(feedbackDir.resolve(FeedbackLog.FILE), feedbackLines);
  }

  private static String line(Map<String, Object> fields) {
    return new String(Json.canonical(fields), StandardCharsets.UTF_8);
  }

  private static String sha(String seed) {
    try {
      return HexFormat.of()
          .formatHex(
              java.security.MessageDigest.getInstance("SHA-256")
                  .digest(seed.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
