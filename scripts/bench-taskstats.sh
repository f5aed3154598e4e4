#!/usr/bin/env bash
# Benchmarks a taskstats query from C# (KstatOtel.Taskstats) against the same query from C, in one BenchmarkDotNet run.
# Builds the C reference (tests/native/taskstats-bench), puts it on LD_LIBRARY_PATH, runs the benchmark class.
# Needs CAP_NET_ADMIN (run as root). Extra arguments go to BenchmarkDotNet; the default job is --job short.
#   bash scripts/bench-taskstats.sh                 # short job
#   bash scripts/bench-taskstats.sh --job default   # the full job
# Results: BenchmarkDotNet.Artifacts/results/ (the figures of record are in docs/benchmarks.md).
set -euo pipefail
cd "$(dirname "$0")/.."

make -s -C tests/native/taskstats-bench
export LD_LIBRARY_PATH="$PWD/tests/native/taskstats-bench${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"

args=("$@")
if [[ ! " ${args[*]} " =~ " --job " ]]; then
  args=(--job short "${args[@]}")
fi

echo "load before the run: $(cat /proc/loadavg)"
dotnet run -c Release --project tests/KstatOtel.Benchmarks -- --filter '*TaskstatsQueryBenchmarks*' '*TaskstatsExitListenerBenchmarks*' "${args[@]}"
echo "load after the run: $(cat /proc/loadavg)"
