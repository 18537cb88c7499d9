#!/usr/bin/env bash
# Runs every benchmark suite side by side with its Python peer and writes the tables.
#
#   bench/run.sh [BenchMain options]     e.g.  bench/run.sh --suite classic --reps 9
#
# 1. installs the peers from Debian's packages (skipped for what is already installed),
# 2. builds the bench module (only in the -Pbench profile; `mvn verify` never builds it),
# 3. runs the suites in one JVM; each writes bench/results/<suite>.json and <suite>.md,
#    and bench/results/README.md gathers this run's tables with the machine and load.
# Options after the script name go to io.synthaug.bench.BenchMain (see its javadoc):
# --suite NAME, --only CASE,..., --reps N, --seconds S, --warmup S, --quick, --tag TAG.
# BENCH_RESULTS chooses another results folder (default bench/results); BENCH_JAVA_OPTS adds
# JVM options (none by default: the runner starts its JVM without any).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
python=/usr/bin/python3
results="${BENCH_RESULTS:-bench/results}"
cores="$(getconf _NPROCESSORS_ONLN)"

# A version pinned in the root pom's properties, for the results header.
pom_property() {
  sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" pom.xml | head -1
}

# Peers: OpenCV and numpy for the classic and png suites, PyTorch for the GAN suites.
packages=(python3-numpy python3-opencv python3-torch)
missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if ((${#missing[@]})); then
  echo "bench: installing peers: ${missing[*]}"
  sudo_cmd=()
  if [[ $(id -u) -ne 0 ]]; then sudo_cmd=(sudo); fi
  if ! "${sudo_cmd[@]}" apt-get install -y --no-install-recommends "${missing[@]}"; then
    "${sudo_cmd[@]}" apt-get update
    "${sudo_cmd[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
  fi
else
  echo "bench: peers already installed: ${packages[*]}"
fi
"$python" -c 'import cv2, numpy, sys, torch; print("bench: peer python", sys.version.split()[0], "opencv", cv2.__version__, "numpy", numpy.__version__, "torch", torch.__version__)'

echo "bench: building (mvn -q -Pbench -DskipTests -pl bench -am package)"
mvn -q -Pbench -DskipTests -pl bench -am package

# One thread per native library by default in the peers and in anything the JVM loads; each
# suite sets the threads it measures (classic: worker threads/processes; GAN suites: PyTorch's
# and ONNX Runtime's intra-op threads, set per run and read back). OpenMP threads sleep when
# idle on both sides (spinning threads collapse when another process holds a core); DJL must
# not try to download its native library.
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1
export OMP_WAIT_POLICY=PASSIVE DJL_OFFLINE=true
# The Java side runs with bin/runner's malloc thresholds; the peers run without them.
source bench/runner-malloc.sh

mkdir -p "$results"
# Tables this run writes are newer than the marker; older ones in the folder stay out of README.md.
marker="$(mktemp)"
trap 'rm -f "$marker" "$results/README.md.tmp"' EXIT
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
echo "bench: load average before: $load_before"
# The incubating Vector API is only for the classic-floor suite's vectorized-reversal row (the
# JVM prints one warning line about it); nothing the suites time from the product uses it.
java --add-modules jdk.incubator.vector ${BENCH_JAVA_OPTS:-} -jar bench/target/synthaug-bench.jar --python "$python" "$@" --results "$results"
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"
echo "bench: load average after: $load_after"

{
  echo "# Benchmark results"
  echo
  echo "Written by \`bench/run.sh $*\` on $(date -u '+%Y-%m-%d %H:%M UTC')."
  echo
  echo "- machine: $cores cores, $(lscpu | sed -n 's/^Model name: *//p'), $(free -g | awk '/^Mem:/ {print $2}') GiB memory"
  echo "- java: $(java -version 2>&1 | head -1), options: ${BENCH_JAVA_OPTS:-none}"
  echo "- peers: $("$python" -c 'import cv2, numpy, sys; print("python", sys.version.split()[0], "opencv", cv2.__version__, "numpy", numpy.__version__)')"
  echo "- malloc: Java side GLIBC_TUNABLES=${GLIBC_TUNABLES:-none} (as bin/runner), peers ${BENCH_PEER_GLIBC_TUNABLES:-none}"
  echo "- oneDNN: ONEDNN_MAX_CPU_ISA=${ONEDNN_MAX_CPU_ISA:-unset} on both sides (as bin/runner: AVX2 where the CPU reports no cache layout)"
  echo "- threads: OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 OMP_WAIT_POLICY=PASSIVE; cv2.setNumThreads(1) per classic peer process; GAN suites set intra-op threads per row on both sides"
  echo "- torch (peer): $("$python" -c 'import torch; print(torch.__version__)'), DJL $(pom_property djl.version) with PyTorch $(pom_property pytorch.native.version), ONNX Runtime $(pom_property onnxruntime.version) (CPU)"
  echo "- load average (1, 5, 15 min): before $load_before, after $load_after"
  echo
  # The tables of this run's suites, by file name.
  find "$results" -maxdepth 1 -name '*.md' ! -name README.md -newer "$marker" -print0 | sort -z |
    while IFS= read -r -d '' md; do
      echo "<!-- $(basename "$md") -->"
      cat "$md"
      echo
    done
} > "$results/README.md.tmp"
mv "$results/README.md.tmp" "$results/README.md"
echo "bench: tables in $results/README.md"
