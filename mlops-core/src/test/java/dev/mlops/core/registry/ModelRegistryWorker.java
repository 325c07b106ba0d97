package dev.mlops.core.registry;

import dev.mlops.core.Progress;
import dev.mlops.core.git.RegistryRepository;
import dev.mlops.core.store.ObjectStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A separate JVM racing other processes on one registry: {@code main(projectDir, storeRoot,
 * modelDir)} prints "ready", waits for a line on stdin so all workers start together, registers the
 * model, points {@code production} at the new version, and prints "version=N".
 */
public final class ModelRegistryWorker {
  private ModelRegistryWorker() {}

  /** Entry point run by {@link ModelRegistryConcurrencyTest}. */
  public static void main(String[] args) throws Exception {
    try (RegistryRepository registry = RegistryRepository.open(Path.of(args[0]))) {
      ModelRegistry models =
          new ModelRegistry(registry, new ObjectStore(Path.of(args[1])), Progress.NONE);
      System.out.println("ready");
      System.out.flush();
      new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      int version =
          models
              .register(new RegisterRequest("pets-cnn", Path.of(args[2]), null, "pets"))
              .card()
              .version();
      models.promote("pets-cnn", "production", "v" + version, ChampionGate.recorded(1), true);
      System.out.println("version=" + version);
    }
  }
}
