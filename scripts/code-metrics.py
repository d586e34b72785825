#!/usr/bin/env python3
"""Figures on the source tree: files and lines per target, the largest file, comment density, lines over 120
columns, public declarations without a `///` summary, and which targets each target imports.

Usage: python3 scripts/code-metrics.py [ROOT]   (ROOT defaults to the checkout this script is in)
"""
import os
import re
import sys
from collections import defaultdict

root = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sources = os.path.join(root, "Sources")
targets = sorted(d for d in os.listdir(sources) if os.path.isdir(os.path.join(sources, d)))
declaration = re.compile(r"^\s*(?:@\w+(?:\([^)]*\))?\s+)*(?:public|open)\s+(?:(?:static|final|override|mutating|nonisolated|indirect|convenience|required)\s+)*(?:struct|enum|class|actor|protocol|func|var|let|init|typealias|case|subscript|extension)\b")

files_per_target = {}
imports = defaultdict(set)
largest = (0, "")
total_lines = comment_lines = wide = 0
undocumented = []
for target in targets:
    count = 0
    for folder, _, names in os.walk(os.path.join(sources, target)):
        for name in sorted(names):
            if not name.endswith(".swift"):
                continue
            count += 1
            path = os.path.join(folder, name)
            with open(path, encoding="utf-8") as handle:
                lines = handle.read().split("\n")
            if lines and lines[-1] == "":
                lines.pop()
            largest = max(largest, (len(lines), os.path.relpath(path, root)))
            previous = ""
            for number, line in enumerate(lines, 1):
                stripped = line.strip()
                total_lines += 1
                if stripped.startswith("//") or stripped.startswith("/*") or stripped.startswith("*"):
                    comment_lines += 1
                if len(line) > 120:
                    wide += 1
                match = re.match(r"^\s*(?:@\w+\s+)?(?:public\s+|internal\s+|package\s+)?import\s+(?:struct\s+|enum\s+|class\s+)?(\w+)", line)
                if match and match.group(1) in targets:
                    imports[target].add(match.group(1))
                if declaration.match(line) and not line.lstrip().startswith("extension") and "public" in line.split("(")[0]:
                    back = number - 2
                    while back >= 0 and lines[back].strip().startswith("@"):
                        back -= 1
                    if back < 0 or not lines[back].strip().startswith("///"):
                        if not (lines[back].strip().startswith("*/") if back >= 0 else False):
                            undocumented.append(f"{os.path.relpath(path, root)}:{number}")
    files_per_target[target] = count

print("files per target:")
for target in targets:
    print(f"  {target}: {files_per_target[target]}")
print(f"Swift files in Sources: {sum(files_per_target.values())}, lines: {total_lines}")
print(f"largest file: {largest[1]} ({largest[0]} lines)")
print(f"comment lines: {comment_lines} of {total_lines} ({100.0 * comment_lines / max(total_lines, 1):.1f}%)")
print(f"lines over 120 columns: {wide}")
print(f"public declarations without a /// summary: {len(undocumented)}")
for place in undocumented[:int(os.environ.get('SHOW_UNDOCUMENTED', '0'))]:
    print(f"  {place}")
print("imports (target -> targets of this package it imports):")
for target in targets:
    print(f"  {target} -> {', '.join(sorted(imports[target])) or '(none)'}")
