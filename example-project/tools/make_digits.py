#!/usr/bin/env python3
"""Builds example-project/data/ from scikit-learn's digits.csv.gz (standard library only).

Usage:
    python3 make_digits.py /path/to/digits.csv.gz [output-dir]

The input is scikit-learn's copy of the test set of the UCI "Optical Recognition of
Handwritten Digits" data set (1797 rows; 64 pixel values in 0..16, then the label 0..9).
Debian ships it in python3-sklearn as
/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz.

Output: <output-dir>/{train,val,test}/<digit>/digit-<row>.png, where <row> is the 0-based
row index in the CSV, so every image can be traced back to its source row. Each image is
the 8x8 digit scaled from 0..16 to 0..255 and upscaled to 32x32 by nearest neighbour
(every source pixel becomes a 4x4 block), written as an 8-bit grayscale PNG: white ink on
a black background, as in the source data.

Selection is deterministic: rows are read in file order and each row goes to the split its
class is currently filling (first 30 train, then 8 val, then 12 test). A row is skipped if
its pixels equal an already selected row (exact duplicate), or if its 64-bit difference
hash is within NEAR_DUPLICATE_BITS of an image already selected for a different split
(near-duplicate leakage). Running the script twice gives byte-identical files.
"""

import csv
import gzip
import os
import struct
import sys
import zlib

SPLITS = (("train", 30), ("val", 8), ("test", 12))
CLASSES = tuple(range(10))
SOURCE_SIZE = 8
SCALE = 4
SIZE = SOURCE_SIZE * SCALE
NEAR_DUPLICATE_BITS = 4
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def read_rows(path):
    """Returns [(row_index, pixels tuple of 64 ints in 0..16, label int)] in file order."""
    rows = []
    with gzip.open(path, "rt", newline="") as handle:
        for index, record in enumerate(csv.reader(handle)):
            if not record:
                continue
            values = [int(float(value)) for value in record]
            if len(values) != SOURCE_SIZE * SOURCE_SIZE + 1:
                raise ValueError(f"row {index}: expected 65 values, got {len(values)}")
            pixels, label = tuple(values[:-1]), values[-1]
            if label not in CLASSES or not all(0 <= p <= 16 for p in pixels):
                raise ValueError(f"row {index}: label or pixel out of range")
            rows.append((index, pixels, label))
    return rows


def upscale(pixels):
    """8x8 values 0..16 -> 32x32 list of rows of values 0..255 (nearest neighbour)."""
    grey = [(p * 255 + 8) // 16 for p in pixels]
    image = []
    for y in range(SIZE):
        source_row = grey[(y // SCALE) * SOURCE_SIZE : (y // SCALE + 1) * SOURCE_SIZE]
        image.append([source_row[x // SCALE] for x in range(SIZE)])
    return image


def _cell_bounds(size, cells):
    """[start, end) pixel range of each cell, exactly as mlops' PerceptualHash.cellBounds."""
    bounds = []
    for c in range(cells):
        start = min(c * size // cells, size - 1)
        end = max(start + 1, (c + 1) * size // cells)
        bounds.append((start, end))
    return bounds


_DHASH_X = _cell_bounds(SIZE, 9)
_DHASH_Y = _cell_bounds(SIZE, 8)


def dhash(image):
    """64-bit difference hash, the same as the validator's near-duplicate check
    (mlops-core PerceptualHash.dHash): box-average to 9x8 cells with integer cell bounds, bit set
    where a cell is brighter than its right neighbour, row by row."""
    small = []
    for y0, y1 in _DHASH_Y:
        row = []
        for x0, x1 in _DHASH_X:
            total = sum(image[y][x] for y in range(y0, y1) for x in range(x0, x1))
            row.append(total / ((y1 - y0) * (x1 - x0)))
        small.append(row)
    bits = 0
    for row in small:
        for x in range(8):
            bits = (bits << 1) | (1 if row[x] > row[x + 1] else 0)
    return bits


def png_bytes(image):
    """Encodes rows of 0..255 values as an 8-bit grayscale, non-interlaced PNG."""

    def chunk(kind, data):
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    height, width = len(image), len(image[0])
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    # Filter type 0 (None) on every scanline keeps the encoding simple and deterministic.
    raw = b"".join(b"\x00" + bytes(row) for row in image)
    return (
        PNG_SIGNATURE
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def split_for(count):
    """Name of the split that a class with `count` selected images fills next, or None."""
    for name, quota in SPLITS:
        if count < quota:
            return name
        count -= quota
    return None


def select(rows):
    """Returns ([(split, label, row_index, image)], skipped exact, skipped near)."""
    counts = {label: 0 for label in CLASSES}
    seen_pixels = set()
    hashes = {name: [] for name, _ in SPLITS}
    chosen, exact, near = [], [], []
    for index, pixels, label in rows:
        split = split_for(counts[label])
        if split is None:
            continue
        if pixels in seen_pixels:
            exact.append(index)
            continue
        image = upscale(pixels)
        digest = dhash(image)
        if any(
            bin(digest ^ other).count("1") <= NEAR_DUPLICATE_BITS
            for name, others in hashes.items()
            if name != split
            for other in others
        ):
            near.append(index)
            continue
        seen_pixels.add(pixels)
        hashes[split].append(digest)
        counts[label] += 1
        chosen.append((split, label, index, image))
    missing = {label: n for label, n in counts.items() if split_for(n) is not None}
    if missing:
        raise ValueError(f"not enough rows for classes (label: selected) {missing}")
    return chosen, exact, near


def stale_files(out, chosen):
    """PNG files under out/<split>/ that are not part of this selection, sorted."""
    planned = {
        os.path.join(out, split, str(label), f"digit-{index:05d}.png")
        for split, label, index, _ in chosen
    }
    found = []
    for name, _ in SPLITS:
        for root, _, files in os.walk(os.path.join(out, name)):
            found += [os.path.join(root, f) for f in files if f.endswith(".png")]
    return sorted(f for f in found if f not in planned)


def main(argv):
    if len(argv) not in (2, 3):
        sys.exit(__doc__)
    here = os.path.dirname(os.path.abspath(__file__))
    out = argv[2] if len(argv) == 3 else os.path.join(here, os.pardir, "data")
    chosen, exact, near = select(read_rows(argv[1]))
    stale = stale_files(out, chosen)
    if stale:
        sys.exit(f"{out} holds {len(stale)} PNG files this script would not write, e.g. "
                 f"{stale[0]}; delete {out} and run again")
    total = 0
    for split, label, index, image in chosen:
        directory = os.path.join(out, split, str(label))
        os.makedirs(directory, exist_ok=True)
        data = png_bytes(image)
        with open(os.path.join(directory, f"digit-{index:05d}.png"), "wb") as handle:
            handle.write(data)
        total += len(data)
    print(f"wrote {len(chosen)} images ({total} bytes) to {os.path.normpath(out)}")
    print(f"skipped {len(exact)} exact duplicates: {exact}")
    print(f"skipped {len(near)} cross-split near-duplicates (dHash <= "
          f"{NEAR_DUPLICATE_BITS} bits): {near}")


if __name__ == "__main__":
    main(sys.argv)
