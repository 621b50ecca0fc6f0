#!/usr/bin/env bash
# Builds the fully static iilogs-agent to bake into images (docs/AGENT.md "Building the agent for an image"):
# no Swift runtime libraries to install. Optimised for size (-Osize): on kernels that map whole large
# page-cache folios, the executable's size is most of the agent's RSS (ADR 011, docs/PERFORMANCE.md "Eighth
# session"), and the agent's CPU at 1,000 lines/s is the same as with -O. Prints the path of the stripped binary.
set -euo pipefail
cd "$(dirname "$0")/../.."
swift build -c release --product iilogs-agent -Xswiftc -static-executable -Xswiftc -Osize --scratch-path .build-static >&2
strip -o .build-static/iilogs-agent .build-static/release/iilogs-agent
echo "$PWD/.build-static/iilogs-agent"
