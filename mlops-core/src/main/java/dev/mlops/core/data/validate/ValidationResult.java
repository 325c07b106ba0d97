package dev.mlops.core.data.validate;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.mlops.core.AtomicFiles;
import dev.mlops.core.Json;
import dev.mlops.core.MlopsException;
import dev.mlops.core.data.Split;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What {@link DataValidator} found. The core reports; the caller decides what fails the build
 * ({@link #passed()} is false when there is any error).
 *
 * @param manifestId the id of the validated manifest
 * @param counts images per split (folder name) and class, sorted
 * @param findings errors first, then warnings, each group in check order
 * @param errors the number of findings with {@link Severity#ERROR}
 * @param warnings the number of findings with {@link Severity#WARNING}
 * @param stats cost of the validation
 * @param inputs the hash of everything the findings depend on (see {@link
 *     DataValidator#validateOrReuse}); null when not recorded
 */
// "passed" is derived: written for machines reading the file, ignored when reading it back.
@JsonIgnoreProperties(value = "passed", allowGetters = true)
public record ValidationResult(
    String manifestId,
    Map<String, Map<String, Integer>> counts,
    List<Finding> findings,
    int errors,
    int warnings,
    ValidationStats stats,
    String inputs) {
  /** Freezes the collections and checks that the error and warning counts match the findings. */
  public ValidationResult {
    Map<String, Map<String, Integer>> sorted = new TreeMap<>();
    counts.forEach(
        (split, classes) ->
            sorted.put(split, Collections.unmodifiableSortedMap(new TreeMap<>(classes))));
    counts = Collections.unmodifiableMap(sorted);
    findings = List.copyOf(findings);
    if (errors != count(findings, Severity.ERROR)
        || warnings != count(findings, Severity.WARNING)) {
      throw new IllegalArgumentException("errors/warnings do not match the findings");
    }
  }

  /** A result whose findings are ordered errors first (stable) and counted. */
  public static ValidationResult of(
      String manifestId,
      Map<String, Map<String, Integer>> counts,
      List<Finding> findings,
      ValidationStats stats) {
    List<Finding> ordered = new ArrayList<>(findings);
    ordered.sort(Comparator.comparing(Finding::severity));
    return new ValidationResult(
        manifestId,
        counts,
        ordered,
        count(ordered, Severity.ERROR),
        count(ordered, Severity.WARNING),
        stats,
        null);
  }

  /** This result recording the hash of its inputs. */
  ValidationResult withInputs(String hash) {
    return new ValidationResult(manifestId, counts, findings, errors, warnings, stats, hash);
  }

  /**
   * The result written to {@code file} by {@link #writeJson} (for a caller whose validation ran
   * elsewhere, such as a Spark job).
   *
   * @throws MlopsException naming the file when it is missing or not a validation result
   */
  public static ValidationResult read(Path file) throws MlopsException {
    try {
      return Json.mapper().readValue(file.toFile(), ValidationResult.class);
    } catch (IOException e) {
      throw new MlopsException(
          "cannot read the validation result " + file + ": " + e.getMessage(), e);
    }
  }

  /** The result in {@code file}; empty when there is none or it cannot be read. */
  static Optional<ValidationResult> readIfPresent(Path file) {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Json.mapper().readValue(file.toFile(), ValidationResult.class));
    } catch (IOException e) {
      return Optional.empty(); // of an older layout, or damaged: validate again and overwrite
    }
  }

  /** Whether the dataset has no error (warnings allowed). */
  @JsonProperty("passed")
  public boolean passed() {
    return errors == 0;
  }

  /**
   * Writes this result as indented JSON. The file is replaced atomically (a temporary file in the
   * same directory is moved over it), so readers never see half a report.
   *
   * @throws MlopsException when the file cannot be written
   */
  public void writeJson(Path file) throws MlopsException {
    try {
      AtomicFiles.write(file, Json.pretty(this));
    } catch (IOException e) {
      throw new MlopsException(
          "cannot write the validation report "
              + file
              + ": "
              + e
              + "; check the directory is writable and the disk is not full",
          e);
    }
  }

  /**
   * The console summary: counts per split and class, then each finding with severity, check id,
   * message and its files (at most {@code maxFilesPerFinding}, then "... and N more"), then one
   * verdict line.
   */
  public List<String> summaryLines(int maxFilesPerFinding) {
    List<String> lines = new ArrayList<>();
    int classes =
        (int) counts.values().stream().flatMap(m -> m.keySet().stream()).distinct().count();
    lines.add(
        String.format(
            Locale.ROOT,
            "Dataset: %d images (%s) in %d splits, %d classes; inspected in %.1f s on %d threads",
            stats.images(),
            bytes(stats.bytes()),
            counts.size(),
            classes,
            stats.inspectSeconds(),
            stats.threads()));
    List<String> splits = new ArrayList<>(counts.keySet());
    splits.sort(Comparator.comparing(s -> Split.fromDirName(s).map(Enum::ordinal).orElse(99)));
    for (String split : splits) {
      List<String> parts = new ArrayList<>();
      counts.get(split).forEach((label, n) -> parts.add(Texts.name(label) + " " + n));
      lines.add("  " + split + ": " + String.join(", ", parts));
    }
    for (Finding f : findings) {
      lines.add(f.severity() + " [" + f.check() + "] " + oneLine(f.message()));
      int shown = Math.min(f.files().size(), Math.max(0, maxFilesPerFinding));
      f.files().subList(0, shown).forEach(path -> lines.add("    " + Texts.name(path)));
      if (f.files().size() > shown) {
        lines.add("    ... and " + (f.files().size() - shown) + " more");
      }
    }
    lines.add(
        (passed() ? "Validation passed" : "Validation failed")
            + ": "
            + plural(errors, "error")
            + ", "
            + plural(warnings, "warning"));
    return lines;
  }

  /**
   * The checks escape the names they quote; this also keeps a decoder's message, or a finding
   * written by an older version, from breaking one finding into several log lines.
   */
  private static String oneLine(String message) {
    return message.replace("\n", "\\n").replace("\r", "\\r");
  }

  private static int count(List<Finding> findings, Severity severity) {
    return (int) findings.stream().filter(f -> f.severity() == severity).count();
  }

  private static String plural(int n, String word) {
    return n + " " + word + (n == 1 ? "" : "s");
  }

  private static String bytes(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KB", "MB", "GB", "TB"};
    double value = bytes / 1024.0;
    int unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }
}
