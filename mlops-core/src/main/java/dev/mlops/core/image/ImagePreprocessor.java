package dev.mlops.core.image;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.Remedy;
import dev.mlops.core.Stage;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;

/**
 * Turns one image into the model's input the way training saw it, without augmentation: resize to
 * {@code inputSize x inputSize} (PIL-style bilinear, antialiased when shrinking), convert to the
 * model's channels, normalise, lay out channel-first. {@link ImageLoader} uses the same steps, so
 * training, evaluation, serving and drift detection see identical numbers. Thread-safe.
 */
public final class ImagePreprocessor {
  /**
   * The default largest image (width times height, from the header) that is decoded: 100 million
   * pixels, as {@code validate-data}'s default.
   */
  public static final long DEFAULT_MAX_PIXELS = 100_000_000L;

  private final Preprocessing preprocessing;
  private final Normalizer normalizer;

  /** Creates a preprocessor for {@code preprocessing}. */
  public ImagePreprocessor(Preprocessing preprocessing) {
    this.preprocessing = Objects.requireNonNull(preprocessing, "preprocessing");
    this.normalizer = new Normalizer(preprocessing);
  }

  /** The settings this preprocessor applies. */
  public Preprocessing preprocessing() {
    return preprocessing;
  }

  /**
   * The normalised CHW tensor of {@code image}: {@link Preprocessing#tensorSize()} floats.
   *
   * @param image any decoded image (gray, RGB, indexed, with or without alpha; alpha is dropped)
   */
  public float[] tensor(BufferedImage image) {
    float[] out = new float[preprocessing.tensorSize()];
    normalizer.fromBytes(resize(image), out, 0);
    return out;
  }

  /**
   * Decodes an image file with ImageIO, refusing it from its header when it claims more than {@link
   * #DEFAULT_MAX_PIXELS} pixels.
   *
   * @throws InvalidInputException naming the file when it is missing, not a readable image, or too
   *     large
   */
  public static BufferedImage read(Path file) throws InvalidInputException {
    return read(file, file.toString(), DEFAULT_MAX_PIXELS);
  }

  /**
   * Decodes an image file with ImageIO when its header claims at most {@code maxPixels} pixels
   * (width times height): a decompression bomb costs a header read, never the heap. A decoder
   * warning (ImageIO decodes a truncated JPEG and only warns "Premature end of JPEG file") is a
   * failure, as in {@code validate-data} and serving, so a half-grey image is never used.
   *
   * @throws InvalidInputException naming the file when it is missing, not a readable image, or over
   *     {@code maxPixels}
   */
  public static BufferedImage read(Path file, long maxPixels) throws InvalidInputException {
    return read(file, file.toString(), maxPixels);
  }

  /**
   * 1 when every file is gray (one colour component, or a palette of grays), else 3; 3 for no
   * files. Reads image headers only where the format allows.
   *
   * @throws InvalidInputException naming the first file that is not a readable image
   */
  public static int detectChannels(List<Path> files) throws InvalidInputException {
    if (files.isEmpty()) {
      return 3;
    }
    for (Path file : files) {
      if (!isGray(file)) {
        return 3;
      }
    }
    return 1;
  }

  /** The resized image as {@code inputSize * inputSize * channels} interleaved 8-bit samples. */
  byte[] resize(BufferedImage image) {
    return Resampler.resize(Raster8.of(image), preprocessing.channels(), preprocessing.inputSize());
  }

  Normalizer normalizer() {
    return normalizer;
  }

  /** Decodes {@code file}; messages call it {@code name} (the path the user knows). */
  static BufferedImage read(Path file, String name) throws InvalidInputException {
    return read(file, name, DEFAULT_MAX_PIXELS);
  }

  /**
   * Like {@link #read(Path, long)}; messages call the file {@code name} (the path the user knows,
   * such as its path under a data directory, so that messages do not depend on where it is
   * mounted).
   */
  public static BufferedImage read(Path file, String name, long maxPixels)
      throws InvalidInputException {
    try (ImageInputStream in = new FileImageInputStream(file.toFile())) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw unreadable(file, name, null);
      }
      ImageReader reader = readers.next();
      try {
        boolean tooManyScans = JpegScans.tooMany(in);
        in.seek(0);
        reader.setInput(in, true, true);
        long width = reader.getWidth(0);
        long height = reader.getHeight(0);
        if (width * height > maxPixels) {
          throw tooLarge(name, width, height, maxPixels);
        }
        if (tooManyScans) {
          throw new InvalidInputException(
              "cannot read image " + name + ": " + JpegScans.REASON + "; re-encode or remove it",
              name);
        }
        List<String> warnings = new ArrayList<>();
        reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
        BufferedImage image = reader.read(0);
        if (!warnings.isEmpty()) {
          throw new IIOException(warnings.get(0));
        }
        return image;
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      // ImageIO's decoders also report corrupt data with unchecked exceptions.
      throw unreadable(file, name, e);
    }
  }

  private static InvalidInputException tooLarge(
      String name, long width, long height, long maxPixels) {
    return new InvalidInputException(
        String.format(
            Locale.ROOT,
            "cannot read image %s: its header says %dx%d, %d pixels, more than maxPixels %d; not"
                + " decoded (possibly a decompression bomb); downscale or remove it, or raise"
                + " maxPixels",
            name,
            width,
            height,
            width * height,
            maxPixels),
        name,
        Remedy.setting("maxPixels"));
  }

  private static boolean isGray(Path file) throws InvalidInputException {
    ImageTypeSpecifier type;
    try (ImageInputStream in = new FileImageInputStream(file.toFile())) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw unreadable(file, file.toString(), null);
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        type = reader.getRawImageType(0);
        if (type == null) {
          Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0);
          type = types.hasNext() ? types.next() : null;
        }
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      throw unreadable(file, file.toString(), e);
    }
    ColorModel cm = type != null ? type.getColorModel() : read(file).getColorModel();
    return isGray(cm);
  }

  private static boolean isGray(ColorModel cm) {
    if (cm instanceof IndexColorModel icm) {
      for (int i = 0; i < icm.getMapSize(); i++) {
        int rgb = icm.getRGB(i);
        int r = rgb >> 16 & 0xff;
        if (r != (rgb >> 8 & 0xff) || r != (rgb & 0xff)) {
          return false;
        }
      }
      return true;
    }
    return cm.getNumColorComponents() == 1;
  }

  private static InvalidInputException unreadable(Path file, String name, Exception cause) {
    String reason;
    if (cause instanceof NoSuchFileException || !Files.isRegularFile(file)) {
      reason = "the file does not exist; rescan the data directory";
    } else if (cause == null) {
      reason = "content is not in an image format Java can read (JPEG, PNG, BMP, GIF)";
    } else {
      reason = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }
    return new InvalidInputException(
        "cannot read image "
            + name
            + ": "
            + reason
            + "; replace or remove the file (validating the data lists every unreadable image)",
        name,
        Remedy.run(Stage.VALIDATE_DATA),
        cause);
  }
}
