#!/usr/bin/env python3
"""Decode Sluice's Avro route records (WebhookEvent, Avro single-object encoding) in Python.

Uses only the Apache Avro library (Debian: `apt-get install python3-avro`; pip: `avro`).

Layout of a record value:
    bytes 0..1   C3 01                      single-object marker
    bytes 2..9   CRC-64-AVRO fingerprint    of the writer schema's parsing canonical form, little-endian
    bytes 10..   Avro binary                the WebhookEvent, written with that schema

Usage: sluice_decode.py [--schema FILE.avsc ...] VALUE_FILE ...
Prints one JSON object per file. Without --schema it loads schemas/src/main/avro/WebhookEvent.avsc and
every schemas/src/test/resources/released/*/WebhookEvent.avsc of this repository.
"""
import base64
import glob
import io
import json
import os
import struct
import sys

import avro.io
import avro.schema

MAGIC = b"\xc3\x01"
_EMPTY = 0xC15D213AA4D7A795  # CRC-64-AVRO, from the Avro specification
_TABLE = []
for _i in range(256):
    _fp = _i
    for _ in range(8):
        _fp = (_fp >> 1) ^ (_EMPTY & -(_fp & 1))
    _TABLE.append(_fp)


def fingerprint64(data: bytes) -> int:
    """CRC-64-AVRO of some bytes (the schema's parsing canonical form)."""
    fp = _EMPTY
    for b in data:
        fp = (fp >> 8) ^ _TABLE[(fp ^ b) & 0xFF]
    return fp


def parsing_canonical_form(schema) -> bytes:
    """The schema's Parsing Canonical Form, as Java computes it.

    avro-python 1.11's `canonical_form` leaves a primitive that had a logical type as {"type":"long"};
    the specification's [PRIMITIVES] rule (and Java) write it as "long", so collapse those here.
    """
    def collapse(node):
        if isinstance(node, dict):
            if list(node.keys()) == ["type"] and isinstance(node["type"], str):
                return node["type"]
            return {k: collapse(v) for k, v in node.items()}
        if isinstance(node, list):
            return [collapse(v) for v in node]
        return node
    return json.dumps(collapse(json.loads(schema.canonical_form)), separators=(",", ":")).encode("utf-8")


def load_schemas(paths):
    """fingerprint -> schema, for every .avsc given (current and released WebhookEvent schemas)."""
    schemas = {}
    for path in paths:
        with open(path, encoding="utf-8") as f:
            schema = avro.schema.parse(f.read())
        schemas[fingerprint64(parsing_canonical_form(schema))] = schema
    return schemas


def decode(value: bytes, schemas) -> dict:
    """One record value -> the WebhookEvent as a dict."""
    if len(value) < 10 or value[:2] != MAGIC:
        raise ValueError("not Avro single-object encoding (no C3 01 marker)")
    (fp,) = struct.unpack("<Q", value[2:10])
    schema = schemas.get(fp)
    if schema is None:
        raise ValueError("unknown writer schema fingerprint %016x" % fp)
    reader = avro.io.DatumReader(schema)
    return reader.read(avro.io.BinaryDecoder(io.BytesIO(value[10:])))


def to_json(event: dict) -> dict:
    out = dict(event)
    for k in ("time", "received_at"):
        if out.get(k) is not None and hasattr(out[k], "isoformat"):
            out[k] = out[k].isoformat()
    out["data_base64"] = base64.b64encode(out.pop("data")).decode("ascii")
    return out


def main(argv):
    schema_paths, files = [], []
    args = iter(argv)
    for a in args:
        if a == "--schema":
            schema_paths.append(next(args))
        else:
            files.append(a)
    if not schema_paths:
        root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "schemas", "src")
        schema_paths = [os.path.join(root, "main", "avro", "WebhookEvent.avsc")]
        schema_paths += sorted(glob.glob(os.path.join(root, "test", "resources", "released", "*", "WebhookEvent.avsc")))
    schemas = load_schemas(schema_paths)
    for path in files:
        with open(path, "rb") as f:
            print(json.dumps(to_json(decode(f.read(), schemas)), sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
