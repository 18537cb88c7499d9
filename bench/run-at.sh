#!/usr/bin/env bash
# Runs one plugin's suite against that plugin's main sources as they were at a git revision, for
# before/after comparisons of a speed change; everything else (harness, peers, data, the other
# modules) is today's:
#
#   bench/run-at.sh classic fc7b73e [BenchMain options]  -> bench/results/classic-at-fc7b73e.{json,md}
#   bench/run-at.sh gan 1e1d7a9 [BenchMain options]      -> bench/results/gan-train-at-1e1d7a9.{json,md}
#
# The plugin's sources at that revision are compiled into a jar placed in front of the bench
# jar's class path. Run bench/run.sh once first: it installs the peers and builds the bench jar.
set -euo pipefail

if [[ $# -lt 2 ]]; then
  echo "usage: bench/run-at.sh classic|gan GIT_REVISION [BenchMain options]" >&2
  exit 2
fi
plugin="$1"
rev="$2"
shift 2
case "$plugin" in
  classic) suite=classic ;;
  gan) suite=gan-train ;;
  *) echo "bench/run-at.sh: plugin must be classic or gan, got $plugin" >&2; exit 2 ;;
esac
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
if [[ ! -f bench/target/synthaug-bench.jar ]]; then
  echo "bench/target/synthaug-bench.jar is missing: run bench/run.sh first" >&2
  exit 1
fi
short="$(git rev-parse --short "$rev")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

git archive "$rev" "plugins/$plugin/src/main/java" | tar -x -C "$work"
# The API and the plugin's provided dependencies, without today's jar of this plugin.
cp_compile="$(find bench/target/lib -name '*.jar' ! -name "synthaug-$plugin-*" | tr '\n' ':')"
mkdir -p "$work/classes"
find "$work/plugins/$plugin/src/main/java" -name '*.java' -print0 |
  xargs -0 javac -nowarn -proc:none -d "$work/classes" -cp "$cp_compile"
jar cf "$work/$plugin-$short.jar" -C "$work/classes" .

export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 OMP_WAIT_POLICY=PASSIVE DJL_OFFLINE=true
source bench/runner-malloc.sh
echo "bench: $plugin plugin at $short; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
java ${BENCH_JAVA_OPTS:-} -cp "$work/$plugin-$short.jar:bench/target/synthaug-bench.jar" io.synthaug.bench.BenchMain \
  --suite "$suite" --tag "at-$short" --results bench/results "$@"
echo "bench: load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
