#!/usr/bin/env bash
# BenchmarkDotNet figures of KstatOtel.Kstat (the libkstat binding) against the libkstat stand-in: re-reads of
# looked-up kstats into kept values (the instrumentation's refresh path, [MemoryDiagnoser]) and the whole chain of a
# real illumos machine (1,566 kstats). Results: BenchmarkDotNet.Artifacts/results/; recorded in docs/benchmarks.md.
# Extra arguments go to BenchmarkDotNet (for example --job short for a quick run).
set -euo pipefail
cd "$(dirname "$0")/.."
make -s -C tests/native/libkstat-standin
dotnet run -c Release --project tests/KstatOtel.Benchmarks -- \
  --filter '*KstatRefreshBenchmarks*' '*KstatChainBenchmarks*' "$@"
