package dev.mlops.serving;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * JSON on the wire and in logs keeps the order fields are put in (label before probabilities,
 * probabilities most probable first, time and level first in a log line), unlike the core's
 * canonical mapper, which sorts keys for stable hashes.
 */
final class WireJson {
  private static final ObjectMapper MAPPER = JsonMapper.builder().build();

  private WireJson() {}

  static ObjectMapper mapper() {
    return MAPPER;
  }
}
