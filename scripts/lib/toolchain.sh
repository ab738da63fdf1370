# Sourced by every project script: puts Node >= 24 and the pinned pnpm first on PATH.
# The system's node and pnpm are used when they fit; otherwise both come from the npm registry
# (`node@24` ships the Node binary) into .tools/ (git-ignored), so no download site but npm is needed.
FCFS_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
FCFS_TOOLS="$FCFS_ROOT/.tools"
FCFS_PNPM_VERSION="$(sed -n 's/.*"packageManager": *"pnpm@\([^"]*\)".*/\1/p' "$FCFS_ROOT/package.json")"
export FCFS_ROOT

node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ "$(node_major)" -lt 24 ] || [ "$(pnpm --version 2>/dev/null)" != "$FCFS_PNPM_VERSION" ]; then
  tools_bin="$FCFS_TOOLS/node_modules/.bin"
  if [ "$("$tools_bin/pnpm" --version 2>/dev/null)" != "$FCFS_PNPM_VERSION" ] || [ ! -x "$tools_bin/node" ]; then
    echo "toolchain: installing node@24 and pnpm@$FCFS_PNPM_VERSION from npm into .tools/" >&2
    npm install --prefix "$FCFS_TOOLS" --no-save --no-package-lock --no-audit --no-fund \
      node@24 "pnpm@$FCFS_PNPM_VERSION" >&2
  fi
  export PATH="$tools_bin:$PATH"
fi
