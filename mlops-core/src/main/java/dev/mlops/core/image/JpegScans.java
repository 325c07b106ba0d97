package dev.mlops.core.image;

import java.io.IOException;
import javax.imageio.stream.ImageInputStream;

/**
 * Counts the scans of a JPEG by walking its markers, without decoding. ImageIO renders a
 * progressive JPEG in full after every scan (inverse DCT, colour conversion, a copy into the Java
 * raster), in native code that no timeout or interrupt can stop, so a small file with thousands of
 * scans costs minutes of CPU: the image fuzzer found a 16 kB file with 1,450 scans that took 42 s.
 * Real encoders write about 10 scans (libjpeg's progressive script: 10 for colour, 6 for gray), so
 * every decoder of the project refuses files with more than {@link #MAX_SCANS} before decoding.
 */
public final class JpegScans {
  /** The most scans a JPEG may have: several times what encoders write, far from a CPU bomb. */
  public static final int MAX_SCANS = 100;

  /** Why such a file is refused, for messages that name the file first. */
  public static final String REASON =
      "a JPEG with more than "
          + MAX_SCANS
          + " scans (encoders write about 10, and ImageIO renders the whole image once per scan,"
          + " so this many is a CPU bomb); not decoded";

  private static final int SOS = 0xda;
  private static final int EOI = 0xd9;

  private JpegScans() {}

  /**
   * Whether the stream, at its start, holds a JPEG with more than {@link #MAX_SCANS} scans. Reads
   * forward from the current position (one pass over the bytes, stopping at the limit); the caller
   * seeks back before decoding.
   */
  public static boolean tooMany(ImageInputStream in) throws IOException {
    return count(in, MAX_SCANS + 1) > MAX_SCANS;
  }

  /** The scans (SOS markers) found, counting up to {@code stopAt}. */
  static int count(ImageInputStream in, int stopAt) throws IOException {
    Bytes bytes = new Bytes(in);
    if (bytes.next() != 0xff || bytes.next() != 0xd8) {
      return 0;
    }
    int scans = 0;
    int b = bytes.next();
    while (b >= 0 && scans < stopAt) {
      if (b != 0xff) {
        b = bytes.next(); // entropy-coded data between markers
        continue;
      }
      int marker = bytes.next();
      while (marker == 0xff) {
        marker = bytes.next(); // fill bytes
      }
      if (marker < 0 || marker == EOI) {
        break;
      }
      if (marker == 0x00 || marker == 0x01 || (marker >= 0xd0 && marker <= 0xd8)) {
        b = bytes.next(); // stuffed zero, TEM, restart markers, SOI: no length follows
        continue;
      }
      int length = bytes.next() << 8 | bytes.next();
      if (length < 2) {
        break; // a corrupt length: the decoder will report it
      }
      bytes.skip(length - 2);
      if (marker == SOS) {
        scans++;
      }
      b = bytes.next();
    }
    return scans;
  }

  /** Buffered reading of an ImageInputStream, whose single-byte reads can be system calls. */
  private static final class Bytes {
    private final ImageInputStream in;
    private final byte[] buffer = new byte[8192];
    private int position;
    private int limit;

    Bytes(ImageInputStream in) {
      this.in = in;
    }

    /** The next byte (0..255), or -1 at the end; also -1 forever after once negative. */
    int next() throws IOException {
      if (position == limit) {
        limit = in.read(buffer, 0, buffer.length);
        position = 0;
        if (limit <= 0) {
          limit = 0;
          return -1;
        }
      }
      return buffer[position++] & 0xff;
    }

    void skip(long n) throws IOException {
      long buffered = Math.min(n, limit - position);
      position += (int) buffered;
      if (n > buffered) {
        in.skipBytes(n - buffered);
      }
    }
  }
}
