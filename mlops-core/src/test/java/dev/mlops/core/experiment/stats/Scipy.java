package dev.mlops.core.experiment.stats;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Evaluates Python expressions with scipy in Debian's {@code /usr/bin/python3} (package {@code
 * python3-scipy}, which {@code .ci/run} installs): the reference the statistics are checked
 * against. One process per test class, so the import costs once. A missing python3 or scipy fails
 * the test with the package to install; it is never skipped, or the check could silently stop
 * checking anything. Written against scipy 1.10.1 (Debian bookworm); the calls used exist unchanged
 * in later releases.
 */
public final class Scipy {
  /** The interpreter: Debian's, where {@code apt-get install python3-scipy} puts scipy. */
  public static final String PYTHON = "/usr/bin/python3";

  private static final String PRELUDE =
      "import math, sys\nimport numpy as np\nimport scipy\nimport scipy.stats as st\n";
  private static final long TIMEOUT_SECONDS = 60;

  private Scipy() {}

  /**
   * The value of each expression (names to Python expressions; {@code st} is {@code scipy.stats},
   * {@code np} numpy, {@code math} math), as {@code float(expression)}.
   */
  public static Map<String, Double> evaluate(Map<String, String> expressions) {
    StringBuilder script = new StringBuilder(PRELUDE);
    List<String> names = new ArrayList<>(expressions.keySet());
    for (String name : names) {
      script.append("print(repr(float(").append(expressions.get(name)).append(")))\n");
    }
    List<String> lines = run(script.toString());
    if (lines.size() != names.size()) {
      fail("python printed " + lines.size() + " values for " + names.size() + " expressions");
    }
    Map<String, Double> values = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      values.put(names.get(i), Double.parseDouble(lines.get(i).trim()));
    }
    return values;
  }

  private static List<String> run(String script) {
    Process process;
    try {
      process = new ProcessBuilder(PYTHON, "-c", script).start();
    } catch (IOException e) {
      throw new AssertionError(
          "cannot run " + PYTHON + " (" + e.getMessage() + "); install python3-scipy", e);
    }
    try {
      process.getOutputStream().close();
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        fail(PYTHON + " did not finish within " + TIMEOUT_SECONDS + " s");
      }
      String out = read(process.getInputStream());
      String err = read(process.getErrorStream());
      if (process.exitValue() != 0) {
        fail(
            PYTHON
                + " failed (exit "
                + process.exitValue()
                + "): "
                + err
                + (err.contains("No module named") ? "\ninstall python3-scipy" : ""));
      }
      return out.lines().toList();
    } catch (IOException e) {
      throw new AssertionError("cannot read " + PYTHON + "'s output: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new AssertionError("interrupted waiting for " + PYTHON, e);
    }
  }

  private static String read(InputStream in) throws IOException {
    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
  }
}
