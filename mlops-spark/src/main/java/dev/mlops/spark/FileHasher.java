package dev.mlops.spark;

import dev.mlops.core.MlopsException;
import dev.mlops.core.data.FileNames;
import dev.mlops.core.store.Hashing;
import dev.mlops.core.store.ObjectStore;
import dev.mlops.core.store.StoreException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;

/**
 * Executor side of {@link ScanJob}: hashes the files of one partition, and stores their bytes in
 * the content-addressed store in the same pass when a store is given (the store is safe for
 * concurrent writers: each object appears atomically, and two writers of one object write the same
 * bytes). Returns the SHA-256 of each file, in partition order.
 */
final class FileHasher implements FlatMapFunction<Iterator<FileHasher.Item>, String> {
  private static final long serialVersionUID = 1L;

  /**
   * A file to hash.
   *
   * @param path path relative to the data root, as listed
   * @param size size as listed, checked against the bytes read
   */
  record Item(String path, long size) implements Serializable {}

  /** A file that could not be hashed; its message is the user's. */
  static final class ScanFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ScanFailure(String message) {
      super(message);
    }
  }

  private final DataRoot root;
  private final String store;

  FileHasher(DataRoot root, String store) {
    this.root = root;
    this.store = store;
  }

  @Override
  public Iterator<String> call(Iterator<Item> items) {
    Hashing hashing = new Hashing();
    ObjectStore objects = store == null ? null : new ObjectStore(Path.of(store));
    List<String> shas = new ArrayList<>();
    while (items.hasNext()) {
      Item item = items.next();
      shas.add(hash(item, hashing, objects));
    }
    return shas.iterator();
  }

  private String hash(Item item, Hashing hashing, ObjectStore objects) {
    try (CountingStream in = new CountingStream(root.open(item.path()))) {
      String sha = objects == null ? hashing.hash(in) : objects.put(in);
      if (in.count != item.size()) {
        throw new ScanFailure(
            where(item)
                + " changed during the scan (listed with "
                + item.size()
                + " bytes, read "
                + in.count
                + "); do not modify the data directory during the scan, then run again");
      }
      return sha;
    } catch (IOException e) {
      throw new ScanFailure(
          "cannot read "
              + where(item)
              + ": "
              + FileNames.escape(e.toString())
              + "; check that the file is readable and not being replaced during the scan");
    } catch (StoreException e) {
      throw new ScanFailure("cannot store " + where(item) + ": " + e.getMessage());
    }
  }

  private String where(Item item) {
    return FileNames.escape(root.display() + "/" + item.path());
  }

  /** The job's error for a failed Spark job: a task's own message when there is one. */
  static MlopsException failure(Exception e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ScanFailure failure) {
        return new MlopsException(failure.getMessage(), e);
      }
    }
    return new MlopsException("the Spark scan failed: " + e.getMessage(), e);
  }

  /** Counts the bytes read, to check them against the listed size. */
  private static final class CountingStream extends FilterInputStream {
    private long count;

    CountingStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      if (n > 0) {
        count += n;
      }
      return n;
    }
  }
}
