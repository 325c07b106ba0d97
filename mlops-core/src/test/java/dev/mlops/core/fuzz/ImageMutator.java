package dev.mlops.core.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Seeded mutations of real PNG and JPEG files: the same seed gives the same files on every machine.
 * Each mutant applies one to three mutations aimed at what image parsers get wrong: truncation, bit
 * flips, header dimensions inflated to pixel bombs (PNG CRC fixed or not), chunk lengths and CRCs,
 * huge metadata (PNG iCCP/zTXt that inflate to megabytes, JPEG APP1/APP2 segments), progressive
 * JPEG scans with absurd spectral selection or by the thousand, empty files and random bytes behind
 * a valid magic number.
 */
public final class ImageMutator {
  private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  private static final int[] DIMENSIONS = {0, 1, 65_535, 100_000, 1 << 20, 0x7fff_ffff, -1};

  /**
   * One mutated file.
   *
   * @param name a file name that says where it came from, e.g. {@code m00012-png-rgb-24.png}
   * @param mutations what was done, e.g. {@code truncate@113+flip-bits}
   * @param bytes the content
   */
  public record Mutant(String name, String mutations, byte[] bytes) {}

  private final List<FuzzSeeds.Seed> seeds;
  private final SplittableRandom random;
  private int count;

  /** A mutator over {@link FuzzSeeds#all()}. */
  public ImageMutator(long seed) {
    this.seeds = FuzzSeeds.all();
    this.random = new SplittableRandom(seed);
  }

  /** The next mutant. */
  public Mutant next() {
    FuzzSeeds.Seed seed = seeds.get(random.nextInt(seeds.size()));
    byte[] bytes = seed.bytes().clone();
    List<String> done = new ArrayList<>();
    int rounds = 1 + (random.nextInt(4) == 0 ? 1 + random.nextInt(2) : 0);
    for (int i = 0; i < rounds; i++) {
      Mutated m = mutate(bytes);
      bytes = m.bytes;
      done.add(m.what);
    }
    String name = String.format("m%05d-%s.%s", count++, seed.name(), seed.extension());
    return new Mutant(name, String.join("+", done), bytes);
  }

  private record Mutated(String what, byte[] bytes) {}

  private Mutated mutate(byte[] in) {
    boolean png = isPng(in);
    switch (random.nextInt(12)) {
      case 0:
        int at = in.length == 0 ? 0 : random.nextInt(in.length);
        return new Mutated("truncate@" + at, Arrays.copyOf(in, at));
      case 1:
      case 2:
        return flipBits(in);
      case 3:
      case 4:
        return png ? inflatePng(in) : inflateJpeg(in);
      case 5:
        return png ? chunkLength(in) : segmentLength(in);
      case 6:
        return png ? chunkCrc(in) : jpegScans(in);
      case 7:
        return png ? hugeZChunk(in) : hugeAppSegments(in);
      case 8:
        return png ? lyingChunk(in) : jpegScans(in);
      case 9:
        return random.nextInt(8) == 0 ? new Mutated("empty", new byte[0]) : magicAndNoise(png);
      case 10:
        return setBytes(in);
      default:
        return png ? flipBits(in) : manyScans(in);
    }
  }

  private Mutated flipBits(byte[] in) {
    byte[] out = in.clone();
    int flips = 1 + random.nextInt(8);
    for (int i = 0; i < flips && out.length > 0; i++) {
      int at = random.nextInt(out.length);
      out[at] ^= (byte) (1 << random.nextInt(8));
    }
    return new Mutated("flip-bits" + flips, out);
  }

  private Mutated setBytes(byte[] in) {
    byte[] out = in.clone();
    byte[] values = {0, (byte) 0xff, 0x7f, (byte) 0x80, 1};
    int n = 1 + random.nextInt(4);
    for (int i = 0; i < n && out.length > 0; i++) {
      out[random.nextInt(out.length)] = values[random.nextInt(values.length)];
    }
    return new Mutated("set-bytes" + n, out);
  }

  private Mutated magicAndNoise(boolean png) {
    byte[] magic = png ? PNG_MAGIC : new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff};
    byte[] out = new byte[magic.length + random.nextInt(4096)];
    for (int i = magic.length; i < out.length; i++) {
      out[i] = (byte) random.nextInt(256);
    }
    System.arraycopy(magic, 0, out, 0, magic.length);
    return new Mutated("magic-noise", out);
  }

  // ---- PNG ----

  static boolean isPng(byte[] b) {
    return b.length >= 8 && Arrays.equals(Arrays.copyOf(b, 8), PNG_MAGIC);
  }

  /** Offsets of the chunks' length fields, as far as the lengths can be followed. */
  private static List<Integer> chunks(byte[] b) {
    List<Integer> offsets = new ArrayList<>();
    int at = 8;
    while (at + 12 <= b.length && offsets.size() < 10_000) {
      offsets.add(at);
      long len = ByteBuffer.wrap(b, at, 4).getInt() & 0xffff_ffffL;
      at += 12 + (int) Math.min(len, b.length);
    }
    return offsets;
  }

  private int dimension() {
    int d = DIMENSIONS[random.nextInt(DIMENSIONS.length)];
    return d == -1 ? 4_097 + random.nextInt(60_000) : d;
  }

  private Mutated inflatePng(byte[] in) {
    if (in.length < 33) {
      return flipBits(in);
    }
    byte[] out = in.clone();
    ByteBuffer buf = ByteBuffer.wrap(out);
    int which = random.nextInt(3);
    int width = which == 1 ? buf.getInt(16) : dimension();
    int height = which == 0 ? buf.getInt(20) : dimension();
    buf.putInt(16, width);
    buf.putInt(20, height);
    boolean fixCrc = random.nextBoolean();
    if (fixCrc) {
      fixCrc(out, 8);
    }
    return new Mutated("png-ihdr-" + width + "x" + height + (fixCrc ? "-crc-ok" : ""), out);
  }

  private static void fixCrc(byte[] b, int chunk) {
    int len = ByteBuffer.wrap(b, chunk, 4).getInt();
    if (len < 0 || chunk + 12L + len > b.length) {
      return;
    }
    CRC32 crc = new CRC32();
    crc.update(b, chunk + 4, 4 + len);
    ByteBuffer.wrap(b).putInt(chunk + 8 + len, (int) crc.getValue());
  }

  private Mutated chunkLength(byte[] in) {
    List<Integer> chunks = chunks(in);
    if (chunks.isEmpty()) {
      return flipBits(in);
    }
    byte[] out = in.clone();
    int at = chunks.get(random.nextInt(chunks.size()));
    int[] lengths = {0, 1, 0x7fff_ffff, 0xffff_ffff, 0x8000_0000, 1 << 20};
    int len = random.nextInt(3) == 0 ? random.nextInt(1 << 16) : lengths[random.nextInt(6)];
    ByteBuffer.wrap(out).putInt(at, len);
    return new Mutated("png-chunk-length@" + at + "=" + Integer.toUnsignedString(len), out);
  }

  private Mutated chunkCrc(byte[] in) {
    List<Integer> chunks = chunks(in);
    if (chunks.isEmpty()) {
      return flipBits(in);
    }
    byte[] out = in.clone();
    int at = chunks.get(random.nextInt(chunks.size()));
    int len = ByteBuffer.wrap(out, at, 4).getInt();
    if (len < 0 || at + 12L + len > out.length) {
      return flipBits(in);
    }
    out[at + 8 + len + random.nextInt(4)] ^= (byte) (1 + random.nextInt(255));
    return new Mutated("png-crc@" + at, out);
  }

  /** An iCCP or zTXt chunk whose payload inflates to megabytes (a zip bomb in metadata). */
  private Mutated hugeZChunk(byte[] in) {
    boolean iccp = random.nextBoolean();
    int inflated = (1 + random.nextInt(16)) << 20;
    byte[] packed = deflateZeros(inflated);
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    data.writeBytes((iccp ? "fuzz" : "Comment").getBytes(StandardCharsets.ISO_8859_1));
    data.write(0);
    data.write(0);
    data.writeBytes(packed);
    byte[] chunk = chunk(iccp ? "iCCP" : "zTXt", data.toByteArray());
    int count = 1 + (random.nextInt(4) == 0 ? random.nextInt(8) : 0);
    return new Mutated(
        "png-" + (iccp ? "iccp" : "ztxt") + "-" + (inflated >> 20) + "MBx" + count,
        insertAfterIhdr(in, chunk, count));
  }

  /** A chunk whose length field promises far more bytes than follow. */
  private Mutated lyingChunk(byte[] in) {
    String[] types = {"iCCP", "zTXt", "tEXt", "iTXt", "PLTE", "tRNS", "IDAT", "fuZz"};
    String type = types[random.nextInt(types.length)];
    ByteBuffer head = ByteBuffer.allocate(8);
    head.putInt(random.nextBoolean() ? 0x7fff_fff0 : 50_000_000 + random.nextInt(1 << 20));
    head.put(type.getBytes(StandardCharsets.ISO_8859_1));
    byte[] tail = new byte[random.nextInt(64)];
    ByteArrayOutputStream chunk = new ByteArrayOutputStream();
    chunk.writeBytes(head.array());
    chunk.writeBytes(tail);
    return new Mutated("png-lying-" + type, insertAfterIhdr(in, chunk.toByteArray(), 1));
  }

  private static byte[] insertAfterIhdr(byte[] in, byte[] chunk, int times) {
    int at = Math.min(33, in.length);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(in, 0, at);
    for (int i = 0; i < times; i++) {
      out.writeBytes(chunk);
    }
    out.write(in, at, in.length - at);
    return out.toByteArray();
  }

  private static byte[] chunk(String type, byte[] data) {
    ByteBuffer b = ByteBuffer.allocate(12 + data.length);
    b.putInt(data.length).put(type.getBytes(StandardCharsets.ISO_8859_1)).put(data);
    CRC32 crc = new CRC32();
    crc.update(b.array(), 4, 4 + data.length);
    b.putInt((int) crc.getValue());
    return b.array();
  }

  private static byte[] deflateZeros(int length) {
    Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
    byte[] zeros = new byte[1 << 16];
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[1 << 16];
    for (int left = length; left > 0; left -= zeros.length) {
      deflater.setInput(zeros, 0, Math.min(left, zeros.length));
      while (!deflater.needsInput()) {
        out.write(buffer, 0, deflater.deflate(buffer));
      }
    }
    deflater.finish();
    while (!deflater.finished()) {
      out.write(buffer, 0, deflater.deflate(buffer));
    }
    deflater.end();
    return out.toByteArray();
  }

  // ---- JPEG ----

  /** Offsets of the markers (0xFF of FF xx) of the segments before the first scan's data. */
  private static List<Integer> segments(byte[] b, boolean allScans) {
    List<Integer> offsets = new ArrayList<>();
    int at = 2;
    while (at + 4 <= b.length && (b[at] & 0xff) == 0xff) {
      int marker = b[at + 1] & 0xff;
      int len = ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
      offsets.add(at);
      at += 2 + len;
      if (marker == 0xda) {
        if (!allScans) {
          break;
        }
        at = nextMarker(b, at);
      }
    }
    return offsets;
  }

  /** The next marker after entropy-coded data (skipping stuffed FF00 and restart markers). */
  private static int nextMarker(byte[] b, int from) {
    for (int i = from; i + 1 < b.length; i++) {
      int next = b[i + 1] & 0xff;
      if ((b[i] & 0xff) == 0xff && next != 0 && (next < 0xd0 || next > 0xd7)) {
        return i;
      }
    }
    return b.length;
  }

  private static int find(byte[] b, List<Integer> segments, int... markers) {
    for (int at : segments) {
      for (int m : markers) {
        if ((b[at + 1] & 0xff) == m) {
          return at;
        }
      }
    }
    return -1;
  }

  private Mutated inflateJpeg(byte[] in) {
    int sof = find(in, segments(in, false), 0xc0, 0xc1, 0xc2);
    if (sof < 0 || sof + 9 > in.length) {
      return flipBits(in);
    }
    byte[] out = in.clone();
    int[] values = {0, 1, 65_535, 65_000, 40_000, 4_097 + random.nextInt(60_000)};
    int which = random.nextInt(3);
    int height = which == 1 ? u16(out, sof + 5) : values[random.nextInt(values.length)];
    int width = which == 0 ? u16(out, sof + 7) : values[random.nextInt(values.length)];
    put16(out, sof + 5, height);
    put16(out, sof + 7, width);
    return new Mutated("jpeg-sof-" + width + "x" + height, out);
  }

  private Mutated segmentLength(byte[] in) {
    List<Integer> segments = segments(in, true);
    if (segments.isEmpty()) {
      return flipBits(in);
    }
    byte[] out = in.clone();
    int at = segments.get(random.nextInt(segments.size()));
    int[] lengths = {0, 1, 2, 0xffff, random.nextInt(1 << 16)};
    int len = lengths[random.nextInt(lengths.length)];
    put16(out, at + 2, len);
    return new Mutated("jpeg-segment-length@" + at + "=" + len, out);
  }

  /** Absurd scan headers: spectral selection out of order or past 63, odd approximation bits. */
  private Mutated jpegScans(byte[] in) {
    List<Integer> scans = new ArrayList<>();
    for (int at : segments(in, true)) {
      if ((in[at + 1] & 0xff) == 0xda) {
        scans.add(at);
      }
    }
    if (scans.isEmpty()) {
      return flipBits(in);
    }
    byte[] out = in.clone();
    int sos = scans.get(random.nextInt(scans.size()));
    if (sos + 5 > out.length) {
      return flipBits(in);
    }
    int components = out[sos + 4] & 0xff;
    int ss = sos + 5 + 2 * components;
    if (ss + 2 >= out.length) {
      return flipBits(in);
    }
    int[][] bad = {{63, 0}, {0, 255}, {64, 64}, {1, 0}, {0, 63}, {200, 100}};
    int[] pick = bad[random.nextInt(bad.length)];
    out[ss] = (byte) pick[0];
    out[ss + 1] = (byte) pick[1];
    out[ss + 2] = (byte) random.nextInt(256);
    return new Mutated(
        "jpeg-sos-ss" + pick[0] + "-se" + pick[1] + "-a" + (out[ss + 2] & 0xff), out);
  }

  /** One scan (header and data) repeated hundreds or thousands of times before EOI. */
  private Mutated manyScans(byte[] in) {
    List<Integer> all = segments(in, true);
    int sos = find(in, all, 0xda);
    if (sos < 0) {
      return flipBits(in);
    }
    int end = nextMarker(in, sos + 2 + u16(in, sos + 2));
    int times = random.nextBoolean() ? 100 + random.nextInt(400) : 1_000 + random.nextInt(4_000);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(in, 0, end);
    byte[] scan = Arrays.copyOfRange(in, sos, end);
    boolean headerOnly = random.nextBoolean();
    for (int i = 0; i < times; i++) {
      out.write(scan, 0, headerOnly ? Math.min(scan.length, 2 + u16(in, sos + 2)) : scan.length);
    }
    out.write(in, end, in.length - end);
    return new Mutated("jpeg-scans-x" + times + (headerOnly ? "-empty" : ""), out.toByteArray());
  }

  /** Huge metadata segments: APP1 (Exif) and APP2 (ICC_PROFILE chunks) of up to 64 kB each. */
  private Mutated hugeAppSegments(byte[] in) {
    boolean icc = random.nextBoolean();
    int count = 1 + random.nextInt(random.nextBoolean() ? 4 : 64);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(in, 0, Math.min(2, in.length));
    for (int i = 0; i < count; i++) {
      int size = random.nextBoolean() ? 0xffff : 16 + random.nextInt(0xfff0);
      byte[] segment = new byte[2 + size];
      segment[0] = (byte) 0xff;
      segment[1] = (byte) (icc ? 0xe2 : 0xe1);
      put16(segment, 2, size);
      byte[] id = (icc ? "ICC_PROFILE\0" : "Exif\0\0MM\0*").getBytes(StandardCharsets.ISO_8859_1);
      System.arraycopy(id, 0, segment, 4, Math.min(id.length, size - 2));
      if (icc && size > 16) {
        segment[16] = (byte) (i + 1);
        segment[17] = (byte) (random.nextInt(4) == 0 ? random.nextInt(256) : count);
        if (segment.length > 22) {
          // The profile's header claims a size of 2 GB.
          put16(segment, 18, 0x7fff);
          put16(segment, 20, 0xffff);
        }
      }
      for (int k = 22; k < segment.length; k += 97) {
        segment[k] = (byte) random.nextInt(256);
      }
      out.writeBytes(segment);
    }
    out.write(in, Math.min(2, in.length), Math.max(0, in.length - 2));
    return new Mutated("jpeg-" + (icc ? "app2-icc" : "app1-exif") + "x" + count, out.toByteArray());
  }

  private static int u16(byte[] b, int at) {
    return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
  }

  private static void put16(byte[] b, int at, int value) {
    b[at] = (byte) (value >> 8);
    b[at + 1] = (byte) value;
  }
}
