#!/usr/bin/env bash
# Issue #4's measurement: the default cGAN on 50 MNIST digits a class, with no augmentation, with
# DiffAugment color,translation,cutout, and with adaptive DiffAugment, two seeds each, plus the
# real-only classifier per seed. One JVM per run (see DiffAugmentExperiment's javadoc for what is
# measured); results are appended to plugins/gan/target/experiments/diffaugment/results.jsonl.
#
#   bench/diffaugment-experiment.sh [seeds...]                  (default: 1 2)
#   DA_STEPS=6000 DA_ARMS="none paper adaptive" bench/diffaugment-experiment.sh 1 2
#
# DA_STEPS sets the GAN's training steps (default: the cGAN default, 2,000); DA_ARMS the arms
# (default: real none paper adaptive).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
seeds=("$@")
if ((${#seeds[@]} == 0)); then seeds=(1 2); fi
read -r -a arms <<< "${DA_ARMS:-real none paper adaptive}"
extra=()
if [[ -n "${DA_STEPS:-}" ]]; then extra+=("-Dda.steps=$DA_STEPS"); fi
export OMP_WAIT_POLICY=PASSIVE DJL_OFFLINE=true
mkdir -p plugins/gan/target/experiments/diffaugment
for seed in "${seeds[@]}"; do
  for arm in "${arms[@]}"; do
    echo "== arm $arm seed $seed ${DA_STEPS:+steps $DA_STEPS }($(date -u +%H:%M:%S), load $(cut -d' ' -f1-3 /proc/loadavg))"
    log="plugins/gan/target/experiments/diffaugment/run-$arm-$seed.log"
    status=0
    mvn -q -pl plugins/gan -am test -Dtest=DiffAugmentExperiment -Dsurefire.failIfNoSpecifiedTests=false \
      -Dda.arm="$arm" -Dda.seed="$seed" "${extra[@]}" >"$log" 2>&1 || status=$?
    grep -E '^RESULT|keeping epoch|train cgan (1000|2000|4000|6000)/' "$log" || true
    if ((status != 0)); then
      echo "diffaugment-experiment: arm $arm seed $seed failed (Maven exit $status); its output: $log" >&2
      tail -20 "$log" >&2
      exit "$status"
    fi
  done
done
echo "results: plugins/gan/target/experiments/diffaugment/results.jsonl"
