package dev.mlops.core.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The child process of {@link StoreCrashTest}: stores the files of one folder into fresh stores
 * {@code <stores>/<n>}, one batch after another, until it is killed: even stores by {@link
 * ObjectStore#putAll}, odd ones by {@link StagedObjects}. Prints {@code ready} once warmed up, and
 * {@code done <n>} after each batch returned, so the parent knows which stores the API reported
 * complete.
 */
public final class StoreCrashChild {
  private StoreCrashChild() {}

  /** Usage: {@code StoreCrashChild <files folder> <stores folder>}. */
  public static void main(String[] args) throws Exception {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> all = Files.list(Path.of(args[0]))) {
      all.sorted().forEach(files::add);
    }
    Path stores = Path.of(args[1]);
    new ObjectStore(stores.resolve("warm-up")).putAll(files);
    System.out.println("ready");
    System.out.flush();
    for (int n = 0; ; n++) {
      ObjectStore store = new ObjectStore(stores.resolve(Integer.toString(n)));
      if (n % 2 == 0) {
        store.putAll(files);
      } else {
        // The other way objects are written: staged while hashed, then published.
        try (StagedObjects staged = store.stage()) {
          Hashing hashing = new Hashing();
          for (Path f : files) {
            staged.hashOrStage(f, hashing);
          }
          staged.publish();
        }
      }
      System.out.println("done " + n);
      System.out.flush();
    }
  }
}
