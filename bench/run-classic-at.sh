#!/usr/bin/env bash
# Runs the classic suite against the classic plugin's ops as they were at a git revision,
# for before/after comparisons of an optimization:
#
#   bench/run-classic-at.sh fc7b73e [BenchMain options]   -> bench/results/classic-at-fc7b73e.{json,md}
#
# The plugin's main sources at that revision are compiled into a jar placed in front of the
# bench jar's class path, so everything else (harness, peers, data) is today's. Run
# bench/run.sh once first: it installs the peers and builds the bench module.
set -euo pipefail

if [[ $# -lt 1 ]]; then
  echo "usage: bench/run-classic-at.sh GIT_REVISION [BenchMain options]" >&2
  exit 2
fi
rev="$1"
shift
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
if [[ ! -f bench/target/synthaug-bench.jar ]]; then
  echo "bench/target/synthaug-bench.jar is missing: run bench/run.sh first" >&2
  exit 1
fi
short="$(git rev-parse --short "$rev")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

git archive "$rev" plugins/classic/src/main/java | tar -x -C "$work"
# The API and the plugin's provided dependencies, without today's classic jar.
cp_compile="$(find bench/target/lib -name '*.jar' ! -name 'synthaug-classic-*' | tr '\n' ':')"
mkdir -p "$work/classes"
javac -nowarn -proc:none -d "$work/classes" -cp "$cp_compile" \
  $(find "$work/plugins/classic/src/main/java" -name '*.java')
jar cf "$work/classic-$short.jar" -C "$work/classes" .

export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1
echo "bench: classic ops at $short; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
java ${BENCH_JAVA_OPTS:-} -cp "$work/classic-$short.jar:bench/target/synthaug-bench.jar" io.synthaug.bench.BenchMain \
  --suite classic --tag "at-$short" --results bench/results "$@"
echo "bench: load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
