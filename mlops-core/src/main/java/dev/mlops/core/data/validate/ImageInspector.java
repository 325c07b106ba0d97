package dev.mlops.core.data.validate;

import dev.mlops.core.data.ManifestEntry;
import dev.mlops.core.image.JpegScans;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;

/**
 * Reads one image file once: size, format, dimensions from the header and, when the image is not
 * larger than {@code maxPixels}, a full decode giving the channel layout and perceptual hash.
 * Oversized images are never decoded, so a decompression bomb costs a header read. A decoder
 * warning (ImageIO decodes a truncated JPEG and only warns "Premature end of JPEG file") counts as
 * a decode failure. Thread-safe: one inspector serves all inspection threads.
 */
public final class ImageInspector {
  private final long maxPixels;
  private final LongAdder decodeNanos = new LongAdder();

  /**
   * Creates an inspector.
   *
   * @param maxPixels images with more pixels (width times height) are reported, not decoded
   */
  public ImageInspector(long maxPixels) {
    if (maxPixels < 1) {
      throw new IllegalArgumentException("maxPixels is " + maxPixels + "; must be at least 1");
    }
    this.maxPixels = maxPixels;
  }

  /**
   * Inspects the file of {@code entry}. Problems with the content are returned in the result.
   *
   * @throws IOException when the file cannot be opened at all (missing, no permission)
   */
  public ImageInfo inspect(Path dataDirectory, ManifestEntry entry) throws IOException {
    Path file = dataDirectory.resolve(entry.path());
    ImageInputStream in;
    try {
      if (Files.size(file) == 0) {
        return failed(entry, null, 0, 0, "empty file: 0 bytes");
      }
      in = new FileImageInputStream(file.toFile());
    } catch (IOException e) {
      throw new IOException(
          "cannot read "
              + Texts.name(entry.path())
              + ": "
              + Texts.name(String.valueOf(e.getMessage())),
          e);
    }
    try (in) {
      return read(entry, in);
    }
  }

  /** Time spent decoding and hashing, summed over all threads, in seconds. */
  public double decodeSeconds() {
    return decodeNanos.sum() / 1e9;
  }

  private ImageInfo read(ManifestEntry entry, ImageInputStream in) {
    Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
    if (!readers.hasNext()) {
      return failed(entry, null, 0, 0, "content is not in an image format Java can read");
    }
    ImageReader reader = readers.next();
    try {
      String format = reader.getOriginatingProvider().getFormatNames()[0].toLowerCase(Locale.ROOT);
      boolean tooManyScans;
      try {
        tooManyScans = JpegScans.tooMany(in);
        in.seek(0);
      } catch (IOException e) {
        return failed(entry, format, 0, 0, "unreadable: " + reason(e));
      }
      reader.setInput(in, true, true);
      int width;
      int height;
      try {
        width = reader.getWidth(0);
        height = reader.getHeight(0);
      } catch (IOException | RuntimeException e) {
        // ImageIO's decoders also report corrupt data with unchecked exceptions.
        return failed(entry, format, 0, 0, "unreadable header: " + reason(e));
      }
      if ((long) width * height > maxPixels) {
        return new ImageInfo(entry, format, width, height, 0, 0, false, null, true);
      }
      if (tooManyScans) {
        return failed(entry, format, width, height, JpegScans.REASON);
      }
      return decode(entry, reader, format, width, height);
    } finally {
      reader.dispose();
    }
  }

  private ImageInfo decode(
      ManifestEntry entry, ImageReader reader, String format, int width, int height) {
    List<String> warnings = new ArrayList<>();
    reader.addIIOReadWarningListener(
        (source, warning) -> {
          if (!warnings.contains(warning) && warnings.size() < 3) {
            warnings.add(warning);
          }
        });
    long start = System.nanoTime();
    try {
      BufferedImage image = reader.read(0);
      if (!warnings.isEmpty()) {
        return failed(entry, format, width, height, String.join("; ", warnings));
      }
      int channels = image.getColorModel().getNumComponents();
      long hash = PerceptualHash.dHash(image);
      return new ImageInfo(entry, format, width, height, channels, hash, true, null, false);
    } catch (IOException | RuntimeException e) {
      // ImageIO's decoders also report corrupt data with unchecked exceptions.
      return failed(entry, format, width, height, reason(e));
    } finally {
      decodeNanos.add(System.nanoTime() - start);
    }
  }

  private static ImageInfo failed(
      ManifestEntry entry, String format, int width, int height, String error) {
    return new ImageInfo(entry, format, width, height, 0, 0, false, error, false);
  }

  /** The messages of {@code e} and its causes, e.g. "Error reading PNG image data: EOF". */
  private static String reason(Exception e) {
    StringBuilder text = new StringBuilder();
    for (Throwable t = e; t != null && text.length() < 300; t = t.getCause()) {
      String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
      if (text.indexOf(message) < 0) {
        text.append(text.length() == 0 ? "" : ": ").append(message);
      }
    }
    return text.toString();
  }
}
