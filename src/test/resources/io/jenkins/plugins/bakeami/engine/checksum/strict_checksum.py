#!/usr/bin/env python3
"""Reference for the tests: the strict-v1 checksum as docs/checksum.md defines it, written from the document.

Usage: strict_checksum.py --base DIR [--template F] [--var-file F]... [--var NAME=VALUE]... [--extra-input TEXT]...
                          [--extra-file F]... [--base-image REGION=AMI]... [--line-endings exact|normalize] DIR...
Covers the default symlink policy (record) and no excludes.
"""
import argparse
import hashlib
import os
import stat
import struct


def shown(base, path):
    path = os.path.normpath(os.path.join(base, path))
    if path == base:
        return ''
    if path.startswith(base.rstrip('/') + '/'):
        return path[len(base.rstrip('/')) + 1:]
    return path


NORMALIZE = False


def sha256_file(path):
    if NORMALIZE:
        # line endings normalize: a text file (no NUL byte) with each CRLF read as LF; a binary file as it is
        with open(path, 'rb') as stream:
            data = stream.read()
        return hashlib.sha256(data if b'\0' in data else data.replace(b'\r\n', b'\n')).digest()
    digest = hashlib.sha256()
    with open(path, 'rb') as stream:
        for block in iter(lambda: stream.read(1 << 16), b''):
            digest.update(block)
    return digest.digest()


def sha256_text(text):
    return hashlib.sha256(os.fsencode(text)).digest()


def tree_records(base, directory):
    root = os.path.normpath(os.path.join(base, directory))
    prefix = shown(base, root)
    prefix = prefix + '/' if prefix else ''
    records = []
    for walked, subdirectories, names in os.walk(root):
        relative_dir = os.path.relpath(walked, root)
        for name in subdirectories + names:
            path = os.path.join(walked, name)
            relative = name if relative_dir == '.' else relative_dir + '/' + name
            if os.path.islink(path):
                records.append(('symlink', prefix + relative, sha256_text(os.readlink(path))))
            elif name in names:
                mode = os.stat(path).st_mode
                kind = 'executable' if mode & stat.S_IXUSR else 'file'
                records.append((kind, prefix + relative, sha256_file(path)))
    return records


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--base', required=True)
    parser.add_argument('--template')
    parser.add_argument('--var-file', action='append', default=[])
    parser.add_argument('--var', action='append', default=[])
    parser.add_argument('--extra-input', action='append', default=[])
    parser.add_argument('--extra-file', action='append', default=[])
    parser.add_argument('--base-image', action='append', default=[])
    parser.add_argument('--line-endings', choices=['exact', 'normalize'], default='exact')
    parser.add_argument('directories', nargs='+')
    args = parser.parse_args()
    global NORMALIZE
    NORMALIZE = args.line_endings == 'normalize'
    base = os.path.normpath(args.base)
    records = []
    if args.template:
        records.append(('template', shown(base, args.template), sha256_file(os.path.join(base, args.template))))
    for var_file in args.var_file:
        records.append(('var-file', shown(base, var_file), sha256_file(os.path.join(base, var_file))))
    for name, value in sorted(var.split('=', 1) for var in args.var):
        records.append(('var', name, sha256_text(value)))
    for position, text in enumerate(args.extra_input, 1):
        records.append(('extra-input', str(position), sha256_text(text)))
    for extra_file in args.extra_file:
        records.append(('extra-file', shown(base, extra_file), sha256_file(os.path.join(base, extra_file))))
    for base_image in args.base_image:
        region, image = base_image.split('=', 1)
        records.append(('base-image', region + ' ' + image, sha256_text(image)))
    tree = []
    for directory in args.directories:
        tree.extend(tree_records(base, directory))
    tree.sort(key=lambda record: record[1])
    unique = []
    for record in tree:
        if not unique or unique[-1][1] != record[1]:
            unique.append(record)
    message = bytearray(b'bake-ami strict-v1\0')
    for kind, name, digest in records + unique:
        for field in (kind.encode('ascii'), os.fsencode(name)):
            message += struct.pack('>I', len(field)) + field
        message += digest
    print('strict-v1:' + hashlib.sha256(bytes(message)).hexdigest())


if __name__ == '__main__':
    main()
