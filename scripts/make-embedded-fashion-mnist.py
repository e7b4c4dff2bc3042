#!/usr/bin/env python3
"""Writes the Fashion-MNIST subset embedded in core (the first 10,000 training and 2,000 test images).

Usage: scripts/make-embedded-fashion-mnist.py [SOURCE_DIR] [OUT_DIR]
  SOURCE_DIR  the full data set as four gzip IDX files (default /usr/share/datasets/fashion-mnist,
              from the Debian package dataset-fashion-mnist)
  OUT_DIR     default core/src/main/resources/org/fovea/data/fashion-mnist

The output is byte-for-byte reproducible: the IDX headers are rewritten with the new count and the
gzip streams carry no file name and mtime 0.
"""
import gzip
import os
import struct
import sys

SUBSETS = {"train": 10000, "t10k": 2000}


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    zero, dtype, ndim = struct.unpack(">HBB", data[:4])
    if zero != 0 or dtype != 0x08:
        raise SystemExit(f"{path}: not an unsigned-byte IDX file (magic {data[:4].hex()})")
    dims = list(struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim]))
    return dims, data[4 + 4 * ndim:]


def write_idx(path, dims, body):
    header = struct.pack(">HBB", 0, 0x08, len(dims)) + struct.pack(">" + "I" * len(dims), *dims)
    with open(path, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=9, mtime=0) as f:
            f.write(header + body)


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/datasets/fashion-mnist"
    out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "core", "src", "main", "resources",
        "org", "fovea", "data", "fashion-mnist")
    os.makedirs(out, exist_ok=True)
    for split, n in SUBSETS.items():
        for kind in ("images-idx3-ubyte", "labels-idx1-ubyte"):
            name = f"{split}-{kind}.gz"
            dims, body = read_idx(os.path.join(src, name))
            if dims[0] < n:
                raise SystemExit(f"{name}: has {dims[0]} items, need {n}")
            item = len(body) // dims[0]
            write_idx(os.path.join(out, name), [n] + dims[1:], body[:n * item])
            print(f"{name}: first {n} of {dims[0]}")


if __name__ == "__main__":
    main()
