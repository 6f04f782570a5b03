#!/usr/bin/env python3
"""The seed's ami_config_checksum in plain Python, the benchmark's Python baseline (docs/checksum.md, mode
ami-bakery): every file under the directories (os.walk, links to directories not entered), names starting with
'.' left out, the whole list of path strings sorted once (str order = code point order), SHA-1 of each file's
bytes as lowercase hex, concatenated, SHA-1 of that text.

    seed_checksum.py DIR [DIR...]      prints the checksum; DIRs should be absolute, as the seed is used
"""
import hashlib
import os
import sys

CHUNK = 1 << 20


def file_sha1(path):
    digest = hashlib.sha1()
    with open(path, "rb") as f:
        while True:
            chunk = f.read(CHUNK)
            if not chunk:
                break
            digest.update(chunk)
    return digest.hexdigest()


def checksum(directories):
    paths = []
    for directory in directories:
        for root, _subdirectories, names in os.walk(directory.rstrip("/") or "/"):
            paths.extend(os.path.join(root, name) for name in names if not name.startswith("."))
    paths.sort()
    outer = hashlib.sha1()
    for path in paths:
        outer.update(file_sha1(path).encode("ascii"))
    return outer.hexdigest()


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: seed_checksum.py DIR [DIR...]")
    print(checksum(sys.argv[1:]))
