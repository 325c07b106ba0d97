package dev.mlops.core.data.validate;

/**
 * Cost of one validation.
 *
 * @param images images inspected
 * @param bytes their total size
 * @param seconds wall time of the whole validation
 * @param inspectSeconds wall time of the parallel inspection stage
 * @param decodeSeconds time spent decoding and hashing, summed over threads
 * @param threads threads used for inspection
 */
public record ValidationStats(
    int images,
    long bytes,
    double seconds,
    double inspectSeconds,
    double decodeSeconds,
    int threads) {}
