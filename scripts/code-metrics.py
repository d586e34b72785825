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

# --- The shape of the code (issue 27): lines per target, functions and types by size, files that declare no type,
# public read entry points, README length. Functions and types are found by their declaration line and measured to
# the brace that closes them (strings and comments are skipped when counting braces).
func_start = re.compile(r"^\s*(?:@[\w.]+(?:\([^)]*\))?\s+)*(?:(?:public|private|fileprivate|internal|package|static|final|override|mutating|nonmutating|nonisolated|convenience|required|@inlinable)\s+)*(?:func\s+(`?[\w]+`?|[^\s(<]+)|init\??|subscript)\s*[<(]")
type_start = re.compile(r"^\s*(?:@[\w.]+(?:\([^)]*\))?\s+)*(?:(?:public|private|fileprivate|internal|package|final|indirect)\s+)*(struct|enum|class|actor|protocol|extension)\s+([\w.]+)")
read_verbs = re.compile(r"^(read|list|listing|listed|observe|assignments|groups|group|signed|existing|collection|approval|my|fetch|get|retrieve|snapshot|make)", re.I)


def scan_braces(lines, start):
    """The index of the line that closes the first `{` at or after `start` (`start` itself when no body opens
    within 15 lines: a protocol requirement), and the declaration's text up to that brace, for its parameters."""
    depth = 0
    opened = False
    header = []
    in_string = False
    for index in range(start, min(len(lines), start + 2000)):
        line = lines[index]
        if not opened:
            header.append(line.split("{")[0])
        position = 0
        while position < len(line):
            char = line[position]
            if in_string:
                if char == "\\":
                    position += 2
                    continue
                if char == '"':
                    in_string = False
            elif line.startswith("//", position):
                break
            elif char == '"':
                in_string = True
            elif char == "{":
                depth += 1
                opened = True
            elif char == "}":
                depth -= 1
                if opened and depth == 0:
                    return index, " ".join(header)
            position += 1
        if not opened and index - start > 15:
            return start, " ".join(header)
    return start, " ".join(header)


def parameter_count(header):
    open_at = header.find("(")
    if open_at < 0:
        return 0
    depth = 0
    count = 0
    seen = False
    for char in header[open_at:]:
        if char in "([<":
            depth += 1
            if depth == 1:
                continue
        elif char in ")]>":
            depth -= 1
            if depth == 0:
                break
        if depth == 1:
            if char == ",":
                count += 1
            elif not char.isspace():
                seen = True
    return count + 1 if seen else 0


non_blank = defaultdict(int)
functions = []
type_lines = defaultdict(int)
no_type = []
read_points = []
for target in targets:
    for folder, _, names in os.walk(os.path.join(sources, target)):
        for name in sorted(names):
            if not name.endswith(".swift"):
                continue
            path = os.path.join(folder, name)
            relative = os.path.relpath(path, root)
            with open(path, encoding="utf-8") as handle:
                lines = handle.read().split("\n")
            non_blank[target] += sum(1 for line in lines if line.strip())
            declares = False
            for number, line in enumerate(lines):
                if line.lstrip().startswith("//"):
                    continue
                typed = type_start.match(line)
                if typed:
                    if typed.group(1) != "extension":
                        declares = True
                    end, _ = scan_braces(lines, number)
                    if end > number and not line.startswith((" ", "\t")):
                        type_lines[typed.group(2).split(".")[0] if typed.group(1) == "extension" else typed.group(2)] += end - number + 1
                    continue
                function = func_start.match(line)
                if function:
                    end, header = scan_braces(lines, number)
                    if end > number:
                        label = function.group(1) or line.strip().split("(")[0].split()[-1]
                        functions.append((end - number + 1, parameter_count(header), f"{relative}:{number + 1} {label}"))
                    if (target in ("GraphClient", "IntuneAssignOperations") and "public" in line.split("(")[0]
                            and "async" in header and function.group(1) and read_verbs.match(function.group(1))
                            and "mutating" not in line):
                        read_points.append(f"{relative}:{number + 1} {function.group(1)}")
            if not declares:
                no_type.append(relative)

swift_files = sum(files_per_target.values())
print("non-blank lines per target:")
for target in targets:
    print(f"  {target}: {non_blank[target]}")
functions.sort(reverse=True)
print(f"functions: {len(functions)}; over 80 lines: {sum(1 for f in functions if f[0] > 80)}; "
      f"over 100 lines: {sum(1 for f in functions if f[0] > 100)}; over 6 parameters: "
      f"{sum(1 for f in functions if f[1] > 6)}")
print("longest functions:")
for length, parameters, place in functions[:int(os.environ.get("SHOW_FUNCTIONS", "8"))]:
    print(f"  {length:4d} lines, {parameters} parameters  {place}")
for length, parameters, place in sorted(functions, key=lambda f: -f[1]):
    if parameters > 6:
        print(f"  {parameters} parameters ({length} lines)  {place}")
print("largest types (declaration and extensions, lines):")
for name, count in sorted(type_lines.items(), key=lambda item: -item[1])[:int(os.environ.get("SHOW_TYPES", "8"))]:
    print(f"  {count:5d}  {name}")
print(f"files that declare no type: {len(no_type)} of {swift_files}")
for place in no_type[:int(os.environ.get("SHOW_NO_TYPE", "0"))]:
    print(f"  {place}")
print(f"public read entry points (async, GraphClient and IntuneAssignOperations): {len(read_points)}")
for place in read_points[:int(os.environ.get("SHOW_READS", "0"))]:
    print(f"  {place}")
readme = os.path.join(root, "README.md")
if os.path.exists(readme):
    with open(readme, encoding="utf-8") as handle:
        print(f"README.md: {len(handle.read().splitlines())} lines")
