#!/usr/bin/env python3
"""Generates the benchmark data sets, deterministically (a seeded generator): the same bytes on every machine.

    gen_data.py small DIR   20,000 files of 1-16 KB in nested directories (plus a few dotfiles, which the checksum
                            skips), names chosen so that '-' < '.' < '/' and a non-ASCII name matter for the order
    gen_data.py ami DIR     a realistic AMI definition: a Packer template, Ansible roles, scripts, a few binaries
                            (~300 files, a few MB)

The large files (4 x 512 MB) come from `openssl enc` in bench/run: Python would take longer to make 2 GiB.
Writes into DIR, which must not exist yet.
"""
import os
import random
import sys

SEED = 20261123


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def small(root):
    rng = random.Random(SEED)
    # 20 x 10 x 100 = 20,000 files. Sibling names that sort differently per character ('-' < '.' < '/') and per
    # code point (a non-ASCII name) make a wrong sort order visible as a different checksum.
    tops = ["svc-%02d" % i for i in range(10)] + ["svc.%02d" % i for i in range(5)] + ["svc%02d" % i for i in range(4)]
    tops.append("caf\u00e9")
    count = 0
    for top in tops:
        for sub in range(10):
            subdir = os.path.join(root, top, "conf-%d" % sub if sub % 3 else "conf.%d" % sub)
            for n in range(100):
                size = rng.randint(1024, 16 * 1024)
                name = "f%03d.yml" % n if n % 4 else "f%03d-x.yml" % n
                write(os.path.join(subdir, name), rng.randbytes(size))
                count += 1
            # skipped by the checksum (name starts with '.'), but present as in a real repository
            write(os.path.join(subdir, ".keep"), b"")
    # a dot-directory is walked; its files count
    write(os.path.join(root, ".config", "settings.yml"), b"walked: true\n")
    return count + 1


ROLES = ["common", "users", "ssh", "ntp", "docker", "nginx", "app", "logging", "monitoring", "security",
         "firewall", "backup", "java", "python", "node"]


def yaml_text(rng, lines):
    words = ["name", "state", "present", "become", "yes", "notify", "restart", "template", "src", "dest", "owner",
             "group", "mode", "when", "with_items", "service", "enabled", "package", "update_cache", "copy"]
    out = []
    for i in range(lines):
        indent = "  " * rng.randint(0, 3)
        out.append("%s- %s: %s %s" % (indent, rng.choice(words), rng.choice(words), rng.randint(0, 9999)))
    return ("---\n" + "\n".join(out) + "\n").encode("utf-8")


def ami(root):
    rng = random.Random(SEED + 3)
    files = 0
    write(os.path.join(root, "packer.json"), b'{\n  "variables": {"aws_region": "", "aws_subnet_id": "",'
          b' "config_checksum": ""},\n  "builders": [{"type": "amazon-ebs", "region": "{{user `aws_region`}}"}]\n}\n')
    write(os.path.join(root, ".gitignore"), b".manifest.json\n.ami_id.json\n")
    files += 1
    for role in ROLES:
        base = os.path.join(root, "ansible", "roles", role)
        for part in ["tasks", "handlers", "defaults", "vars", "meta"]:
            write(os.path.join(base, part, "main.yml"), yaml_text(rng, rng.randint(10, 120)))
            files += 1
        for n in range(rng.randint(4, 8)):
            write(os.path.join(base, "templates", "conf-%d.j2" % n), yaml_text(rng, rng.randint(20, 200)))
            files += 1
        for n in range(rng.randint(2, 5)):
            write(os.path.join(base, "files", "blob-%d.bin" % n), rng.randbytes(rng.randint(2000, 60000)))
            files += 1
    write(os.path.join(root, "ansible", "playbook.yml"), yaml_text(rng, 60))
    files += 1
    for n in range(40):
        write(os.path.join(root, "scripts", "step-%02d.sh" % n), b"#!/bin/sh\nset -eu\n" + yaml_text(rng, 30))
        files += 1
    # a couple of binaries baked into the image (an agent package, a certificate bundle)
    write(os.path.join(root, "files", "agent_1.2.3_amd64.deb"), rng.randbytes(1500 * 1024))
    write(os.path.join(root, "files", "ca-bundle.pem"), yaml_text(rng, 3000))
    files += 2
    while files < 300:
        write(os.path.join(root, "files", "motd.d", "%02d-banner" % files), yaml_text(rng, 5))
        files += 1
    return files


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ("small", "ami"):
        sys.exit("usage: gen_data.py small|ami DIR")
    kind, root = sys.argv[1], sys.argv[2]
    if os.path.exists(root):
        sys.exit("gen_data.py: %s exists already" % root)
    count = small(root) if kind == "small" else ami(root)
    print("%s: %d files" % (root, count))


if __name__ == "__main__":
    main()
