#!/usr/bin/env bash
# Packs every package of the repository, as a release does:
#   KstatOtel, KstatOtel.Taskstats, KstatOtel.Kstat   libraries, each with its .snupkg (portable PDB, Source Link)
#   kstatotel-getdelays, kstatotel-kstat              .NET tools (dotnet tool install -g <id>)
#
#   bash scripts/pack.sh [--output DIR] [--build-dir DIR] [dotnet pack arguments...]
#
# Packages go to DIR (default artifacts/packages/, gitignored). The build is a clean one of its own in the build
# folder (default artifacts/build/), away from the bin/ and obj/ folders of everyday builds, with the CI settings
# (ContinuousIntegrationBuild: deterministic, source paths mapped to /_/, only the repository's git configuration
# read), and the zip entries dated at the commit's time: the same commit packed twice gives byte-identical packages. Other arguments go to dotnet pack, e.g.
#   bash scripts/pack.sh -p:VersionSuffix=rc.1
# Prints the files made, one per line.
set -euo pipefail
cd "$(dirname "$0")/.."

out=artifacts/packages
build=artifacts/build
while [ $# -gt 0 ]; do
  case "$1" in
    --output) out=$2; shift 2 ;;
    --build-dir) build=$2; shift 2 ;;
    *) break ;;
  esac
done

# The zip entries' timestamps: the commit's time (the reproducible-builds convention NuGet follows), unless given.
if [ -z "${SOURCE_DATE_EPOCH:-}" ] && commit_time=$(git log -1 --format=%ct 2>/dev/null); then
  export SOURCE_DATE_EPOCH=$commit_time
fi

rm -rf "$out" "$build"
mkdir -p "$out"

dotnet pack KstatOtel.sln -c Release -nologo -v quiet \
  -p:ContinuousIntegrationBuild=true --artifacts-path "$build" -o "$out" "$@"

ls -1 "$out"
