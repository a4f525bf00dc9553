#!/bin/sh
# vpcsim developer entry point: installs what is missing (Debian, idempotent), builds, and
#   ./dev.sh run    simulates the bundled default scenario (scenarios/three-tier): flow logs
#                   on stdout, the summary on stderr
#   ./dev.sh test   runs every test (what CI runs)
#   ./dev.sh bench  runs the benchmarks (figures to compare run to run; not a test)
#   ./dev.sh tsan   builds with ThreadSanitizer (build-tsan) and runs the tests of the code
#                   that uses threads (replay's helper thread); CI runs it after the tests
set -eu
cd "$(dirname "$0")"
job=${1:-run}

packages="g++ cmake ninja-build pkg-config libboost-dev libfmt-dev nlohmann-json3-dev doctest-dev libpcap-dev libcli11-dev"
[ "$job" = test ] && packages="$packages tcpdump iproute2 netcat-openbsd"
[ "$job" = bench ] && packages="$packages tcpdump softflowd libns3-dev hyperfine time"

missing=""
for p in $packages; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "dev.sh: missing Debian packages:$missing" >&2
    echo "dev.sh: run as root, or: sudo apt-get install$missing" >&2
    exit 1
  fi
  echo "dev.sh: installing$missing"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

if [ "$job" = tsan ]; then
  cmake -S . -B build-tsan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DVPCSIM_WERROR=ON \
    -DCMAKE_CXX_FLAGS=-fsanitize=thread -DCMAKE_EXE_LINKER_FLAGS=-fsanitize=thread >/dev/null
  cmake --build build-tsan --target vpcsim_tests vpcsim
  # A race report fails the test (and the vpcsim runs the CLI tests start exit 66).
  TSAN_OPTIONS="halt_on_error=1 exitcode=66" ./build-tsan/tests/vpcsim_tests \
    -sf='*worker_test*,*capture_stream_test*,*flow_log_test*,*cli_replay_test*,*replay_test*'
  exit
fi

cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DVPCSIM_WERROR=ON >/dev/null
cmake --build build

vpcsim=./build/tools/vpcsim/vpcsim
case "$job" in
  run)
    $vpcsim run scenarios/three-tier --flow-log -
    ;;
  test)
    ctest --test-dir build --output-on-failure
    ;;
  bench)
    if [ -x ./build/bench/vpcsim_bench ]; then ./bench/run.sh; else echo "dev.sh: no benchmarks built yet"; fi
    ;;
  *)
    echo "usage: ./dev.sh run|test|bench|tsan" >&2
    exit 2
    ;;
esac
