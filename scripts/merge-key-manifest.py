#!/usr/bin/env python3
"""Writes a manifest of about 1 MB that leans on YAML merge keys (`<<`): many anchored mappings of many keys, each
merged into many others. intune-assign must read it in well under a second (issue 13); time it with

    python3 scripts/merge-key-manifest.py > /tmp/merge.yaml && time intune-assign validate /tmp/merge.yaml

(the file is not a valid manifest: validate reports its unknown keys, after reading it whole).
"""
import sys

ANCHORS, KEYS, USERS = 20, 1500, 40
out = ["version: 1", "x-anchors:"]
for a in range(ANCHORS):
    out.append(f"  a{a}: &a{a}")
    out.extend(f"    key{a}_{k}: value{k}" for k in range(KEYS))
out.append("x-users:")
for u in range(USERS):
    merged = ", ".join(f"*a{a}" for a in range(ANCHORS) if (a + u) % 2 == 0)
    out.append(f"  - {{ <<: [{merged}], own{u}: 1 }}")
sys.stdout.write("\n".join(out) + "\n")
