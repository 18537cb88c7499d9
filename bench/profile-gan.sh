#!/usr/bin/env bash
# Where a training step's time goes on both sides: PyTorch's profiler inside DJL (per op self
# time, io.synthaug.bench.gan.GanStepProfile) and in the PyTorch peer (torch.autograd.profiler),
# the default cGAN, batch 64, on 1 and 2 intra-op threads. Run bench/run.sh once first (it
# installs the peers and builds the bench jar).
#
#   bench/profile-gan.sh [STEPS]      -> bench/results/gan-profile.txt
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
steps="${1:-10}"
export OMP_NUM_THREADS=1 OMP_WAIT_POLICY=PASSIVE DJL_OFFLINE=true
source bench/runner-malloc.sh
out=bench/results/gan-profile.txt
mkdir -p bench/results bench/target/work
# Written beside the result and moved into place at the end: a failed run leaves the last good one.
trap 'rm -f "$out.tmp"' EXIT
{
  echo "GAN step profile, $(date -u '+%Y-%m-%d %H:%M UTC'), $steps steps; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
  for t in 1 2; do
    # DJL's and PyTorch's own log lines go to a file; a failure shows their end.
    if ! java -cp bench/target/synthaug-bench.jar io.synthaug.bench.gan.GanStepProfile "$t" "$steps" \
      "bench/target/work/djl-trace-$t.json" 2>"bench/target/work/profile-java-$t.log"; then
      echo "profile-gan: the Java profile on $t thread(s) failed; the end of its log (bench/target/work/profile-java-$t.log):"
      tail -20 "bench/target/work/profile-java-$t.log"
      exit 1
    fi
    echo
    # The peer as a user starts it (or with BENCH_PEER_GLIBC_TUNABLES), as in the suites.
    GLIBC_TUNABLES="${BENCH_PEER_GLIBC_TUNABLES-}" /usr/bin/python3 - "$t" "$steps" <<'PY'
import sys, time
sys.path.insert(0, "bench/peers")
import numpy as np
import gan_train
threads, steps = int(sys.argv[1]), int(sys.argv[2])
rng = np.random.default_rng(1)
rng.uniform(-1, 1, (3000, 1, 28, 28)).astype("<f4").tofile("bench/target/work/profile-images.f32")
(np.arange(3000) % 10).astype("<i4").tofile("bench/target/work/profile-labels.i32")
gan_train.setup({"seed": 1, "count": 3000, "channels": 1, "size": 28, "classes": 10, "zDim": 64, "base": 32,
                 "batch": 64, "lr": 2e-4, "beta1": 0.5, "beta2": 0.999, "ema": 0.999,
                 "images": "bench/target/work/profile-images.f32", "labels": "bench/target/work/profile-labels.i32"})
r = gan_train.train({"threads": threads, "warmup": 10, "steps": steps})
print("PyTorch eager %d thread(s): %.1f ms/step unprofiled" % (threads, (r["t1"] - r["t0"]) * 1e3 / steps))
p = gan_train.profile({"threads": threads, "steps": steps})
print(p["table"])
PY
  done
  echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
} 2>&1 | grep -v '^\[W' | tee "$out.tmp"
mv "$out.tmp" "$out"
