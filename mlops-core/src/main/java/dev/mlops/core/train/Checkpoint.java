package dev.mlops.core.train;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import dev.mlops.core.AtomicFiles;
import dev.mlops.core.Json;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;

/**
 * The training checkpoint in the work directory: one file holding everything a resumed run needs to
 * continue bit for bit -- the state (fingerprint, last finished epoch, history, seed), the best
 * weights so far, the current weights and the optimizer state. Written atomically after every epoch
 * (temporary file, fsync, rename), so a process killed at any moment leaves either the previous or
 * the new checkpoint. The random state needs no bytes: every random choice of epoch {@code e} is a
 * function of {@code (seed, e)}.
 */
final class Checkpoint {
  /** The file name in the work directory. */
  static final String FILE = "checkpoint.bin";

  private static final String MAGIC = "mlops-checkpoint";
  private static final int FORMAT = 1;
  private static final String END = "end";

  private final Path file;

  Checkpoint(Path workDir) {
    this.file = workDir.resolve(FILE);
  }

  /**
   * What a checkpoint records besides arrays.
   *
   * @param fingerprint the run's fingerprint; a checkpoint of another fingerprint is ignored
   * @param epoch the last finished epoch
   * @param history the statistics of epochs 1..epoch
   * @param seed the run's seed; with {@code epoch + 1} it is the position of every random stream
   * @param nextEngineSeed the engine seed the next epoch starts from (recorded for inspection; it
   *     is {@link TrainingRun#epochSeed}{@code (seed, epoch + 1)})
   */
  record State(
      String fingerprint, int epoch, List<EpochStats> history, long seed, long nextEngineSeed) {
    State {
      history = List.copyOf(history);
    }

    /** The state after {@code epoch} of a run of {@code seed}. */
    static State after(String fingerprint, int epoch, List<EpochStats> history, long seed) {
      return new State(fingerprint, epoch, history, seed, TrainingRun.epochSeed(seed, epoch + 1));
    }
  }

  /** Where the checkpoint lives. */
  Path file() {
    return file;
  }

  /** Writes the checkpoint atomically, streaming the weights and optimizer state to disk. */
  void write(State state, byte[] bestParams, Block block, ParameterUpdater updater)
      throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path temp = Files.createTempFile(dir, "." + FILE, ".tmp");
    try {
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE);
          DataOutputStream out =
              new DataOutputStream(
                  new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16))) {
        out.writeUTF(MAGIC);
        out.writeInt(FORMAT);
        writeBlob(out, Json.canonical(state));
        writeBlob(out, bestParams);
        block.saveParameters(out);
        updater.save(out);
        out.writeUTF(END);
        out.flush();
        channel.force(true);
      }
      AtomicFiles.moveIntoPlace(temp, file);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /**
   * The state of the checkpoint, without reading its arrays; empty when there is none or it is not
   * a readable checkpoint of this format (a checkpoint of an older core is simply not resumed).
   */
  Optional<State> readState() {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try (DataInputStream in = open()) {
      return Optional.of(Json.mapper().readValue(readBlob(in), State.class));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * Loads the current weights into {@code block} and the optimizer state into {@code updater};
   * returns the best weights so far (DJL parameter bytes).
   */
  byte[] restore(Block block, NDManager manager, ParameterUpdater updater) throws IOException {
    try (DataInputStream in = open()) {
      readBlob(in);
      byte[] best = readBlob(in);
      block.loadParameters(manager, in);
      updater.load(in);
      if (!END.equals(in.readUTF())) {
        throw new IOException("checkpoint " + file + " has trailing data");
      }
      return best;
    } catch (MalformedModelException | EOFException e) {
      throw new IOException("checkpoint " + file + " is damaged: " + e.getMessage(), e);
    }
  }

  /** Removes temporary files of checkpoint writes that a killed process left behind. */
  void deleteTemporaryFiles() throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (DirectoryStream<Path> temps = Files.newDirectoryStream(dir, "." + FILE + "*.tmp")) {
      for (Path temp : temps) {
        Files.deleteIfExists(temp);
      }
    }
  }

  /** Removes the checkpoint (after the run's outputs are written). */
  void delete() throws IOException {
    Files.deleteIfExists(file);
  }

  /**
   * Removes the checkpoint when it belongs to {@code fingerprint}, whose model is complete (a run
   * killed between sealing its outputs and removing its checkpoint leaves one behind).
   */
  void deleteIfOf(String fingerprint) {
    Optional<State> state = readState();
    if (state.isPresent() && state.get().fingerprint().equals(fingerprint)) {
      try {
        delete();
      } catch (IOException e) {
        // Only disk space is at stake; the next training run replaces the file anyway.
      }
    }
  }

  /** The bytes of {@code block}'s parameters, in DJL's parameter format. */
  static byte[] parameterBytes(Block block) throws IOException {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      block.saveParameters(out);
    }
    return bytes.toByteArray();
  }

  /** Loads parameter bytes written by {@link #parameterBytes} into {@code block}. */
  static void loadParameterBytes(Block block, NDManager manager, byte[] params) throws IOException {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(params))) {
      block.loadParameters(manager, in);
    } catch (MalformedModelException e) {
      throw new IOException("parameters do not fit the model: " + e.getMessage(), e);
    }
  }

  private DataInputStream open() throws IOException {
    DataInputStream in =
        new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16));
    try {
      if (!MAGIC.equals(in.readUTF()) || in.readInt() != FORMAT) {
        throw new IOException(file + " is not a checkpoint of format " + FORMAT);
      }
      return in;
    } catch (IOException e) {
      in.close();
      throw e;
    }
  }

  private static void writeBlob(DataOutputStream out, byte[] bytes) throws IOException {
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  private static byte[] readBlob(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length < 0) {
      throw new IOException("negative length in checkpoint");
    }
    byte[] bytes = new byte[length];
    in.readFully(bytes);
    return bytes;
  }
}
