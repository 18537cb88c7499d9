# Sourced by bin/runner (and by the bench scripts), never run on its own.
#
# On x86-64 Linux machines whose CPU reports no cache layout to the kernel (no
# /sys/devices/system/cpu/cpu0/cache; seen on AMD EPYC VMs, whose CPUID cache-topology leaf is
# empty), PyTorch's oneDNN convolution kernels returned wrong input gradients for layers with few
# channels: with AVX-512 in both memory layouts (a 1 -> 4 first layer), with AVX2 in the plain
# layout only. Synthaug's networks train every convolution channels-last, and limited to AVX2
# every one of them was right (limited to AVX, every shape tried was, at 0.5-0.9 times the
# training speed; BENCHMARKS.md, "Wrong gradients" and "AVX2"). So on those machines oneDNN is
# limited to AVX2. An ONEDNN_MAX_CPU_ISA of yours wins; set it empty to let oneDNN choose (the GAN
# stage and the classifier still check their convolutions before training and refuse wrong ones).
# SYNTHAUG_CPU_CACHE_DIR names another folder to look for, for tests of this file.
if [[ -z "${ONEDNN_MAX_CPU_ISA+set}" ]]; then
  if [[ "$(uname -s)-$(uname -m)" == Linux-x86_64 && ! -d "${SYNTHAUG_CPU_CACHE_DIR:-/sys/devices/system/cpu/cpu0/cache}" ]]; then
    export ONEDNN_MAX_CPU_ISA=AVX2
  fi
elif [[ -z "$ONEDNN_MAX_CPU_ISA" ]]; then
  unset ONEDNN_MAX_CPU_ISA
fi
