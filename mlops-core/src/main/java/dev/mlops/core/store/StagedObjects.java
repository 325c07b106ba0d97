package dev.mlops.core.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Files copied into the store's batch folder while they are hashed, published as objects later: a
 * first version of many small files then reads each file once instead of once to hash it and once
 * more to store it. {@link #stage} is called from several threads (the scanner's hashing threads);
 * {@link #publish} makes the staged files durable and renames the ones the store lacks to their
 * objects' names, with {@link ObjectStore#putAll}'s guarantee: an object's name appears only by
 * renaming a file whose bytes are on disk, so a crash leaves complete objects and temporary files
 * that no reader takes for objects. {@link #close} removes whatever was not published.
 */
public final class StagedObjects implements AutoCloseable {
  private final ObjectStore store;
  private final ObjectBatch batch;
  private final Path dir;
  private final boolean chmod;

  /** How many threads should stage at once: as many as the store's batches copy on. */
  public static final int THREADS = ObjectBatch.WRITERS;

  /** Staged files found already stored, before staging stops. */
  static final int PROBE = 32;

  private final AtomicInteger next = new AtomicInteger();
  private final AtomicInteger alreadyStored = new AtomicInteger();
  private final Map<String, Boolean> folders = new ConcurrentHashMap<>();
  private final ThreadLocal<ObjectBatch.Copier> copiers =
      ThreadLocal.withInitial(ObjectBatch.Copier::new);
  private final ConcurrentLinkedQueue<Staged> staged = new ConcurrentLinkedQueue<>();
  private boolean published;

  private record Staged(int temp, String sha256) {}

  StagedObjects(ObjectStore store) throws StoreException {
    this.store = store;
    this.batch = new ObjectBatch(store);
    try {
      this.dir = batch.newBatch(ObjectBatch.FOLDERS);
      this.chmod = ObjectBatch.needsChmod(dir);
    } catch (IOException e) {
      throw new StoreException(
          "cannot create a batch folder in " + store.root() + ": " + e + "; check the path", e);
    }
  }

  /**
   * Hashes {@code file}, staging it unless staging has proved wasteful: once more than {@link
   * #PROBE} staged files were already in the store, and they are at least half of those staged (a
   * fresh clone of a project whose store holds every object, without its hash cache), the rest are
   * only hashed, so such a scan copies at most a few files for nothing.
   */
  public String hashOrStage(Path file, Hashing hashing) throws IOException {
    int present = alreadyStored.get();
    if (present > PROBE && 2 * present >= next.get()) {
      return hashing.hash(file);
    }
    String sha = stage(file);
    if (folderExists(sha) && store.has(sha)) {
      alreadyStored.incrementAndGet();
    }
    return sha;
  }

  private boolean folderExists(String sha) {
    return folders.computeIfAbsent(
        sha.substring(0, 2), f -> Files.isDirectory(store.root().resolve("objects").resolve(f)));
  }

  /** Copies {@code file} into the batch and returns the SHA-256 of the bytes copied. */
  public String stage(Path file) throws IOException {
    if (published) {
      throw new IllegalStateException("this batch is published already");
    }
    int temp = next.getAndIncrement();
    String sha = copiers.get().copy(file, ObjectBatch.temp(dir, temp), chmod);
    staged.add(new Staged(temp, sha));
    return sha;
  }

  /**
   * Makes every staged file durable and stores those whose object the store lacks (one per
   * content); call after the last {@link #stage} has returned.
   *
   * @return the SHA-256s of the objects written, each once
   */
  public List<String> publish() throws StoreException {
    published = true;
    List<Staged> all = new ArrayList<>(staged);
    List<String> shas = new ArrayList<>(all.size());
    all.forEach(s -> shas.add(s.sha256()));
    List<Integer> absent = batch.absent(shas);
    int[] temps = new int[absent.size()];
    String[] targets = new String[absent.size()];
    for (int j = 0; j < temps.length; j++) {
      temps[j] = all.get(absent.get(j)).temp();
      targets[j] = shas.get(absent.get(j));
    }
    try {
      if (temps.length > 0) {
        ObjectBatch.syncTemps(dir, temps);
        batch.publish(dir, temps, targets);
      }
    } catch (IOException e) {
      throw new StoreException(
          "cannot store " + temps.length + " files in " + store.root() + ": " + e, e);
    }
    return List.of(targets);
  }

  /**
   * The SHA-256 of every file staged (each once); after {@link #publish} the store holds them all.
   */
  public Set<String> stagedHashes() {
    Set<String> hashes = new HashSet<>();
    staged.forEach(s -> hashes.add(s.sha256()));
    return hashes;
  }

  /** Deletes the batch folder with every staged file not published. */
  @Override
  public void close() {
    ObjectBatch.deleteBatch(dir);
  }
}
