package dev.mlops.spark;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.MlopsException;
import dev.mlops.core.Remedy;
import dev.mlops.core.data.DataDirectory;
import dev.mlops.core.data.DatasetLayout;
import dev.mlops.core.data.FileNames;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.net.URI;
import java.nio.file.Files;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A data root that the driver lists and executors read. A local directory (a plain path or a {@code
 * file:} URI) is listed by the core's {@link DataDirectory} and read with java.nio, so hidden
 * files, symbolic links and every file name (a newline, a backslash, a colon) are treated exactly
 * as on one machine; any other Hadoop file system ({@code hdfs:}, {@code s3a:}) is listed and read
 * through Hadoop's FileSystem API with the same rule for hidden names. Serializable: the executors
 * get the root and the driver's Hadoop settings (credentials of {@code s3a:} included).
 */
final class DataRoot implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String display;
  private final String localDir;
  private final String uri;
  private final Map<String, String> hadoopConf;

  /** Opened once per deserialized copy, that is once per task on an executor. */
  private transient FileSystem fs;

  private DataRoot(String display, String localDir, String uri, Map<String, String> hadoopConf) {
    this.display = display;
    this.localDir = localDir;
    this.uri = uri;
    this.hadoopConf = hadoopConf;
  }

  /**
   * The root named by {@code root}: a path without scheme is a local directory.
   *
   * @param viaHadoop read even a local directory through Hadoop's API (tests of that path)
   */
  static DataRoot of(String root, Configuration conf, boolean viaHadoop) throws MlopsException {
    URI parsed = schemeOf(root) == null ? null : URI.create(root);
    if (parsed == null || ("file".equals(parsed.getScheme()) && !viaHadoop)) {
      java.nio.file.Path dir =
          (parsed == null ? java.nio.file.Path.of(root) : java.nio.file.Path.of(parsed))
              .toAbsolutePath()
              .normalize();
      if (!viaHadoop) {
        return new DataRoot(dir.toString(), dir.toString(), null, null);
      }
      parsed = dir.toUri();
    }
    Map<String, String> settings = new HashMap<>();
    conf.forEach(e -> settings.put(e.getKey(), e.getValue()));
    return new DataRoot(root, null, parsed.toString(), settings);
  }

  /** The scheme of {@code root} when it is a URI such as {@code hdfs://nn/data}, else null. */
  private static String schemeOf(String root) {
    int colon = root.indexOf(':');
    // One letter before the colon is a Windows drive, not a scheme.
    return colon > 1 && root.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+.-]*")
        ? root.substring(0, colon)
        : null;
  }

  /** The root as shown in messages. */
  String display() {
    return display;
  }

  /** Every regular, non-hidden file and every non-hidden symbolic link under the root. */
  DataDirectory.Listing list() throws MlopsException {
    try {
      if (localDir != null) {
        java.nio.file.Path dir = java.nio.file.Path.of(localDir);
        requireDirectory(Files.isDirectory(dir));
        if (DataDirectory.checkoutInterrupted(dir)) {
          throw DatasetLayout.checkoutInterrupted(display);
        }
        return DataDirectory.list(dir);
      }
      FileSystem fs = fileSystem();
      Path root = new Path(uri);
      requireDirectory(fs.exists(root) && fs.getFileStatus(root).isDirectory());
      Path journal =
          new Path(new Path(root, DataDirectory.CHECKOUT_STAGING), DataDirectory.CHECKOUT_JOURNAL);
      if (fs.exists(journal)) {
        throw DatasetLayout.checkoutInterrupted(display);
      }
      return walk(fs, root);
    } catch (IOException e) {
      throw new InvalidInputException(
          "cannot read data directory "
              + FileNames.escape(display)
              + ": "
              + FileNames.escape(e.toString())
              + "; check its permissions",
          display,
          e);
    }
  }

  private void requireDirectory(boolean isDirectory) throws InvalidInputException {
    if (!isDirectory) {
      throw new InvalidInputException(
          "data directory "
              + FileNames.escape(display)
              + " does not exist or is not a directory; create it or set dataDirectory",
          display,
          Remedy.setting("dataDirectory"));
    }
  }

  /** Lists breadth first, skipping hidden names as {@link DataDirectory} does. */
  private static DataDirectory.Listing walk(FileSystem fs, Path root) throws IOException {
    List<DataDirectory.DataFile> files = new ArrayList<>();
    List<String> links = new ArrayList<>();
    Deque<Map.Entry<Path, String>> todo = new ArrayDeque<>();
    todo.add(Map.entry(root, ""));
    while (!todo.isEmpty()) {
      Map.Entry<Path, String> dir = todo.poll();
      for (FileStatus status : fs.listStatus(dir.getKey())) {
        String name = status.getPath().getName();
        if (name.startsWith(".")) {
          continue;
        }
        String relative = dir.getValue().isEmpty() ? name : dir.getValue() + "/" + name;
        if (status.isSymlink()) {
          links.add(relative);
        } else if (status.isDirectory()) {
          todo.add(Map.entry(status.getPath(), relative));
        } else if (status.isFile()) {
          long mtimeNanos = status.getModificationTime() * 1_000_000L;
          files.add(new DataDirectory.DataFile(relative, status.getLen(), mtimeNanos));
        }
      }
    }
    return new DataDirectory.Listing(files, links);
  }

  /** Opens the file at {@code relative} (a path of the listing) for reading, on any machine. */
  InputStream open(String relative) throws IOException {
    if (localDir != null) {
      return Files.newInputStream(java.nio.file.Path.of(localDir).resolve(relative));
    }
    return fileSystem().open(new Path(new Path(uri), relative));
  }

  private FileSystem fileSystem() throws IOException {
    if (fs == null) {
      fs = openFileSystem();
    }
    return fs;
  }

  private FileSystem openFileSystem() throws IOException {
    Configuration conf = new Configuration(false);
    hadoopConf.forEach(conf::set);
    FileSystem fs = FileSystem.get(URI.create(uri), conf);
    // The checksum layer would look for hidden .crc files; the scan hashes the bytes itself.
    return fs instanceof LocalFileSystem local ? local.getRawFileSystem() : fs;
  }
}
