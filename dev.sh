#!/bin/sh
# vpcsim developer entry point: installs what is missing (Debian 12, idempotent), builds, and
#   ./dev.sh run    builds the vpcsim binary only and simulates the bundled default scenario
#                   (scenarios/three-tier): flow logs on stdout, the summary on stderr
#   ./dev.sh test   builds everything and runs every test (what CI runs first)
#   ./dev.sh bench  runs the benchmarks (figures to compare run to run; not a test)
#   ./dev.sh asan   builds with AddressSanitizer and UndefinedBehaviorSanitizer (build-asan)
#                   and runs every test; CI runs it after the tests
#   ./dev.sh tsan   builds with ThreadSanitizer (build-tsan) and runs the tests of the code
#                   that uses threads (replay's helper thread); CI runs it last
#   ./dev.sh fuzz [SECONDS]  builds the libFuzzer targets with clang, ASan and UBSan
#                   (build-fuzz) and runs each for SECONDS (default 60) on seeds from
#                   scenarios/, tests/fixtures and ../shared/corpus; a crash input is saved
#                   under build-fuzz/crashes/<target>/ (add it to tests/fixtures/fuzz/)
# Build output goes to stderr, so that `./dev.sh run` prints only what vpcsim prints.
set -eu
cd "$(dirname "$0")"
job=${1:-run}

packages="g++ cmake ninja-build pkg-config libboost1.81-dev libfmt-dev nlohmann-json3-dev doctest-dev libpcap-dev libcli11-dev"
case "$job" in
  test | asan) packages="$packages tcpdump iproute2 netcat-openbsd" ;;
  bench) packages="$packages tcpdump softflowd libns3-dev hyperfine time" ;;
  fuzz) packages="$packages clang" ;;
esac

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
  echo "dev.sh: installing$missing" >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

# configure DIR BUILD_TYPE [cmake options...]
configure() {
  dir=$1
  type=$2
  shift 2
  cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE="$type" -DVPCSIM_WERROR=ON "$@" >&2
}

case "$job" in
  run)
    configure build Release
    cmake --build build --target vpcsim >&2
    echo "dev.sh: built $(pwd)/build/tools/vpcsim/vpcsim (README \"Install\" puts it on PATH)" >&2
    ./build/tools/vpcsim/vpcsim run scenarios/three-tier --flow-log -
    ;;
  test)
    configure build Release
    cmake --build build >&2
    ctest --test-dir build --output-on-failure
    ;;
  asan)
    # -O1 -g1 (line tables): reports name the line, and the build takes far less than -O2 -g.
    configure build-asan None "-DVPCSIM_SANITIZE=address;undefined" "-DCMAKE_CXX_FLAGS=-O1 -g1"
    cmake --build build-asan --target vpcsim_tests vpcsim >&2
    # Any memory error or undefined behaviour fails the run: ASan aborts, UBSan does not
    # recover (-fno-sanitize-recover). Leak checking is not on yet (LeakSanitizer needs
    # ptrace-free processes, which not every CI sandbox gives).
    ASAN_OPTIONS="detect_leaks=0:abort_on_error=1" UBSAN_OPTIONS="print_stacktrace=1" \
      ctest --test-dir build-asan --output-on-failure
    ;;
  tsan)
    configure build-tsan None -DVPCSIM_SANITIZE=thread "-DCMAKE_CXX_FLAGS=-O1 -g1"
    cmake --build build-tsan --target vpcsim_threaded_tests vpcsim >&2
    # A race report fails the test (and the vpcsim runs the CLI tests start exit 66).
    TSAN_OPTIONS="halt_on_error=1 exitcode=66" ./build-tsan/tests/vpcsim_threaded_tests
    ;;
  fuzz)
    seconds=${2:-60}
    # clang's warnings differ from g++'s: not -Werror here (CI builds with g++ -Werror).
    cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
      -DVPCSIM_FUZZ=ON -DVPCSIM_BUILD_TESTS=OFF "-DVPCSIM_SANITIZE=address;undefined" >&2
    targets="scenario_loader flow_log_format endpoint_resolver pcap_reader replay"
    for t in $targets; do cmake --build build-fuzz --target "fuzz_$t" >&2; done
    for t in $targets; do
      seeds="build-fuzz/seeds/$t"
      mkdir -p "$seeds" "build-fuzz/crashes/$t"
      [ -d "tests/fixtures/fuzz/$t" ] && cp -r "tests/fixtures/fuzz/$t/." "$seeds/"
      case $t in
        scenario_loader) find scenarios tests/fixtures/invalid ../shared/corpus -name '*.json' \
          -size -1M -exec cp {} "$seeds/" \; 2>/dev/null || true ;;
        pcap_reader | replay) find tests/fixtures/pcap ../shared/corpus \( -name '*.pcap' -o \
          -name '*.pcapng' \) -size -1M -exec cp {} "$seeds/" \; 2>/dev/null || true ;;
      esac
      echo "dev.sh: fuzz_$t for $seconds s" >&2
      ASAN_OPTIONS="detect_leaks=1" "./build-fuzz/tools/fuzz/fuzz_$t" -max_total_time="$seconds" \
        -timeout=10 -rss_limit_mb=2048 -artifact_prefix="build-fuzz/crashes/$t/" "$seeds"
    done
    ;;
  bench)
    configure build Release
    cmake --build build >&2
    ./tools/bench/run.sh
    ;;
  *)
    echo "usage: ./dev.sh run|test|bench|asan|tsan|fuzz [SECONDS]" >&2
    exit 2
    ;;
esac
