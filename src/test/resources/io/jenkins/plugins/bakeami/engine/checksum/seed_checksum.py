#!/usr/bin/env python3
"""Reference for the tests: the seed's ami_config_checksum, written from its description (BRIEF.md), not copied.

Usage: seed_checksum.py DIR [DIR...]   prints the checksum on stdout.

Each DIR is walked with os.walk (links to directories are not entered); every non-directory entry whose own name
does not start with '.' is collected as os.path.join(walked directory, name). All paths of all DIRs form one list,
sorted once (str order = code points; undecodable bytes are surrogate-escaped, as Python does for file names).
Each file's SHA-1 in lowercase hex, concatenated, is hashed again with SHA-1.
"""
import hashlib
import os
import sys


def collect(directories):
    paths = []
    for top in directories:
        for walked, _subdirectories, names in os.walk(top):
            paths.extend(os.path.join(walked, name) for name in names if not name.startswith('.'))
    return sorted(paths)


def file_sha1(path):
    digest = hashlib.sha1()
    with open(path, 'rb') as stream:
        for block in iter(lambda: stream.read(1 << 16), b''):
            digest.update(block)
    return digest.hexdigest()


def main(directories):
    if not directories:
        sys.exit('usage: seed_checksum.py DIR [DIR...]')
    joined = ''.join(file_sha1(path) for path in collect(directories))
    print(hashlib.sha1(joined.encode('ascii')).hexdigest())


if __name__ == '__main__':
    main(sys.argv[1:])
