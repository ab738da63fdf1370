# Sourced: exports the local platform's settings that `infra.sh up` generated (.infra/local.env, git-ignored).
# Variables already set in the environment win, so an operator can point at other infrastructure.
load_local_env() {
  local file="$FCFS_ROOT/.infra/local.env" line name
  [ -f "$file" ] || { echo "missing $file: run 'pnpm infra:up' first" >&2; return 1; }
  while IFS= read -r line || [ -n "$line" ]; do
    case "$line" in '' | '#'*) continue ;; esac
    name="${line%%=*}"
    if [ -z "${!name+x}" ]; then export "$line"; fi
  done <"$file"
}
