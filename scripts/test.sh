#!/usr/bin/env bash
# Runs every test of the repository, preparing on the way all that the tests need on a fresh machine:
# the native test helpers (gcc), the OTLP receiver's npm packages (from its lockfile), the .NET restore and build.
# Ends with one summary line: "tests: N passed, N failed, N skipped".
# KSTATOTEL_LONG=1 selects the long modes (1,000,000 inputs per decoder, long soak); see docs/reliability.md.
set -euo pipefail
cd "$(dirname "$0")/.."

# Tools some tests run (strace for KernelStateTests, setpriv for the unprivileged-child tests): installed when missing
# and possible (root with apt), otherwise those tests skip and say why.
for tool in strace:strace setpriv:util-linux; do
  if ! command -v "${tool%%:*}" >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    if ! apt-get install -y -qq "${tool#*:}" >/dev/null 2>&1; then
      { apt-get update -qq && apt-get install -y -qq "${tool#*:}"; } >/dev/null 2>&1 \
        || echo "could not install ${tool#*:}: the tests that need ${tool%%:*} will skip"
    fi
  fi
done

for makefile in tests/native/*/Makefile; do
  [ -e "$makefile" ] || continue
  make -s -C "$(dirname "$makefile")"
done

for lock in tests/*/package-lock.json; do
  [ -e "$lock" ] || continue
  (cd "$(dirname "$lock")" && npm ci --no-audit --no-fund --loglevel=error)
done

dotnet build KstatOtel.sln -c Release -nologo -v quiet

passed=0 failed=0 skipped=0 status=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT
for project in tests/*.Tests/*.Tests.csproj; do
  echo "== $project"
  set +e
  dotnet test "$project" -c Release --no-build -nologo --logger "console;verbosity=normal" 2>&1 | tee "$log"
  code=${PIPESTATUS[0]}
  set -e
  [ "$code" -eq 0 ] || status=$code
  # The runner's closing block: "Total tests: N", then "     Passed: N", "     Failed: N", "    Skipped: N" (zero counts omitted).
  if ! grep -qE '^Total tests: [0-9]+' "$log"; then
    echo "no test summary from $project (exit code $code)"
    status=1
    continue
  fi
  count() { grep -E "^ +$1: [0-9]+\$" "$log" | tail -n 1 | grep -oE '[0-9]+' || echo 0; }
  p=$(count Passed) f=$(count Failed) s=$(count Skipped)
  passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s))
done

echo "tests: $passed passed, $failed failed, $skipped skipped"
if [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then
  status=1
fi
exit "$status"
