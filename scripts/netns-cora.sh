#!/usr/bin/env bash
# The 4-process data-parallel Cora run across network namespaces (needs root): namespaces
# dgns0..3 joined by veth pairs on a bridge, each rank in its own namespace at 10.77.0.<rank+1>,
# rank 0 serving the MASTER_ADDR store, 100 us added on every veth with tc netem where the kernel
# has it (DELAY=... to change). Prints rank 0's --json line; removes everything on exit.
#   sudo bash scripts/netns-cora.sh [extra train options]
set -euo pipefail
cd "$(dirname "$0")/.."
DATA_DIR=${DATA_DIR:-../shared/data/planetoid}
cleanup() {
  for i in 0 1 2 3; do ip netns del dgns$i 2>/dev/null || true; done
  ip link del dgbr0 2>/dev/null || true
}
trap cleanup EXIT
cleanup
ip link add dgbr0 type bridge
ip link set dgbr0 up
for i in 0 1 2 3; do
  ip netns add dgns$i
  ip link add dgveth$i type veth peer name eth0 netns dgns$i
  ip link set dgveth$i master dgbr0 up
  ip netns exec dgns$i ip addr add 10.77.0.$((i + 1))/24 dev eth0
  ip netns exec dgns$i ip link set eth0 up
  ip netns exec dgns$i ip link set lo up
  ip netns exec dgns$i tc qdisc add dev eth0 root netem delay "${DELAY:-100us}" 2>/dev/null \
    || echo "netns-cora: this kernel has no netem qdisc; dgns$i runs without added delay" >&2
done
pids=()
for i in 0 1 2 3; do
  ip netns exec dgns$i env RANK=$i LOCAL_RANK=$i WORLD_SIZE=4 MASTER_ADDR=10.77.0.1 MASTER_PORT=29500 \
    DEEPGRAPH_HOST=10.77.0.$((i + 1)) DEEPGRAPH_DIST_TIMEOUT=30 \
    node bin/deepgraph.js train --dataset cora --data-dir "$DATA_DIR" --minibatch --json --quiet "$@" &
  pids+=($!)
done
status=0
for p in "${pids[@]}"; do wait "$p" || status=$?; done
exit $status
