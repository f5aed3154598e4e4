#!/usr/bin/env bash
# Process groups: one refresh of every process of the host, C# (KstatOtel's process-group tracker) against a C program
# reading the same files the same way, measured in the same BenchmarkDotNet run, with the host's processes and with
# 2,000 extra sleeping processes that the benchmark starts and removes (pg-child sleepers). Builds the C reference
# (tests/native/process-groups-bench) and the sleepers (tests/native/process-groups-helpers), puts the reference on
# LD_LIBRARY_PATH and runs the benchmark class. Extra arguments go to BenchmarkDotNet; the default job is --job short.
#   bash scripts/bench-process-groups.sh                 # short job
#   bash scripts/bench-process-groups.sh --job default   # the full job
# Run it as root to read every process's files (as another user, other users' I/O files are refused on both sides).
# Results: BenchmarkDotNet.Artifacts/results/ (the figures of record are in docs/benchmarks.md).
set -euo pipefail
cd "$(dirname "$0")/.."

make -s -C tests/native/process-groups-bench
make -s -C tests/native/process-groups-helpers
export LD_LIBRARY_PATH="$PWD/tests/native/process-groups-bench${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"

# Each side keeps four descriptors per process open: 2,000 extra processes need about 9,000.
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt 20000 ]; then
  ulimit -n 20000 2>/dev/null || echo "warning: ulimit -n is $(ulimit -n); the 2,000-process run needs about 10,000 descriptors"
fi

args=("$@")
if [[ ! " ${args[*]} " =~ " --job " ]]; then
  args=(--job short "${args[@]}")
fi

echo "processes before the run: $(ls -d /proc/[0-9]* | wc -l); load: $(cat /proc/loadavg)"
dotnet run -c Release --project tests/KstatOtel.Benchmarks -- --filter '*ProcessGroupsRefreshBenchmarks*' "${args[@]}"
echo "load after the run: $(cat /proc/loadavg)"

# BenchmarkDotNet measures each case in a process of its own, one after the other: on a shared machine the load moves
# between them. The same two refreshes alternated in one process weigh that drift alike on both sides.
for extra in 0 2000; do
  dotnet run -c Release --no-build --project tests/KstatOtel.Benchmarks -- --process-groups-interleaved "$extra"
done
