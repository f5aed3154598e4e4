#!/usr/bin/env bash
# BenchmarkDotNet figures of the illumos host metrics (src/KstatOtel/Illumos) against the libkstat stand-in serving a
# real illumos machine (the chain of 1,566 kstats plus the values of the real captures): one full host refresh in
# steady state, one after a chain change, and one full collection of every host instrument ([MemoryDiagnoser]).
# Results: BenchmarkDotNet.Artifacts/results/; recorded in docs/benchmarks.md. Extra arguments go to BenchmarkDotNet.
set -euo pipefail
cd "$(dirname "$0")/.."
make -s -C tests/native/libkstat-standin
dotnet run -c Release --project tests/KstatOtel.Benchmarks -- --filter '*HostMetricsBenchmarks*' "$@"
