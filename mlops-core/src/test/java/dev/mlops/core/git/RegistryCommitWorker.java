package dev.mlops.core.git;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A separate JVM racing other processes on one registry: {@code main(projectDir, count, id)} prints
 * "ready", waits for a line on stdin so all workers start together, allocates {@code count}
 * versions containing {@code id}, and prints "attempts=N".
 */
public final class RegistryCommitWorker {
  private RegistryCommitWorker() {}

  /** Entry point run by {@link RegistryRepositoryConcurrencyTest}. */
  public static void main(String[] args) throws Exception {
    try (RegistryRepository registry = RegistryRepository.open(Path.of(args[0]))) {
      int count = Integer.parseInt(args[1]);
      System.out.println("ready");
      System.out.flush();
      new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      int attempts = 0;
      for (int i = 0; i < count; i++) {
        attempts += TestRepos.allocate(registry, args[2])[1];
      }
      System.out.println("attempts=" + attempts);
    }
  }
}
