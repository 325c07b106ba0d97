package dev.mlops.spark;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The command line of a job's {@code main}: {@code --key value} pairs. Every problem is collected,
 * so one usage message names each missing, unknown or bad argument at once.
 */
public final class JobArgs {
  /** The prefix of the one line a failed job writes to standard error: its error message. */
  public static final String ERROR_PREFIX = "mlops-job-error: ";

  /** Exit code of a job whose arguments or input (data, settings) were wrong. */
  public static final int USAGE_EXIT = 2;

  /** Exit code of a job that failed. */
  public static final int FAILURE_EXIT = 1;

  private final Map<String, String> values = new LinkedHashMap<>();
  private final List<String> problems = new ArrayList<>();

  private JobArgs() {}

  /**
   * Parses {@code args} against the keys a job knows (without the leading dashes).
   *
   * @param known every key the job reads; {@code master} is always allowed
   */
  public static JobArgs parse(String[] args, Set<String> known) {
    JobArgs parsed = new JobArgs();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--") || arg.length() == 2) {
        parsed.problems.add("unexpected argument '" + arg + "' (expected --key value)");
        continue;
      }
      String key = arg.substring(2);
      if (!known.contains(key) && !key.equals("master")) {
        parsed.problems.add("unknown option --" + key);
      }
      if (i + 1 == args.length) {
        parsed.problems.add("--" + key + " needs a value");
      } else {
        parsed.values.put(key, args[++i]);
      }
    }
    return parsed;
  }

  /** The value of {@code --key}; a missing one is recorded as a problem and null returned. */
  public String required(String key) {
    String value = values.get(key);
    if (value == null) {
      problems.add("--" + key + " is required");
    }
    return value;
  }

  /** The value of {@code --key}, or {@code fallback}. */
  public String optional(String key, String fallback) {
    return values.getOrDefault(key, fallback);
  }

  /** The integer value of {@code --key}, or {@code fallback}; a bad number is a problem. */
  public long optionalLong(String key, long fallback) {
    String value = values.get(key);
    if (value == null) {
      return fallback;
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      problems.add("--" + key + " must be an integer, was '" + value + "'");
      return fallback;
    }
  }

  /**
   * An optional integer of at least {@code min}, or {@code fallback}; anything else is a problem.
   */
  public int integer(String key, int fallback, int min) {
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

  /** Records a bad value found while interpreting the arguments. */
  public void problem(String message) {
    problems.add(message);
  }

  /** Everything wrong so far, in order. */
  public List<String> problems() {
    return List.copyOf(problems);
  }

  /**
   * Exits with {@link #USAGE_EXIT} after printing the problems and {@code usage} when there is any
   * problem; returns otherwise.
   */
  public void exitOnProblems(String usage) {
    if (!problems.isEmpty()) {
      System.err.println(ERROR_PREFIX + String.join("; ", problems) + ". Usage: " + usage);
      System.exit(USAGE_EXIT);
    }
  }
}
