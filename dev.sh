#!/bin/sh
# vpcsim developer entry point: installs what is missing (Debian 12, idempotent), builds, and
#   ./dev.sh run    builds the vpcsim binary only and simulates the bundled default scenario
#                   (scenarios/three-tier): flow logs on stdout, the summary on stderr
#   ./dev.sh test   builds everything and runs every test (what CI runs first)
#   ./dev.sh bench  runs the benchmarks (figures to compare run to run; not a test)
#   ./dev.sh asan   builds with clang, AddressSanitizer and UndefinedBehaviorSanitizer
#                   (build-asan) and runs every test; CI runs it after the tests
#   ./dev.sh tsan   builds with ThreadSanitizer (build-tsan) and runs the tests of the code
#                   that uses threads (replay's helper thread); CI runs it last
#   ./dev.sh fuzz [SECONDS]  builds the libFuzzer targets in the same tree as asan (clang,
#                   ASan, UBSan) and runs each for SECONDS (default 60) on seeds from
#                   scenarios/, tests/fixtures and ../shared/corpus; a crash input is saved
#                   under build-asan/fuzz/crashes/<target>/ (add it to tests/fixtures/fuzz/).
#                   CI runs it for 20 s per target after asan, so the tree is built once
# Build output goes to stderr, so that `./dev.sh run` prints only what vpcsim prints.
set -eu
cd "$(dirname "$0")"
job=${1:-run}

packages="g++ cmake ninja-build pkg-config libboost1.81-dev libfmt-dev nlohmann-json3-dev doctest-dev libpcap-dev libcli11-dev"
case "$job" in
  test) packages="$packages tcpdump iproute2 netcat-openbsd" ;;
  asan) packages="$packages clang libclang-rt-14-dev tcpdump iproute2 netcat-openbsd" ;;
  bench) packages="$packages tcpdump softflowd libns3-dev hyperfine time" ;;
  fuzz) packages="$packages clang libclang-rt-14-dev" ;;
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

# The sanitizer tree (build-asan): clang, ASan + UBSan, -O1 with line tables (reports name
# the line; builds far faster than -O2 -g), libFuzzer's coverage in every library so that
# the same tree builds the tests (asan) and the fuzz targets (fuzz). clang's warnings are
# errors too, on top of g++'s in the main build.
configure_sanitized() {
  configure build-asan None -DCMAKE_CXX_COMPILER=clang++ -DVPCSIM_FUZZ=ON \
    "-DVPCSIM_SANITIZE=address;undefined" "-DCMAKE_CXX_FLAGS=-O1 -g1"
}

# seed_from DIR PATTERN FOLDER...: copies every file under FOLDERs whose name matches
# PATTERN and that is under 1 MiB into DIR, named after its path (many are "scenario.json").
seed_from() {
  into=$1
  pattern=$2
  shift 2
  find "$@" -type f -name "$pattern" -size -1024k 2>/dev/null | while read -r f; do
    # ../shared/corpus/x.json becomes shared_corpus_x.json, not a hidden ".._shared_…"
    cp "$f" "$into/$(echo "$f" | sed 's|^\(\.\./\)*||' | tr '/' '_')"
  done
}

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
    configure_sanitized
    cmake --build build-asan --target vpcsim_tests vpcsim >&2
    # Any memory error or undefined behaviour fails the run: ASan aborts, UBSan does not
    # recover (-fno-sanitize-recover). Leak checking is not on for the tests (LeakSanitizer
    # needs ptrace-free processes, which not every CI sandbox gives); the fuzz runs check.
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
    configure_sanitized
    targets="scenario_loader flow_log_format endpoint_resolver pcap_reader replay aws_snapshot"
    for t in $targets; do cmake --build build-asan --target "fuzz_$t" >&2; done
    for t in $targets; do
      seeds="build-asan/fuzz/seeds/$t"
      crashes="build-asan/fuzz/crashes/$t"
      mkdir -p "$seeds" "$crashes"
      [ -d "tests/fixtures/fuzz/$t" ] && cp -r "tests/fixtures/fuzz/$t/." "$seeds/"
      case $t in
        scenario_loader | aws_snapshot) seed_from "$seeds" '*.json' scenarios tests/fixtures ../shared/corpus ;;
        pcap_reader | replay) seed_from "$seeds" '*.pcap*' tests/fixtures ../shared/corpus ;;
      esac
      echo "dev.sh: fuzz_$t for $seconds s ($(ls "$seeds" | wc -l) seeds)" >&2
      # A crash, a leak, an input taking over 10 s or 2 GB fails the run (exit non-zero).
      ASAN_OPTIONS="detect_leaks=1" "./build-asan/tools/fuzz/fuzz_$t" -max_total_time="$seconds" \
        -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$crashes/" \
        "$seeds" 2>"build-asan/fuzz/$t.log" || {
        tail -n 60 "build-asan/fuzz/$t.log" >&2
        echo "dev.sh: fuzz_$t failed; the input is under $crashes/" >&2
        exit 1
      }
      grep -E '^stat::number_of_executed_units|^stat::average_exec_per_sec' \
        "build-asan/fuzz/$t.log" | tr '\n' ' ' >&2
      echo >&2
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
