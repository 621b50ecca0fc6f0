#!/usr/bin/env python3
"""Where a SQLite store's bytes go, per stored log line (docs/PERFORMANCE.md, "Disk").

Usage: python3 scripts/chunk-bytes.py DATA_DIR/iilogs.sqlite

Walks every chunk's container (block format 2 and later, docs/CHUNK-FORMAT.md): the meta stream, the message
sections and their token filters, and the block filter in the `chunks` row; then SQLite's `dbstat` pages per
table and index. Read-only; run it on a stopped collector's file or a copy.
"""
import sqlite3
import sys
from collections import Counter


def varint(data, offset):
    value, shift = 0, 0
    while True:
        byte = data[offset]
        offset += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, offset


def main(path):
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    parts, lines = Counter(), 0
    # Chunk bytes: in pieces (`chunk_pieces`, key = id << 16 | piece) and a tail (`chunk_tails`) since migration 008,
    # whole in `chunk_data` before.
    tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    pieces = {}
    if "chunk_pieces" in tables:
        for key, piece in db.execute("SELECT key, data FROM chunk_pieces ORDER BY key"):
            pieces.setdefault(key >> 16, []).append(piece)
        for chunk_id, tail in db.execute("SELECT id, data FROM chunk_tails"):  # each chunk's last part
            pieces.setdefault(chunk_id, []).append(tail)
    whole = dict(db.execute("SELECT id, data FROM chunk_data")) if "chunk_data" in tables else {}
    query = "SELECT c.id, c.format, c.line_count, c.filter FROM chunks c"
    for chunk_id, fmt, line_count, row_filter in db.execute(query):
        data = b"".join(pieces[chunk_id]) if chunk_id in pieces else whole.get(chunk_id)
        if data is None:
            continue
        lines += line_count
        parts["blob"] += len(data)
        parts["block filter (chunks row)"] += len(row_filter)
        if fmt < 2:
            continue
        o = 0
        if fmt >= 6:                        # template dictionary id and checksum (ADR 016)
            _, o = varint(data, o)
            o += 4
        _, o = varint(data, o)              # meta inflated length
        meta_compressed, o = varint(data, o)
        sections, o = varint(data, o)
        for _ in range(sections):
            apps, o = varint(data, o)
            for _ in range(apps):
                _, o = varint(data, o)
            _, o = varint(data, o)          # inflated length (v2) / message bytes (v3+)
            if fmt >= 3:
                _, o = varint(data, o)      # stream length
            compressed, o = varint(data, o)
            filter_length, o = varint(data, o)
            parts["section filters"] += filter_length
            parts["message sections"] += compressed
            o += filter_length
        parts["container header"] += o
        parts["meta stream"] += meta_compressed
    parts["container header"] -= parts["section filters"]
    if not lines:
        sys.exit("no lines in this store")
    print(f"{lines} lines")
    for name, size in parts.items():
        print(f"  {name:28} {size / lines:6.2f} B/line")
    try:
        rows = db.execute("SELECT name, SUM(pgsize), SUM(payload), SUM(unused) FROM dbstat GROUP BY name ORDER BY 2 DESC")
        print("pages (dbstat): name, pages, payload, unused — B/line")
        for name, pages, payload, unused in rows:
            print(f"  {name:28} {pages / lines:6.2f} {payload / lines:6.2f} {unused / lines:6.2f}")
    except sqlite3.OperationalError as error:
        print(f"dbstat unavailable: {error}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
