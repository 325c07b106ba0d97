package dev.mlops.core.fuzz;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The mutated files that once failed the fuzzer, kept under {@code fuzz/regressions/} in the core's
 * test resources and listed in its {@code index.txt} (read from the class path, so the core's
 * test-jar carries them to serving's tests and to the benchmark).
 */
public final class FuzzRegressions {
  private static final String DIR = "/fuzz/regressions/";

  /**
   * One regression file.
   *
   * @param name its file name
   * @param why what went wrong before the fix
   * @param bytes its content
   */
  public record Regression(String name, String why, byte[] bytes) {}

  private FuzzRegressions() {}

  /** Every regression file, in index order. */
  public static List<Regression> all() {
    List<Regression> out = new ArrayList<>();
    try (InputStream index = open("index.txt");
        BufferedReader lines =
            new BufferedReader(new InputStreamReader(index, StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] parts = line.split("\t", 2);
        try (InputStream file = open(parts[0])) {
          out.add(new Regression(parts[0], parts[1], file.readAllBytes()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return List.copyOf(out);
  }

  private static InputStream open(String name) throws IOException {
    InputStream in = FuzzRegressions.class.getResourceAsStream(DIR + name);
    if (in == null) {
      throw new IOException("missing test resource " + DIR + name);
    }
    return in;
  }
}
