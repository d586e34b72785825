#!/usr/bin/env bash
# Fuzz the manifest reader and decoder with libFuzzer and AddressSanitizer.
#
#   scripts/fuzz.sh [seconds] [more libFuzzer flags...]
#
# Builds Sources/manifest-fuzz with -sanitize=fuzzer,address into .build-fuzz/, seeds fuzz-corpus/ from the
# examples and the malformed-manifest fixtures, and runs for the given time (default 600 s). Crashes land in
# fuzz-artifacts/; replay one with:  swift run manifest-fuzz fuzz-artifacts/crash-...
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-600}
shift || true

swift build -c release --product manifest-fuzz --scratch-path .build-fuzz \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING

mkdir -p fuzz-corpus fuzz-artifacts
find examples Tests/ManifestYAMLTests/Fixtures -name '*.yaml' -o -name '*.yml' | sort | while read -r file; do
  cp "$file" "fuzz-corpus/seed-$(echo "$file" | tr '/' '_')"
done

exec .build-fuzz/release/manifest-fuzz fuzz-corpus \
  -dict=scripts/manifest.dict -max_len=8192 -timeout=10 -rss_limit_mb=4096 \
  -artifact_prefix=fuzz-artifacts/ -print_final_stats=1 -max_total_time="$seconds" "$@"
