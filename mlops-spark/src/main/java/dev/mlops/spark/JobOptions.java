package dev.mlops.spark;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.SparkSession;

/**
 * The {@code --key value} arguments of a job's {@code main}. Every problem (an unknown key, a
 * missing value or a missing required key, a bad number) is collected, so the usage message names
 * all of them at once.
 */
final class JobOptions {
  private final String usage;
  private final Map<String, String> values = new LinkedHashMap<>();
  private final List<String> problems = new ArrayList<>();

  private JobOptions(String usage) {
    this.usage = usage;
  }

  /**
   * Parses {@code args} against the allowed keys ({@code master} is always allowed).
   *
   * @param usage the usage line printed with problems
   */
  static JobOptions parse(String[] args, Set<String> keys, String usage) {
    JobOptions options = new JobOptions(usage);
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--")) {
        options.problems.add("unexpected argument '" + arg + "' (arguments are --key value)");
        continue;
      }
      String key = arg.substring(2);
      if (!key.equals("master") && !keys.contains(key)) {
        options.problems.add("unknown option --" + key);
      }
      if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
        options.problems.add("--" + key + " needs a value");
        continue;
      }
      options.values.put(key, args[++i]);
    }
    return options;
  }

  /** The value of a required key; a problem when missing. */
  String required(String key) {
    String value = values.get(key);
    if (value == null) {
      problems.add("--" + key + " is required");
    }
    return value;
  }

  /** The value of an optional key, or {@code fallback}. */
  String optional(String key, String fallback) {
    return values.getOrDefault(key, fallback);
  }

  /** An optional integer of at least {@code min}; a problem when not such a number. */
  int integer(String key, int fallback, int min) {
    String value = values.get(key);
    if (value == null) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(value.trim());
      if (n >= min) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    problems.add("--" + key + " is '" + value + "'; must be an integer >= " + min);
    return fallback;
  }

  /** The Spark master, or null to take spark-submit's ({@code spark.master}). */
  String master() {
    return values.get("master");
  }

  /**
   * The job's session: on {@code --master} when given (local masters as {@link SparkSessions#open}
   * makes them), else on the master spark-submit set.
   */
  SparkSession session(String appName) {
    String master = master();
    return master == null
        ? SparkSession.builder().appName(appName).getOrCreate()
        : SparkSessions.open(master, appName);
  }

  /**
   * Throws when any problem was found.
   *
   * @throws IllegalArgumentException naming every problem, then the usage
   */
  void check() {
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems) + "\nusage: " + usage);
    }
  }
}
