#!/usr/bin/env bash
# Runs every iilogs fuzz target under libFuzzer for a bounded time.
#
#   fuzz/run.sh [SECONDS_PER_TARGET] [TARGET…]      (default 30 s, every target)
#
# Builds `iilogs-fuzz` in release with -sanitize=fuzzer into .build-fuzz (lld: the default gold
# linker crashes on fuzzer builds). Starts from fuzz/corpus/TARGET and fuzz/regressions/TARGET;
# new interesting inputs go to a scratch folder (promote good ones to fuzz/corpus by hand), crashes
# to fuzz/crashes/ — add each fixed crash's input to fuzz/regressions/TARGET/ so `swift test`
# replays it forever. Exits non-zero when any target crashes or breaks an invariant.
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_PER_TARGET="${1:-30}"
shift || true
TARGETS=("$@")
if [ ${#TARGETS[@]} -eq 0 ]; then
  TARGETS=(wire-stream log-block-body log-block-container syslog-message syslog-stream text-settings rule-file query-parameters json-document message-templates)
fi

swift build -c release --product iilogs-fuzz --scratch-path .build-fuzz \
  -Xswiftc -sanitize=fuzzer -Xswiftc -use-ld=lld -Xswiftc -DIILOGS_LIBFUZZER 2>&1 | { grep -E "error|warning: |Compiling|complete!" || true; } | tail -5
BINARY="$(swift build -c release --product iilogs-fuzz --scratch-path .build-fuzz --show-bin-path)/iilogs-fuzz"

SCRATCH="$(mktemp -d)"
trap 'rm -rf "$SCRATCH"' EXIT
mkdir -p fuzz/crashes
status=0
for target in "${TARGETS[@]}"; do
  mkdir -p "$SCRATCH/$target"
  echo "== $target: ${SECONDS_PER_TARGET}s"
  if ! IILOGS_FUZZ_TARGET="$target" SWIFT_BACKTRACE=enable=no "$BINARY" \
      "$SCRATCH/$target" "fuzz/corpus/$target" "fuzz/regressions/$target" \
      -max_total_time="$SECONDS_PER_TARGET" -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
      -artifact_prefix="fuzz/crashes/$target-" -print_final_stats=1 2>"$SCRATCH/$target.log"; then
    status=1
    echo "!! $target failed; last lines of its log:"
    tail -30 "$SCRATCH/$target.log"
  fi
  grep -E "stat::number_of_executed_units|stat::peak_rss_mb|NEW_FUNC|cov:" "$SCRATCH/$target.log" | tail -3 || true
done
exit $status
