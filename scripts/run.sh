#!/usr/bin/env bash
# Runs a command with the project's toolchain (Node >= 24, pinned pnpm) and its binaries on PATH.
set -euo pipefail
source "$(dirname "$0")/lib/toolchain.sh"
export PATH="$FCFS_ROOT/node_modules/.bin:$PATH"
exec "$@"
