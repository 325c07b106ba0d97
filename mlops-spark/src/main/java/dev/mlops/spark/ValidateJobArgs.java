package dev.mlops.spark;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.MlopsException;
import dev.mlops.core.Progress;
import dev.mlops.core.data.SplitPolicy;
import dev.mlops.core.data.validate.ValidationConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.SparkSession;

/**
 * The command line of {@link ValidateJob}: {@code --key value} pairs named like the settings of
 * {@code validate-data} (lists comma-separated), plus {@code --master} (optional: spark-submit sets
 * it), {@code --data}, {@code --output}, {@code --splitFractions}, {@code --splitSeed}, {@code
 * --hashCache}, {@code --partitions} and {@code --failOnErrors} ({@code false}: exit 0 when the
 * validation found errors, for a caller that reads the written result, as {@code validate-data} on
 * Spark does).
 */
final class ValidateJobArgs {
  static final Set<String> KEYS =
      Set.of(
          "master",
          "data",
          "output",
          "classes",
          "maxPixels",
          "maxImbalance",
          "failOnImbalance",
          "nearDuplicateDistance",
          "minWidth",
          "minHeight",
          "threads",
          "disabledChecks",
          "splitFractions",
          "splitSeed",
          "hashCache",
          "partitions",
          "failOnErrors",
          "summary");

  static final String USAGE =
      "usage: ValidateJob [--master URL] --data DIR --output FILE [--classes a,b]"
          + " [--maxPixels N] [--maxImbalance X] [--failOnImbalance true|false]"
          + " [--nearDuplicateDistance N] [--minWidth N] [--minHeight N]"
          + " [--disabledChecks id,id] [--splitFractions 0.8,0.1,0.1] [--splitSeed N]"
          + " [--hashCache FILE] [--partitions N] [--failOnErrors true|false]"
          + " [--summary true|false]";

  /** Exit status when the data failed validation (the result is written). */
  static final int VALIDATION_ERRORS_EXIT = 1;

  /** Exit status when the job could not run. */
  static final int FAILED_EXIT = 3;

  private ValidateJobArgs() {}

  /** Parses, runs and reports; returns the exit status documented on {@link ValidateJob#main}. */
  static int main(String[] args, PrintStream out, PrintStream err) {
    Map<String, String> values;
    ValidateJobConfig config;
    boolean failOnErrors;
    boolean summary;
    try {
      values = parse(args);
      config = config(values);
      Boolean fail = bool(values, "failOnErrors");
      failOnErrors = fail == null || fail;
      Boolean print = bool(values, "summary");
      summary = print == null || print;
    } catch (InvalidInputException | IllegalArgumentException e) {
      err.println(JobArgs.ERROR_PREFIX + JobMain.oneLine(e.getMessage() + ". Usage: " + USAGE));
      return JobArgs.USAGE_EXIT;
    }
    String master = values.get("master");
    SparkSession spark =
        master == null
            ? SparkSession.builder().appName("mlops validate-data").getOrCreate()
            : SparkSessions.open(master, "mlops validate-data");
    try {
      ValidateJobResult result = ValidateJob.run(spark, config, printed(out));
      if (summary) {
        result.validation().summaryLines(20).forEach(out::println);
      }
      out.println("Wrote " + result.output());
      return result.validation().passed() || !failOnErrors ? 0 : VALIDATION_ERRORS_EXIT;
    } catch (InvalidInputException e) {
      err.println(JobArgs.ERROR_PREFIX + JobMain.oneLine(e.getMessage()));
      return JobArgs.USAGE_EXIT;
    } catch (MlopsException e) {
      err.println(JobArgs.ERROR_PREFIX + JobMain.oneLine(e.getMessage()));
      return FAILED_EXIT;
    } finally {
      spark.stop();
    }
  }

  /** Progress as lines on {@code out}, warnings marked, for whoever reads the job's output. */
  private static Progress printed(PrintStream out) {
    return new Progress() {
      @Override
      public void info(String message) {
        out.println(message);
      }

      @Override
      public void warn(String message) {
        out.println("WARNING " + message);
      }
    };
  }

  /**
   * The {@code --key value} pairs of {@code args}.
   *
   * @throws IllegalArgumentException naming an unknown, repeated or valueless key, or a missing
   *     {@code --data} or {@code --output}
   */
  static Map<String, String> parse(String[] args) {
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i += 2) {
      String key = args[i].startsWith("--") ? args[i].substring(2) : null;
      if (key == null || !KEYS.contains(key)) {
        throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
      }
      if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
        throw new IllegalArgumentException("--" + key + " needs a value");
      }
      if (values.put(key, args[i + 1]) != null) {
        throw new IllegalArgumentException("--" + key + " is given twice");
      }
    }
    List<String> missing = new ArrayList<>();
    for (String required : List.of("data", "output")) {
      if (!values.containsKey(required)) {
        missing.add("--" + required);
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException("missing " + String.join(" and ", missing));
    }
    return values;
  }

  /**
   * The job's settings from parsed {@code values}.
   *
   * @throws InvalidInputException naming the setting whose value is bad
   */
  static ValidateJobConfig config(Map<String, String> values) throws InvalidInputException {
    ValidationConfig validation =
        ValidationConfig.builder()
            .optClasses(list(values.get("classes")))
            .optMaxPixels(number(values, "maxPixels", Long::valueOf))
            .optMaxImbalance(number(values, "maxImbalance", Double::valueOf))
            .optFailOnImbalance(bool(values, "failOnImbalance"))
            .optNearDuplicateDistance(number(values, "nearDuplicateDistance", Integer::valueOf))
            .optMinWidth(number(values, "minWidth", Integer::valueOf))
            .optMinHeight(number(values, "minHeight", Integer::valueOf))
            .optThreads(number(values, "threads", Integer::valueOf))
            .optDisabledChecks(
                values.containsKey("disabledChecks")
                    ? new HashSet<>(list(values.get("disabledChecks")))
                    : null)
            .build();
    Long seed = number(values, "splitSeed", Long::valueOf);
    SplitPolicy split =
        SplitPolicy.parse(
            values.getOrDefault("splitFractions", "0.8,0.1,0.1"),
            seed == null ? SplitPolicy.DEFAULT.seed() : seed);
    Integer partitions = number(values, "partitions", Integer::valueOf);
    String hashCache = values.get("hashCache");
    return new ValidateJobConfig(
        Path.of(values.get("data")),
        Path.of(values.get("output")),
        split,
        hashCache == null ? null : Path.of(hashCache),
        validation,
        partitions == null ? 0 : partitions);
  }

  private static List<String> list(String value) {
    return value == null
        ? null
        : Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  private static <T> T number(
      Map<String, String> values, String key, java.util.function.Function<String, T> parse)
      throws InvalidInputException {
    String value = values.get(key);
    if (value == null) {
      return null;
    }
    try {
      return parse.apply(value.trim());
    } catch (NumberFormatException e) {
      throw new InvalidInputException("--" + key + " is '" + value + "'; must be a number", value);
    }
  }

  private static Boolean bool(Map<String, String> values, String key) throws InvalidInputException {
    String value = values.get(key);
    if (value == null) {
      return null;
    }
    if (!value.equals("true") && !value.equals("false")) {
      throw new InvalidInputException(
          "--" + key + " is '" + value + "'; must be true or false", value);
    }
    return Boolean.valueOf(value);
  }
}
