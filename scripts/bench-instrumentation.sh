#!/usr/bin/env bash
# Benchmarks the KstatOtel instrumentation on Linux, in one BenchmarkDotNet run per class:
#   InstrumentationRefreshBenchmarks: one refresh of the own process (taskstats + procfs, procfs alone) against the
#     route of OpenTelemetry.Instrumentation.Process (the Process class) and against the same system calls from C;
#   InstrumentationCollectBenchmarks: one full collection of every instrument from the cache, through the SDK (with
#     an empty meter as the baseline) and through a bare MeterListener.
# Builds the C reference (tests/native/instrumentation-bench) and puts it on LD_LIBRARY_PATH. Needs CAP_NET_ADMIN
# (run as root). Extra arguments go to BenchmarkDotNet; the default job is --job short.
#   bash scripts/bench-instrumentation.sh                 # short job
#   bash scripts/bench-instrumentation.sh --job default   # the full job
# Results: BenchmarkDotNet.Artifacts/results/ (the figures of record are in docs/benchmarks.md).
set -euo pipefail
cd "$(dirname "$0")/.."

make -s -C tests/native/instrumentation-bench
export LD_LIBRARY_PATH="$PWD/tests/native/instrumentation-bench${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"

args=("$@")
if [[ ! " ${args[*]} " =~ " --job " ]]; then
  args=(--job short "${args[@]}")
fi

echo "load before the run: $(cat /proc/loadavg)"
dotnet run -c Release --project tests/KstatOtel.Benchmarks -- --filter '*InstrumentationRefreshBenchmarks*' '*InstrumentationCollectBenchmarks*' "${args[@]}"
echo "load after the run: $(cat /proc/loadavg)"
