package dev.mlops.serving;

import dev.mlops.core.image.JpegScans;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes one uploaded image with ImageIO, as training does, refusing it before decoding when its
 * header says it has more than {@code maxPixels} pixels (a decompression bomb costs a header read),
 * and treating a decoder warning (a truncated JPEG) as a failure, as {@code validate-data} does.
 */
final class ImageDecoder {
  private final long maxPixels;

  ImageDecoder(long maxPixels) {
    this.maxPixels = maxPixels;
  }

  /**
   * The decoded image.
   *
   * @param name how messages call the image (a form field's file name, or "the request body")
   * @throws ApiException 400 when empty, not an image or undecodable; 413 when over maxPixels
   */
  BufferedImage decode(byte[] bytes, String name) {
    if (bytes.length == 0) {
      throw ApiException.badRequest("empty", name + " is empty: send the image's bytes");
    }
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw ApiException.badRequest(
            "not_an_image",
            name
                + " is not an image Java can read ("
                + bytes.length
                + " bytes): send a PNG, JPEG, BMP or GIF");
      }
      ImageReader reader = readers.next();
      try {
        String format = reader.getOriginatingProvider().getFormatNames()[0];
        boolean tooManyScans = JpegScans.tooMany(in);
        in.seek(0);
        reader.setInput(in, true, true);
        long width = reader.getWidth(0);
        long height = reader.getHeight(0);
        if (width * height > maxPixels) {
          throw new ApiException(
              413,
              "too_many_pixels",
              name
                  + " is "
                  + width
                  + "x"
                  + height
                  + " pixels, more than maxPixels "
                  + maxPixels
                  + ": send a smaller image or raise maxPixels (-Dmlops.serve.maxPixels, --max-pixels)");
        }
        if (tooManyScans) {
          throw undecodable(name, format, JpegScans.REASON);
        }
        List<String> warnings = new ArrayList<>();
        reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
        BufferedImage image = reader.read(0);
        if (!warnings.isEmpty()) {
          throw undecodable(name, format, String.join("; ", warnings));
        }
        return image;
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof ApiException api) {
        throw api;
      }
      // ImageIO's decoders also report corrupt data with unchecked exceptions.
      throw undecodable(name, "image", e.getMessage() == null ? e.toString() : e.getMessage());
    }
  }

  private static ApiException undecodable(String name, String format, String reason) {
    return ApiException.badRequest(
        "undecodable",
        name
            + " cannot be decoded as "
            + format.toUpperCase(Locale.ROOT)
            + " ("
            + reason
            + "): send the complete file");
  }
}
