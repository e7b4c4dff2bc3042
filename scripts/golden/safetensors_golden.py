#!/usr/bin/env python3
"""Golden safetensors files for Fovea's org.fovea.io reader, and a reader to check files Fovea writes.

Writes two tiny files into core/src/test/resources/golden/safetensors/:
  golden.safetensors  three F32 tensors (a matrix, a scalar, an empty tensor) and metadata, with Fovea's
                      "fovea.crc32" checksum, laid out as the reference writer does (compact JSON with
                      __metadata__ first, tensors by name, header padded with spaces to a multiple of 8):
                      Fovea must read it and write the same bytes.
  dtypes.safetensors  one tensor of each other dtype Fovea reads (F64, F16, BF16, I64, I32, U8, BOOL),
                      no checksum, as any other tool would write it.

The `safetensors` package is not in Debian, so the format is written by hand with struct and json
following the specification (https://github.com/huggingface/safetensors, "Format").

    /usr/bin/python3 scripts/golden/safetensors_golden.py            # regenerate the golden files
    /usr/bin/python3 scripts/golden/safetensors_golden.py --check F  # print F's contents as JSON

--check reads with the `safetensors` package when it is installed, else by hand (stdlib only), verifies
Fovea's checksum with zlib.crc32 when present, and prints
{"reader", "metadata", "crc_ok", "tensors": {name: {"dtype", "shape", "data"}}} on stdout.
"""
import json
import math
import pathlib
import struct
import sys
import zlib

OUT = pathlib.Path(__file__).resolve().parents[2] / "core/src/test/resources/golden/safetensors"
CHECKSUM_KEY = "fovea.crc32"
FORMATS = {"F64": "d", "F32": "f", "F16": "e", "I64": "q", "I32": "i", "I16": "h", "I8": "b", "U8": "B", "BOOL": "?"}
SIZES = {"F64": 8, "F32": 4, "F16": 2, "BF16": 2, "I64": 8, "I32": 4, "I16": 2, "I8": 1, "U8": 1, "BOOL": 1}


def pack(dtype, values):
    if dtype == "BF16":  # the upper half of the float32 bits (values chosen exact in bfloat16)
        return b"".join(struct.pack("<I", struct.unpack("<I", struct.pack("<f", v))[0])[2:] for v in values)
    return struct.pack("<%d%s" % (len(values), FORMATS[dtype]), *values)


def unpack(dtype, raw):
    if dtype == "BF16":
        return [struct.unpack("<f", b"\0\0" + raw[i:i + 2])[0] for i in range(0, len(raw), 2)]
    return list(struct.unpack("<%d%s" % (len(raw) // SIZES[dtype], FORMATS[dtype]), raw))


def write(path, tensors, metadata, checksum):
    """tensors: name -> (dtype, shape, values). Reference layout: compact JSON, __metadata__ first."""
    header, data, offset = {}, b"", 0
    meta = ({CHECKSUM_KEY: "00000000"} if checksum else {}) | metadata
    if meta:
        header["__metadata__"] = meta
    for name in sorted(tensors):
        dtype, shape, values = tensors[name]
        assert math.prod(shape) == len(values), name
        raw = pack(dtype, values)
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [offset, offset + len(raw)]}
        data += raw
        offset += len(raw)
    text = json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    text += b" " * (-len(text) % 8)
    blob = bytearray(struct.pack("<Q", len(text)) + text + data)
    if checksum:  # CRC-32 of the whole file with its own 8 hex digits read as "0"
        at = 8 + len('{"__metadata__":{"%s":"' % CHECKSUM_KEY)
        blob[at:at + 8] = b"%08x" % zlib.crc32(bytes(blob))
    path.write_bytes(bytes(blob))
    print("wrote", path, len(blob), "bytes")


def check(path):
    blob = pathlib.Path(path).read_bytes()
    (n,) = struct.unpack("<Q", blob[:8])
    header = json.loads(blob[8:8 + n].decode("utf-8"))
    metadata = header.pop("__metadata__", {})
    crc_ok = None
    if CHECKSUM_KEY in metadata:
        at = 8 + len('{"__metadata__":{"%s":"' % CHECKSUM_KEY)
        zeroed = blob[:at] + b"00000000" + blob[at + 8:]
        crc_ok = "%08x" % zlib.crc32(zeroed) == metadata[CHECKSUM_KEY]
    try:
        from safetensors.numpy import load_file
        arrays = load_file(path)
        reader = "safetensors"
        tensors = {k: {"dtype": header[k]["dtype"], "shape": list(a.shape), "data": [float(x) for x in a.reshape(-1)]}
                   for k, a in arrays.items()}
    except ImportError:
        reader = "stdlib"
        data = blob[8 + n:]
        tensors = {}
        for name, info in header.items():
            begin, end = info["data_offsets"]
            tensors[name] = {"dtype": info["dtype"], "shape": info["shape"],
                             "data": [float(x) for x in unpack(info["dtype"], data[begin:end])]}
    print(json.dumps({"reader": reader, "metadata": metadata, "crc_ok": crc_ok, "tensors": tensors}))


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--check":
        check(sys.argv[2])
        return
    OUT.mkdir(parents=True, exist_ok=True)
    write(OUT / "golden.safetensors", {
        "conv.weight": ("F32", [2, 3], [0.5, -1.25, 3.0e-8, 65504.0, -0.0, float("inf")]),
        "bias": ("F32", [], [7.25]),
        "empty": ("F32", [0, 3], []),
    }, {"author": "golden \"script\" \u00fc\u20ac", "note": "line\nbreak\ttab"}, checksum=True)
    write(OUT / "dtypes.safetensors", {
        "f64": ("F64", [3], [1.5, -2.25, 0.1]),
        "f16": ("F16", [2, 2], [1.0, -0.5, 65504.0, 2.0 ** -24]),
        "bf16": ("BF16", [3], [1.0, -3.5, 2.0 ** 100]),
        "i64": ("I64", [2], [-7, 16777216]),
        "i32": ("I32", [2], [123456, -1]),
        "u8": ("U8", [3], [0, 128, 255]),
        "flag": ("BOOL", [2], [True, False]),
    }, {"source": "hand"}, checksum=False)


if __name__ == "__main__":
    main()
