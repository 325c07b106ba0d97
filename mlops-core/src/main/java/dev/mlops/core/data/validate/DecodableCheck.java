package dev.mlops.core.data.validate;

import java.util.ArrayList;
import java.util.List;

/** Every file must decode without error or decoder warning: truncated, empty, or not an image. */
final class DecodableCheck implements Check {
  static final String ID = "decodable";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public List<Finding> run(ValidationContext context) {
    List<Finding> findings = new ArrayList<>();
    for (ImageInfo image : context.images()) {
      if (image.decodeError() != null) {
        findings.add(
            Finding.error(
                ID,
                Texts.name(image.path())
                    + ": not a decodable image ("
                    + image.decodeError()
                    + "); delete or replace it",
                List.of(image.path())));
      }
    }
    return findings;
  }
}
