#!/usr/bin/env bash
# The soak of docs/reliability.md: an instrumented program refreshing every 10 ms with every family on, process groups
# tracking a churn of short-lived processes, the illumos host module over the stand-in, a reader collecting every
# second; its heap, RSS, descriptors and threads sampled every 10 s and fitted after a warm-up of a sixth of the run.
#   bash scripts/soak.sh [DURATION]     DURATION in seconds, or with m or h (default 30m; CI runs 60 s)
# Prints the slope per hour of each resource; the samples are kept in a CSV under /tmp (its path is printed).
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-30m}
case $duration in
  *h) seconds=$(( ${duration%h} * 3600 )) ;;
  *m) seconds=$(( ${duration%m} * 60 )) ;;
  *) seconds=$duration ;;
esac

for helper in libkstat-standin reliability-helpers; do
  make -s -C "tests/native/$helper"
done
dotnet build tests/KstatOtel.Tests/KstatOtel.Tests.csproj -c Release -nologo -v quiet

figures=${KSTATOTEL_FIGURES:-$(mktemp /tmp/kstatotel-soak-figures.XXXXXX)}
echo "soak: $seconds s; machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), load $(cut -d' ' -f1-3 /proc/loadavg)"
KSTATOTEL_SOAK_SECONDS=$seconds KSTATOTEL_FIGURES=$figures \
  dotnet test tests/KstatOtel.Tests/KstatOtel.Tests.csproj -c Release --no-build -nologo \
  --filter "FullyQualifiedName~KstatOtel.Tests.Reliability.SoakTests" --logger "console;verbosity=detailed"
echo "load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "figures ($figures):"
grep '^soak-' "$figures"
