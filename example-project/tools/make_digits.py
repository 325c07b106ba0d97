#!/usr/bin/env python3
"""Builds example-project/data/ and example-project/incoming/ from scikit-learn's digits.csv.gz.

Standard library only. Usage (from anywhere):

    python3 make_digits.py [digits.csv.gz] [--check]

The input defaults to Debian's copy in python3-sklearn 1.2.1+dfsg-1,
/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz; its SHA-256 must be
INPUT_SHA256, or the script stops (another file would give other images). It holds
scikit-learn's copy of the test set of the UCI "Optical Recognition of Handwritten Digits" data
set: 1797 rows of 64 pixel values in 0..16, then the label 0..9.

Every row becomes one 32x32 8-bit grayscale PNG (values 0..16 scaled to 0..255, each source pixel
a 4x4 block; white ink on black, as in the source), named digit-<row>.png after its 0-based row
in the CSV, in one of

    data/train/<digit>/  data/val/<digit>/  data/test/<digit>/   what `mvn install` uses
    incoming/<digit>/                                            held back for drift-check

The split is random, seeded (SEED) and stratified: per digit, about FRACTIONS of the images go to
each folder. Rows whose difference hashes are identical (the plugin's near-duplicate check at
distance 0) form a group that goes to one folder as a whole, so no such pair spans two splits.
The random order is SHA-256 of "<SEED>:<row>", the same on every machine and Python version.

PNG files are written without compression (stored deflate blocks) and without metadata, so the
bytes depend on nothing but this script and the input: any machine writes identical files.

The script refuses to run when the output folders hold PNG files it would not write (a changed
split must not leave stale images behind). With --check it writes nothing and exits with status 1
unless every file it would write exists with the same bytes and no other PNG file is there.
"""

import csv
import gzip
import hashlib
import os
import struct
import sys
import zlib

DEFAULT_INPUT = "/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz"
INPUT_SHA256 = "46abec6b12486ad9e51943373abcf22bbea1b5a51a1619b361570d8893f1464a"
ROWS = 1797
SEED = 42
# Folder -> fraction of each digit's images; train takes the rest. Filled in this order.
FRACTIONS = (("incoming", 0.05), ("data/test", 0.10), ("data/val", 0.10))
TRAIN = "data/train"
FOLDERS = tuple(name for name, _ in FRACTIONS) + (TRAIN,)
CLASSES = tuple(range(10))
SOURCE_SIZE = 8
SCALE = 4
SIZE = SOURCE_SIZE * SCALE
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


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
    if len(rows) != ROWS:
        raise ValueError(f"expected {ROWS} rows, got {len(rows)}")
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


def stored_zlib(raw):
    """A zlib stream of one stored (uncompressed) deflate block: the same bytes with any zlib."""
    if len(raw) > 0xFFFF:
        raise ValueError("one stored block holds at most 65535 bytes")
    header = b"\x78\x01"  # deflate, 32K window, no dictionary, (0x7801 % 31 == 0)
    block = b"\x01" + struct.pack("<HH", len(raw), len(raw) ^ 0xFFFF)  # final, stored
    return header + block + raw + struct.pack(">I", zlib.adler32(raw) & 0xFFFFFFFF)


def png_bytes(image):
    """Encodes rows of 0..255 values as an 8-bit grayscale, non-interlaced PNG."""

    def chunk(kind, data):
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    height, width = len(image), len(image[0])
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    raw = b"".join(b"\x00" + bytes(row) for row in image)  # filter type 0 on every row
    return (
        PNG_SIGNATURE
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", stored_zlib(raw))
        + chunk(b"IEND", b"")
    )


def order_key(index):
    """The seeded random rank of a row: SHA-256 of "<SEED>:<row>"."""
    return hashlib.sha256(f"{SEED}:{index}".encode("ascii")).hexdigest()


def groups(rows, hashes):
    """Rows grouped by identical difference hash, each group sorted by row index."""
    by_hash = {}
    for (index, _, _), digest in zip(rows, hashes):
        by_hash.setdefault(digest, []).append(index)
    return sorted(by_hash.values())


def assign(rows, hashes):
    """Returns {row_index: folder}: a seeded, stratified random split that keeps every group of
    identical hashes in one folder. A group counts for the digit of its first row; per digit the
    groups are taken in random order and fill incoming, test, val (each up to its share, a group
    may overshoot by its size - 1) and then train."""
    label_of = {index: label for index, _, label in rows}
    by_class = {label: [] for label in CLASSES}
    for group in groups(rows, hashes):
        by_class[label_of[group[0]]].append(group)
    folder_of = {}
    for label in CLASSES:
        members = sorted(by_class[label], key=lambda g: order_key(g[0]))
        total = sum(len(g) for g in members)
        quotas = [(name, round(total * fraction)) for name, fraction in FRACTIONS]
        filled, slot = 0, 0
        for group in members:
            while slot < len(quotas) and filled >= quotas[slot][1]:
                filled, slot = 0, slot + 1
            folder = quotas[slot][0] if slot < len(quotas) else TRAIN
            for index in group:
                folder_of[index] = folder
            filled += len(group)
    return folder_of


def plan(rows):
    """Returns {relative path: PNG bytes} of every file to write, and the groups (size > 1)."""
    images = {index: upscale(pixels) for index, pixels, _ in rows}
    hashes = [dhash(images[index]) for index, _, _ in rows]
    folder_of = assign(rows, hashes)
    files = {}
    for index, _, label in rows:
        path = os.path.join(folder_of[index], str(label), f"digit-{index:05d}.png")
        files[path] = png_bytes(images[index])
    return files, [g for g in groups(rows, hashes) if len(g) > 1], folder_of


def existing_pngs(root):
    found = []
    for folder in FOLDERS:
        for directory, _, names in os.walk(os.path.join(root, folder)):
            found += [
                os.path.relpath(os.path.join(directory, n), root)
                for n in names
                if n.endswith(".png")
            ]
    return sorted(found)


def counts(rows, folder_of):
    """Images per folder and digit, as printed lines."""
    lines = []
    for folder in FOLDERS:
        per = [sum(1 for i, _, l in rows if folder_of[i] == folder and l == c) for c in CLASSES]
        lines.append(f"  {folder:<11} {sum(per):5d}  per digit {per}")
    return lines


def main(argv):
    args = [a for a in argv[1:] if a != "--check"]
    check = "--check" in argv[1:]
    if len(args) > 1 or any(a.startswith("-") for a in args):
        sys.exit(__doc__)
    source = args[0] if args else DEFAULT_INPUT
    actual = sha256_of(source)
    if actual != INPUT_SHA256:
        sys.exit(
            f"{source} has SHA-256 {actual}, expected {INPUT_SHA256} (digits.csv.gz of Debian's "
            "python3-sklearn 1.2.1+dfsg-1); another file would give other images"
        )
    root = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir))
    rows = read_rows(source)
    files, shared, folder_of = plan(rows)
    stale = [f for f in existing_pngs(root) if f not in files]
    if check:
        differing = [
            p for p, data in sorted(files.items())
            if not os.path.isfile(os.path.join(root, p))
            or open(os.path.join(root, p), "rb").read() != data
        ]
        if stale or differing:
            sys.exit(
                f"{len(differing)} files missing or different (e.g. {differing[:3]}), "
                f"{len(stale)} files this script would not write (e.g. {stale[:3]}); "
                f"run python3 {argv[0]} after deleting data/ and incoming/"
            )
        print(f"ok: the {len(files)} PNG files under {root} are what this script writes")
        return
    if stale:
        sys.exit(
            f"{root} holds {len(stale)} PNG files this script would not write, e.g. "
            f"{stale[0]}; delete {os.path.join(root, 'data')} and "
            f"{os.path.join(root, 'incoming')} and run again"
        )
    for path, data in sorted(files.items()):
        target = os.path.join(root, path)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "wb") as handle:
            handle.write(data)
    print(f"wrote {len(files)} images ({sum(map(len, files.values()))} bytes) under {root}")
    print("\n".join(counts(rows, folder_of)))
    print(f"{len(shared)} groups of rows with identical difference hashes, each kept in one "
          f"folder ({sum(map(len, shared))} rows): {shared}")


if __name__ == "__main__":
    main(sys.argv)
