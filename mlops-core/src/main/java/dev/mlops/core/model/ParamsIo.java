package dev.mlops.core.model;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.mlops.core.AtomicFiles;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Reads and writes DJL parameter files ({@link Block#saveParameters}) and checks what was read. */
final class ParamsIo {
  private static final int BUFFER = 1 << 16;
  private static final byte[] HEADER = {1, 0, 0, 0, 1};

  private ParamsIo() {}

  /** Whether {@code start} (the first bytes of a file) begins as a graph block's params file. */
  static boolean startsLikeParams(byte[] start) {
    return start.length >= HEADER.length
        && Arrays.equals(Arrays.copyOf(start, HEADER.length), HEADER);
  }

  /** Writes the parameters of an initialised block so that readers never see a partial file. */
  static void write(Path file, Block block) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path temp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
    try {
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE);
          DataOutputStream out =
              new DataOutputStream(
                  new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER))) {
        block.saveParameters(out);
        out.flush();
        channel.force(true);
      }
      AtomicFiles.moveIntoPlace(temp, file);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /**
   * Loads {@code file} into {@code block}, whose arrays are then owned by {@code manager}. DJL
   * checks parameter names but not shapes; compare with {@link #mismatch} afterwards.
   *
   * @throws MalformedModelException when the file was written by a block of another structure
   */
  static void read(Path file, Block block, NDManager manager)
      throws IOException, MalformedModelException {
    try (DataInputStream in =
        new DataInputStream(new BufferedInputStream(Files.newInputStream(file), BUFFER))) {
      checkHeader(in);
      try {
        block.loadParameters(manager, in);
      } catch (RuntimeException e) {
        // DJL decodes shapes and arrays from the bytes before it can tell they belong to
        // another structure, and fails with whatever that produces.
        throw new MalformedModelException(e.toString(), e);
      }
      if (in.read() != -1) {
        throw new MalformedModelException("the file continues after the model's last parameter");
      }
    }
  }

  /**
   * Rejects files that cannot have been written by a graph block before DJL reads lengths from
   * them: an arbitrary file could otherwise ask for an array of gigabytes. A graph block writes its
   * format version (1) and then the number of its input shapes (1).
   */
  private static void checkHeader(DataInputStream in) throws IOException, MalformedModelException {
    in.mark(HEADER.length);
    byte[] header = in.readNBytes(HEADER.length);
    in.reset();
    if (!Arrays.equals(header, HEADER)) {
      throw new MalformedModelException(
          "not a parameter file written by this project (it starts with "
              + java.util.HexFormat.of().formatHex(header)
              + ")");
    }
  }

  /** The first difference between the block's loaded arrays and {@code expected}, if any. */
  static Optional<String> mismatch(Block block, List<ParameterSpec> expected) {
    List<Pair<String, Parameter>> actual = block.getParameters().stream().toList();
    if (actual.size() != expected.size()) {
      return Optional.of(actual.size() + " parameter arrays, expected " + expected.size());
    }
    for (int i = 0; i < actual.size(); i++) {
      ParameterSpec spec = expected.get(i);
      long[] shape = actual.get(i).getValue().getArray().getShape().getShape();
      long[] wanted = spec.shape().stream().mapToLong(Long::longValue).toArray();
      if (!actual.get(i).getKey().equals(spec.name()) || !Arrays.equals(shape, wanted)) {
        return Optional.of(
            "parameter '"
                + spec.name()
                + "' has shape "
                + Arrays.toString(shape)
                + " in the file, the model needs "
                + Arrays.toString(wanted));
      }
    }
    return Optional.empty();
  }
}
