# Sourced by the bench scripts: gives the Java side the glibc malloc thresholds that bin/runner
# sets (and, at the end, its oneDNN limit), read from the launcher itself so the two cannot drift apart. As in bin/runner, a
# GLIBC_TUNABLES of yours wins and an empty one turns them off. Peers do not inherit it: Peer.java
# removes it from their environment (BENCH_PEER_GLIBC_TUNABLES gives them a value of their own).
runner_tunables="$(sed -n 's/^export GLIBC_TUNABLES="\${GLIBC_TUNABLES-\(.*\)}"$/\1/p' "$root/runner/src/dist/bin/runner")"
if [[ -z "$runner_tunables" ]]; then
  echo "bench: cannot read the GLIBC_TUNABLES default from runner/src/dist/bin/runner" >&2
  exit 1
fi
export GLIBC_TUNABLES="${GLIBC_TUNABLES-$runner_tunables}"
# bin/runner's oneDNN limit on machines whose CPU reports no cache layout, from the same file the
# launcher sources. Peers inherit it, so both sides run the same oneDNN kernels.
# shellcheck source=../runner/src/dist/bin/onednn-isa.sh
source "$root/runner/src/dist/bin/onednn-isa.sh"
