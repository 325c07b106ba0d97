package dev.mlops.core.features;

import dev.mlops.core.MlopsException;
import dev.mlops.core.Progress;
import dev.mlops.core.data.Manifest;
import dev.mlops.core.data.ManifestEntry;
import dev.mlops.core.data.version.DatasetVersions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.sqlite.SQLiteConfig;

/**
 * Feature values keyed by image SHA-256, per {@link FeatureView} version, in an embedded SQLite
 * database ({@code <store>/features/features.db}) in WAL mode: readers never wait for a writer,
 * writers take turns (each write is one short {@code BEGIN IMMEDIATE} transaction, waiting up to
 * {@link #BUSY_TIMEOUT_MILLIS} for another process's), and a row is written at most once ({@code
 * INSERT OR IGNORE}: values are pure functions of the bytes and the view version, so two processes
 * computing the same row agree). A process killed mid-way loses only its uncommitted batch:
 * synchronous=NORMAL in WAL mode keeps every committed transaction through a process crash (a power
 * loss may lose the last ones, never corrupt the database).
 *
 * <p>Open one per process and share it; its methods are thread-safe (they take turns on one
 * connection). Close it to release the database.
 */
public final class FeatureStore implements AutoCloseable {
  /** How long a writer waits for another process's transaction. */
  public static final int BUSY_TIMEOUT_MILLIS = 60_000;

  /** The database's directory under the store root. */
  public static final String DIRECTORY = "features";

  /** The database's file name. */
  public static final String FILE = "features.db";

  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  /** The largest number of keys per {@code IN (...)} query. */
  private static final int IN_CHUNK = 500;

  private final Path database;
  private final Connection connection;
  private final PreparedStatement getStatement;
  private final Map<FeatureView, Integer> viewIds = new HashMap<>();

  private FeatureStore(Path database, Connection connection) throws SQLException {
    this.database = database;
    this.connection = connection;
    this.getStatement =
        connection.prepareStatement("SELECT value FROM features WHERE view = ? AND sha256 = ?");
  }

  /**
   * Opens (creating when missing) the feature database of the object store at {@code storeRoot}.
   *
   * @throws FeatureStoreException when the database cannot be created or opened, naming its file
   */
  public static FeatureStore open(Path storeRoot) throws FeatureStoreException {
    Path db = databaseFile(storeRoot);
    try {
      Files.createDirectories(db.getParent());
    } catch (java.io.IOException e) {
      throw new FeatureStoreException(
          "cannot create the feature store directory "
              + db.getParent()
              + ": "
              + e.getMessage()
              + "; make the store directory writable or choose another with the store setting",
          e);
    }
    SQLiteConfig config = new SQLiteConfig();
    config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
    config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    Connection c = null;
    try {
      c = DriverManager.getConnection("jdbc:sqlite:" + db, config.toProperties());
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA busy_timeout = " + BUSY_TIMEOUT_MILLIS);
        s.execute("PRAGMA journal_mode = WAL");
        s.execute("PRAGMA synchronous = NORMAL");
      }
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.execute(
            "CREATE TABLE IF NOT EXISTS views (id INTEGER PRIMARY KEY, name TEXT NOT NULL,"
                + " version TEXT NOT NULL, kind TEXT NOT NULL, columns TEXT NOT NULL,"
                + " created TEXT NOT NULL, UNIQUE (name, version))");
        s.execute(
            "CREATE TABLE IF NOT EXISTS features (view INTEGER NOT NULL, sha256 TEXT NOT NULL,"
                + " value BLOB NOT NULL, PRIMARY KEY (view, sha256)) WITHOUT ROWID");
      }
      c.commit();
      c.setAutoCommit(true);
      FeatureStore store = new FeatureStore(db, c);
      c = null;
      return store;
    } catch (SQLException e) {
      throw failure("open", db, e);
    } finally {
      if (c != null) {
        try {
          c.close();
        } catch (SQLException ignored) {
          // the open failed already; that error is the one to report
        }
      }
    }
  }

  /**
   * Opens the feature database for a step that only goes faster with it (drift, baselines): null,
   * after one warning naming the failure, when it cannot be opened.
   */
  public static FeatureStore openOrWarn(Path storeRoot, Progress progress) {
    try {
      return open(storeRoot);
    } catch (FeatureStoreException e) {
      progress.warn("going on without the feature store: " + e.getMessage());
      return null;
    }
  }

  /** The database file of the object store at {@code storeRoot}. */
  public static Path databaseFile(Path storeRoot) {
    return storeRoot.toAbsolutePath().normalize().resolve(DIRECTORY).resolve(FILE);
  }

  /** The database file. */
  public Path database() {
    return database;
  }

  /**
   * The view named {@code name} whose values are current: {@link FeatureView#IMAGE_STATS} for
   * {@code image-stats}, otherwise the most recently registered version of that name.
   */
  public synchronized Optional<FeatureView> view(String name) throws FeatureStoreException {
    if (FeatureView.IMAGE_STATS_NAME.equals(name)) {
      return Optional.of(FeatureView.IMAGE_STATS);
    }
    try (PreparedStatement s =
        connection.prepareStatement(
            "SELECT name, version, kind, columns FROM views WHERE name = ? ORDER BY id DESC"
                + " LIMIT 1")) {
      s.setString(1, name);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? Optional.of(viewOf(r)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw failure("read the views of", database, e);
    }
  }

  /** Every registered view version with its row count, newest last. */
  public synchronized Map<FeatureView, Long> views() throws FeatureStoreException {
    Map<FeatureView, Long> views = new LinkedHashMap<>();
    try (Statement s = connection.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT name, version, kind, columns, (SELECT count(*) FROM features f"
                    + " WHERE f.view = v.id) FROM views v ORDER BY id")) {
      while (r.next()) {
        views.put(viewOf(r), r.getLong(5));
      }
      return views;
    } catch (SQLException e) {
      throw failure("read the views of", database, e);
    }
  }

  private static FeatureView viewOf(ResultSet r) throws SQLException {
    return new FeatureView(
        r.getString(1),
        r.getString(2),
        FeatureView.Kind.valueOf(r.getString(3)),
        List.of(r.getString(4).split(",", -1)));
  }

  /** The values of {@code sha256} in {@code view}, if stored. */
  public synchronized Optional<double[]> get(FeatureView view, String sha256)
      throws FeatureStoreException {
    Integer id = existingId(view);
    if (id == null) {
      return Optional.empty();
    }
    try {
      getStatement.setInt(1, id);
      getStatement.setString(2, sha256);
      try (ResultSet r = getStatement.executeQuery()) {
        return r.next() ? Optional.of(decode(view, r.getBytes(1))) : Optional.empty();
      }
    } catch (SQLException e) {
      throw failure("read", database, e);
    }
  }

  /** The values of {@code sha256} in the current view named {@code view}, if stored. */
  public Optional<double[]> get(String view, String sha256) throws FeatureStoreException {
    Optional<FeatureView> v = view(view);
    return v.isEmpty() ? Optional.empty() : get(v.get(), sha256);
  }

  /**
   * The stored values of those of {@code shas} that have some, in the order of {@code shas}
   * (duplicates once).
   */
  public synchronized Map<String, double[]> getAll(FeatureView view, Collection<String> shas)
      throws FeatureStoreException {
    Map<String, double[]> found = new HashMap<>();
    Integer id = existingId(view);
    if (id == null || shas.isEmpty()) {
      return new LinkedHashMap<>();
    }
    List<String> keys = new ArrayList<>(new java.util.LinkedHashSet<>(shas));
    try {
      for (int from = 0; from < keys.size(); from += IN_CHUNK) {
        List<String> chunk = keys.subList(from, Math.min(keys.size(), from + IN_CHUNK));
        String marks = String.join(",", java.util.Collections.nCopies(chunk.size(), "?"));
        try (PreparedStatement s =
            connection.prepareStatement(
                "SELECT sha256, value FROM features WHERE view = ? AND sha256 IN ("
                    + marks
                    + ")")) {
          s.setInt(1, id);
          for (int i = 0; i < chunk.size(); i++) {
            s.setString(i + 2, chunk.get(i));
          }
          try (ResultSet r = s.executeQuery()) {
            while (r.next()) {
              found.put(r.getString(1), decode(view, r.getBytes(2)));
            }
          }
        }
      }
    } catch (SQLException e) {
      throw failure("read", database, e);
    }
    Map<String, double[]> ordered = new LinkedHashMap<>();
    for (String k : keys) {
      double[] v = found.get(k);
      if (v != null) {
        ordered.put(k, v);
      }
    }
    return ordered;
  }

  /** The content hashes that have values in {@code view}. */
  public synchronized Set<String> keys(FeatureView view) throws FeatureStoreException {
    Set<String> keys = new HashSet<>();
    Integer id = existingId(view);
    if (id == null) {
      return keys;
    }
    try (PreparedStatement s =
        connection.prepareStatement("SELECT sha256 FROM features WHERE view = ?")) {
      s.setInt(1, id);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          keys.add(r.getString(1));
        }
      }
      return keys;
    } catch (SQLException e) {
      throw failure("read", database, e);
    }
  }

  /** The number of images with values in {@code view}. */
  public synchronized long count(FeatureView view) throws FeatureStoreException {
    Integer id = existingId(view);
    if (id == null) {
      return 0;
    }
    try (PreparedStatement s =
        connection.prepareStatement("SELECT count(*) FROM features WHERE view = ?")) {
      s.setInt(1, id);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? r.getLong(1) : 0;
      }
    } catch (SQLException e) {
      throw failure("read", database, e);
    }
  }

  /**
   * Stores values in one transaction; rows already stored (by this or another process) are kept as
   * they are.
   *
   * @param rows values by content hash, each of {@link FeatureView#dimension()} values
   * @return the rows that were new
   * @throws IllegalArgumentException when a key is not a SHA-256 or a row has the wrong length
   */
  public synchronized int put(FeatureView view, Map<String, double[]> rows)
      throws FeatureStoreException {
    for (Map.Entry<String, double[]> e : rows.entrySet()) {
      if (!SHA256.matcher(e.getKey()).matches()) {
        throw new IllegalArgumentException(
            "feature key '" + e.getKey() + "' is not a SHA-256 of 64 lower-case hex digits");
      }
      if (e.getValue().length != view.dimension()) {
        throw new IllegalArgumentException(
            view
                + " has "
                + view.dimension()
                + " columns, got "
                + e.getValue().length
                + " values for "
                + e.getKey());
      }
    }
    if (rows.isEmpty()) {
      return 0;
    }
    int id = register(view);
    try {
      connection.setAutoCommit(false);
      int added = 0;
      // In key order, as one batch: the B-tree is filled left to right and the statements run
      // without a JNI round trip each (about 3x faster than one executeUpdate per random key).
      try (PreparedStatement s =
          connection.prepareStatement(
              "INSERT OR IGNORE INTO features (view, sha256, value) VALUES (?, ?, ?)")) {
        for (Map.Entry<String, double[]> e : new java.util.TreeMap<>(rows).entrySet()) {
          s.setInt(1, id);
          s.setString(2, e.getKey());
          s.setBytes(3, encode(view, e.getValue()));
          s.addBatch();
        }
        for (int n : s.executeBatch()) {
          added += Math.max(0, n);
        }
      }
      connection.commit();
      return added;
    } catch (SQLException e) {
      rollback();
      throw failure("write", database, e);
    } finally {
      autoCommit();
    }
  }

  /**
   * The rows of a dataset version joined with their values: what a training set or an export of the
   * view reads. Labels come from the manifest, never from the store.
   */
  public TrainingSet trainingSet(FeatureView view, Manifest manifest) throws FeatureStoreException {
    List<ManifestEntry> entries = manifest.entries();
    Map<String, double[]> values =
        getAll(view, entries.stream().map(ManifestEntry::sha256).toList());
    List<TrainingSet.Row> rows = new ArrayList<>(entries.size());
    List<ManifestEntry> missing = new ArrayList<>();
    for (ManifestEntry e : entries) {
      double[] v = values.get(e.sha256());
      if (v == null) {
        missing.add(e);
      } else {
        rows.add(new TrainingSet.Row(e, v));
      }
    }
    return new TrainingSet(view, rows, missing);
  }

  /**
   * The rows of dataset version {@code version} of {@code dataset} in the registry {@code versions}
   * reads, joined with their values; see {@link #trainingSet(FeatureView, Manifest)}.
   *
   * @throws MlopsException when the registry has no such version or cannot be read
   */
  public TrainingSet trainingSet(
      FeatureView view, DatasetVersions versions, String dataset, int version)
      throws MlopsException {
    return trainingSet(view, versions.manifest(dataset, version));
  }

  /**
   * Computes and stores the values {@code view} lacks for {@code images}; see {@link
   * FeatureMaterializer}.
   */
  public MaterializeResult materialize(
      FeatureExtractor<?> extractor, List<ImageRef> images, int workers, Progress progress)
      throws MlopsException {
    return new FeatureMaterializer(this, workers, progress).materialize(extractor, images);
  }

  /** Materializes {@code image-stats} for {@code images} with one decoding thread per core. */
  public MaterializeResult materialize(List<ImageRef> images, Progress progress)
      throws MlopsException {
    return materialize(
        new ImageStatsExtractor(), images, Runtime.getRuntime().availableProcessors(), progress);
  }

  private Integer existingId(FeatureView view) throws FeatureStoreException {
    Integer id = viewIds.get(view);
    if (id != null) {
      return id;
    }
    try (PreparedStatement s =
        connection.prepareStatement(
            "SELECT id, kind, columns FROM views WHERE name = ? AND version = ?")) {
      s.setString(1, view.name());
      s.setString(2, view.version());
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          return null;
        }
        checkSame(view, r.getString(2), r.getString(3));
        viewIds.put(view, r.getInt(1));
        return r.getInt(1);
      }
    } catch (SQLException e) {
      throw failure("read the views of", database, e);
    }
  }

  /** The id of {@code view}, registering it first when new. */
  synchronized int register(FeatureView view) throws FeatureStoreException {
    Integer id = existingId(view);
    if (id != null) {
      return id;
    }
    try {
      connection.setAutoCommit(false);
      try (PreparedStatement s =
          connection.prepareStatement(
              "INSERT OR IGNORE INTO views (name, version, kind, columns, created)"
                  + " VALUES (?, ?, ?, ?, ?)")) {
        s.setString(1, view.name());
        s.setString(2, view.version());
        s.setString(3, view.kind().name());
        s.setString(4, String.join(",", view.columns()));
        s.setString(5, Instant.now().toString());
        s.executeUpdate();
      }
      connection.commit();
    } catch (SQLException e) {
      rollback();
      throw failure("write", database, e);
    } finally {
      autoCommit();
    }
    return existingId(view);
  }

  private void checkSame(FeatureView view, String kind, String columns)
      throws FeatureStoreException {
    if (!view.kind().name().equals(kind) || !String.join(",", view.columns()).equals(columns)) {
      throw new FeatureStoreException(
          "feature view "
              + view
              + " in "
              + database
              + " was stored with other columns ("
              + kind
              + ": "
              + (columns.length() > 80 ? columns.substring(0, 80) + "..." : columns)
              + "); a view's columns may only change with its version: raise the extractor's"
              + " version, or delete "
              + database
              + " to recompute every view");
    }
  }

  static byte[] encode(FeatureView view, double[] values) {
    if (view.isVector()) {
      ByteBuffer b =
          ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
      for (double v : values) {
        b.putFloat((float) v);
      }
      return b.array();
    }
    ByteBuffer b = ByteBuffer.allocate(values.length * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    for (double v : values) {
      b.putDouble(v);
    }
    return b.array();
  }

  private double[] decode(FeatureView view, byte[] blob) throws FeatureStoreException {
    int width = view.isVector() ? Float.BYTES : Double.BYTES;
    if (blob == null || blob.length != view.dimension() * width) {
      throw new FeatureStoreException(
          "a row of "
              + view
              + " in "
              + database
              + " has "
              + (blob == null ? 0 : blob.length)
              + " bytes, expected "
              + view.dimension() * width
              + "; the database is damaged: delete "
              + database
              + " (its values are recomputed from the images on the next run)");
    }
    ByteBuffer b = ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN);
    double[] values = new double[view.dimension()];
    for (int i = 0; i < values.length; i++) {
      values[i] = view.isVector() ? b.getFloat() : b.getDouble();
    }
    return values;
  }

  private void rollback() {
    try {
      connection.rollback();
    } catch (SQLException ignored) {
      // the failure being reported is the one that matters
    }
  }

  private void autoCommit() {
    try {
      connection.setAutoCommit(true);
    } catch (SQLException ignored) {
      // a closed connection reports its own failure on next use
    }
  }

  private static FeatureStoreException failure(String what, Path db, SQLException e) {
    return new FeatureStoreException(
        "cannot "
            + what
            + " the feature store "
            + db
            + ": "
            + e.getMessage()
            + "; check that the file is writable and not damaged (deleting it is safe: every value"
            + " is recomputed from the images)",
        e);
  }

  /** Closes the database. */
  @Override
  public synchronized void close() {
    try {
      getStatement.close();
      connection.close();
    } catch (SQLException ignored) {
      // nothing is pending: every write committed or rolled back already
    }
  }
}
