# Sourced by bin/runner (and by the bench scripts), never run on its own.
#
# On x86-64 Linux machines whose CPU reports no cache layout to the kernel (no
# /sys/devices/system/cpu/cpu0/cache; seen on AMD EPYC VMs, whose CPUID cache-topology leaf is
# empty), PyTorch's oneDNN convolution kernels for AVX2 and AVX-512 returned wrong input
# gradients for layers with few channels: the GAN stage's check refused WGAN-GP at the default
# size and CGAN with small baseChannels. Limited to AVX, every gradient was right, at about half
# the training speed (BENCHMARKS.md, "Wrong gradients"). So on those machines oneDNN is limited to
# AVX. An ONEDNN_MAX_CPU_ISA of yours wins; set it empty to let oneDNN choose (the GAN stage still
# checks its gradients before training and refuses wrong ones).
# SYNTHAUG_CPU_CACHE_DIR names another folder to look for, for tests of this file.
if [[ -z "${ONEDNN_MAX_CPU_ISA+set}" ]]; then
  if [[ "$(uname -s)-$(uname -m)" == Linux-x86_64 && ! -d "${SYNTHAUG_CPU_CACHE_DIR:-/sys/devices/system/cpu/cpu0/cache}" ]]; then
    export ONEDNN_MAX_CPU_ISA=AVX
  fi
elif [[ -z "$ONEDNN_MAX_CPU_ISA" ]]; then
  unset ONEDNN_MAX_CPU_ISA
fi
