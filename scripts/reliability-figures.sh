#!/usr/bin/env bash
# The figures of docs/reliability.md. Runs the property tests of every decoder and/or the reliability tests, with
# each figure they record appended to one file as a tab-separated line (area, name, value, unit), then prints it.
#   bash scripts/reliability-figures.sh [fuzz|reliability|all]        CI sizes (50,000 inputs per decoder, 60 s load and soak)
#   KSTATOTEL_LONG=1 bash scripts/reliability-figures.sh fuzz         long mode: 1,000,000 inputs per decoder
#   KSTATOTEL_SEED=N ...                                              replays one seed
# The long soak is scripts/soak.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-all}

for makefile in tests/native/*/Makefile; do
  make -s -C "$(dirname "$makefile")"
done
(cd tests/otlp-receiver && npm ci --no-audit --no-fund --loglevel=error)
dotnet build KstatOtel.sln -c Release -nologo -v quiet

export KSTATOTEL_FIGURES=${KSTATOTEL_FIGURES:-$(mktemp /tmp/kstatotel-figures.XXXXXX)}
run() {
  dotnet test "tests/$1/$1.csproj" -c Release --no-build -nologo --filter "$2" --logger "console;verbosity=detailed"
}

start=$(date +%s)
if [ "$what" = fuzz ] || [ "$what" = all ]; then
  run KstatOtel.Taskstats.Tests "FullyQualifiedName~Fuzzing"
  run KstatOtel.Kstat.Tests "FullyQualifiedName~Fuzzing"
  run KstatOtel.Tests "FullyQualifiedName~ParserPropertyTests|FullyQualifiedName~TheDecodersOnlyEverRejectWithTheMalformedInputException|FullyQualifiedName~MntInfoDecodesItsFieldsAndRefusesAShortBuffer|FullyQualifiedName~AnyBytesMakeACommandLine"
fi
if [ "$what" = reliability ] || [ "$what" = all ]; then
  run KstatOtel.Taskstats.Tests "FullyQualifiedName~Reliability"
  run KstatOtel.Tests "FullyQualifiedName~Reliability"
fi

echo "$((($(date +%s) - start))) s; machine: $(nproc) cores, $(uname -r), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "figures ($KSTATOTEL_FIGURES):"
sort "$KSTATOTEL_FIGURES"
