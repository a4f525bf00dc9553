#!/bin/sh
# tools/bench/run.sh: runs vpcsim's benchmarks, side by side with reference implementations where we
# have them, and prints figures to compare run to run. Not a test: nothing passes or fails
# (exit 0 unless something cannot run). Run from the repository root, normally through
# `./dev.sh bench`, which installs libns3-dev and builds ./build first.
#
# One function per section; main() at the bottom calls the selected ones in order. A new
# section is a new function plus its name in `all_sections`.
#
#   tools/bench/run.sh [SECTION...]   sections: kernel network analysis replay load import (default: all)
#
# Environment:
#   BENCH_SECTIONS the sections to run when none is given as an argument (default: all), e.g.
#                  BENCH_SECTIONS=load ./dev.sh bench
#   VPCSIM_BUILD   build directory holding tools/bench/vpcsim_bench (under the build directory) (default: build)
#   BENCH_RUNS     runs per measurement (default 5; the median is reported)
#   BENCH_EVENTS   events executed per kernel run (default 2000000)
#   BENCH_NS3_RNG  delays of the ns-3 side: vpcsim (default: the same generator as vpcsim, so
#                  both run the same event sequence) or ns3 (ns-3's ExponentialRandomVariable,
#                  as ns-3's own utils/bench-scheduler does; slower, and a different sequence)
set -eu

all_sections="kernel network analysis replay load import"
build=${VPCSIM_BUILD:-build}
runs=${BENCH_RUNS:-5}
events=${BENCH_EVENTS:-2000000}
ns3_rng=${BENCH_NS3_RNG:-vpcsim}
bench=$build/tools/bench/vpcsim_bench
ns3_hold=""  # path of the built ns-3 program, empty when ns-3 is not available

# The median from a benchmark's output (the "... median: X M events/s" line).
median_of() { awk '/ median: / { print $(NF - 2) }'; }
# The simulated end time of the first run ("(sim end X ns)"), to check both sides ran the same
# event sequence.
sim_end_of() { awk '/ run 1: / { for (i = 1; i < NF; i++) if ($i == "end") print $(i + 1) }'; }
# The median of the numbers in the arguments (separated by spaces).
median_list() { echo "$@" | tr ' ' '\n' | grep . | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
# a / b with two decimals.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
# Whether a >= b (numbers with decimals).
at_least() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a >= b) }'; }

# Builds tools/bench/ns3/hold_ns3.cc into $build/tools/bench/hold_ns3 if ns-3 is installed (Debian 12's
# libns3-dev puts the headers in /usr/include/ns3 and libns3-core.so in the library path;
# an upstream install uses <prefix>/include/ns3.<version>/ns3 and ships pkg-config files).
build_ns3() {
  inc=""
  if pkg-config --exists ns3-core 2>/dev/null; then
    dir=$(pkg-config --variable=includedir ns3-core)
    for d in "$dir" "$dir"/ns3.*; do
      if [ -f "$d/ns3/simulator.h" ]; then inc=$d; fi
    done
  fi
  if [ -z "$inc" ] && [ -f /usr/include/ns3/simulator.h ]; then inc=/usr/include; fi
  if [ -z "$inc" ]; then
    echo "ns-3 not installed (no ns3/simulator.h; Debian: apt-get install libns3-dev): skipping the side-by-side"
    return 0
  fi
  out=$build/tools/bench/hold_ns3
  src=tools/bench/ns3/hold_ns3.cc
  if [ ! -x "$out" ] || [ -n "$(find "$src" sim/core/rng.h -newer "$out")" ]; then
    echo "building $out (g++ -O2, ns-3 headers in $inc)"
    # Debian: -lns3-core. Upstream installs name the library libns3.<version>-core-<profile>:
    # take the link flags from pkg-config then (unquoted: they are several words).
    # shellcheck disable=SC2046
    if ! g++ -O2 -std=c++17 -I"$inc" -Isrc "$src" -o "$out" -lns3-core 2>/dev/null &&
      ! g++ -O2 -std=c++17 -I"$inc" -Isrc "$src" -o "$out" $(pkg-config --libs ns3-core); then
      echo "ns-3 found in $inc but $src does not build against it: skipping the side-by-side"
      return 0
    fi
  fi
  ns3_hold=$out
}

# Kernel: the hold model at 1,000 and 100,000 pending events, on vpcsim's Engine/EventQueue
# and on each ns-3 scheduler. The target is >= 2x ns-3's best scheduler at both sizes.
kernel_section() {
  echo
  echo "== kernel: hold model (each executed event schedules one at now + Exp(100 ns)); $runs runs, median"
  schedulers="Map Heap PriorityQueue Calendar"
  table=""
  for pending in 1000 100000; do
    out=$("$bench" kernel --pending "$pending" --events "$events" --runs "$runs")
    echo "$out"
    ours=$(echo "$out" | median_of)
    our_end=$(echo "$out" | sim_end_of)
    row=$(printf '%-8s  %7s' "$pending" "$ours")
    best=""
    best_name="-"
    for s in $schedulers; do
      if [ -z "$ns3_hold" ]; then
        row=$(printf '%s  %13s' "$row" "-")
        continue
      fi
      n=$events
      # The calendar queue is pathological at 100 k pending events (~0.1 M events/s with
      # this model's many equal timestamps): give it 1/20 of the events.
      if [ "$s" = Calendar ] && [ "$pending" -ge 100000 ]; then n=$((events / 20)); fi
      out=$("$ns3_hold" --scheduler "$s" --pending "$pending" --events "$n" --runs "$runs" \
        --rng "$ns3_rng")
      echo "$out"
      m=$(echo "$out" | median_of)
      end=$(echo "$out" | sim_end_of)
      if [ "$ns3_rng" = vpcsim ] && [ "$n" = "$events" ] && [ "$end" != "$our_end" ]; then
        echo "WARNING: ns-3 $s ended at $end ns, vpcsim at $our_end ns: not the same event sequence"
      fi
      note=""
      if [ "$n" != "$events" ]; then note="*"; fi
      row=$(printf '%s  %13s' "$row" "$m$note")
      if [ -z "$best" ] || at_least "$m" "$best"; then
        best=$m
        best_name=$s
      fi
    done
    if [ -n "$best" ]; then
      r=$(ratio "$ours" "$best")
      if at_least "$r" 2; then verdict="met"; else verdict="NOT met"; fi
      row=$(printf '%s  %6s %-13s  %5sx  %s' "$row" "$best" "$best_name" "$r" "$verdict")
    else
      row=$(printf '%s  %6s %-13s  %6s  %s' "$row" "-" "" "-" "(no ns-3)")
    fi
    table="$table$row
"
  done
  echo
  echo "Kernel hold model, M events/s (median of $runs runs; $events events per run)"
  printf '%-8s  %7s' "pending" "vpcsim"
  for s in $schedulers; do printf '  %13s' "$s"; done
  printf '  %-20s  %6s  %s\n' "best ns-3" "ratio" "target >= 2x"
  printf '%s' "$table"
  if [ -n "$ns3_hold" ]; then
    echo "(ns-3 columns: ns-3 $(pkg-config --modversion ns3-core 2>/dev/null || echo '?') schedulers," \
      "delays from the $ns3_rng generator; * = run with $((events / 20)) events: the calendar" \
      "queue is pathological at this size)"
  fi
}

# Network: 100,000 TCP conversations through a generated 1,000-interface design, with flow-log
# aggregation (the end-to-end figure) and without (the engine and packet path alone). Targets:
# >= 1.5 M simulated packets/s on one core and <= 1 KiB per active connection.
network_section() {
  echo
  echo "Network: TCP conversations through SGs, NACLs, routes and peering (median of $runs runs)"
  for mode in "" "--no-flow-logs"; do
    # shellcheck disable=SC2086
    out=$("$bench" network --runs "$runs" $mode)
    echo "$out"
    pps=$(echo "$out" | awk '/ median: / { print $(NF - 9) }')
    mem=$(echo "$out" | awk '/ B per active connection/ { for (i = 1; i < NF; i++) if ($(i + 1) == "B") print $i }')
    if at_least "$pps" 1.5; then p="met"; else p="NOT met"; fi
    if at_least 1024 "$mem"; then m="met"; else m="NOT met"; fi
    echo "  => ${mode:-with flow logs}: $pps M packets/s (target >= 1.5: $p), $mem B per active connection (target <= 1024: $m)"
  done
}

# Analysis: `vpcsim matrix` for all pairs of the network benchmark's 1,000-interface design
# (100 security groups) on one port, and a port-space `vpcsim reach` for one pair; wall clock
# of the whole command (loading included). Targets: matrix < 10 s, reach < 50 ms.
analysis_section() {
  echo
  echo "Analysis: matrix and port-space reach on the 1,000-interface design (median of $runs runs)"
  design=$build/tools/bench/network-design.json
  "$bench" network --dump "$design" >/dev/null
  vpcsim=$build/tools/vpcsim/vpcsim
  for what in matrix reach; do
    times=""
    i=0
    while [ "$i" -lt "$runs" ]; do
      start=$(date +%s.%N)
      if [ "$what" = matrix ]; then
        "$vpcsim" matrix "$design" --port 8080 --format csv >/dev/null
      else
        "$vpcsim" reach "$design" --from eni-0-0 --to eni-0-1 >/dev/null
      fi
      end=$(date +%s.%N)
      times="$times $(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }')"
      i=$((i + 1))
    done
    med=$(median_list "$times")
    if [ "$what" = matrix ]; then
      if at_least 10 "$med"; then v="met"; else v="NOT met"; fi
      echo "  matrix, 1,000,000 ordered pairs, tcp/8080: runs$times s; median $med s (target < 10 s: $v)"
    else
      if at_least 0.05 "$med"; then v="met"; else v="NOT met"; fi
      echo "  reach, port space of one pair: runs$times s; median $med s (target < 0.05 s: $v)"
    fi
  done
}

# Replay: a generated capture of 10,000 concurrent TCP conversations between internet
# clients and three-tier's load balancer, replayed with flow logs, side by side with
# `tcpdump -r FILE -w /dev/null` and `softflowd -r FILE` on the same file. Wall clock and peak
# RSS (GNU time). Targets: >= 3 M packets/s on one core, >= 0.3x tcpdump, >= 8x softflowd, peak
# RSS < 200 MiB, and the same RSS for a 1,000,000-packet capture (streaming).
#   vpcsim          the default: a helper thread decodes the capture and writes the flow log
#   vpcsim-1thread  --threads 1: everything on one thread (the "one core" figure)
#   softflowd       exactly as the issue says: `softflowd -r FILE` (its default table holds
#                   8,192 flows, so with 10,000 open conversations it expires flows early)
#   softflowd-all   `softflowd -d -r FILE -m 200000 -n 127.0.0.1:9995`: tracks every open
#                   conversation and exports NetFlow records, the work vpcsim's flow log does
replay_section() {
  echo
  echo "Replay: vpcsim replay vs tcpdump and softflowd (median of $runs runs)"
  vpcsim=$build/tools/vpcsim/vpcsim
  for n in 5000000 1000000; do
    cap=$build/tools/bench/replay-$n.pcap
    [ -f "$cap" ] || "$bench" capture "$cap" --packets "$n" --concurrent 10000 || return 0
    for tool in vpcsim vpcsim-1thread tcpdump softflowd softflowd-all; do
      case $tool in softflowd*) command -v softflowd >/dev/null 2>&1 || continue ;; esac
      times=""
      rss=0
      i=0
      while [ "$i" -lt "$runs" ]; do
        case $tool in
          vpcsim) cmd="$vpcsim replay scenarios/three-tier $cap --flow-log /dev/null -q" ;;
          vpcsim-1thread) cmd="$vpcsim replay scenarios/three-tier $cap --flow-log /dev/null -q --threads 1" ;;
          tcpdump) cmd="tcpdump -r $cap -w /dev/null" ;;
          softflowd) cmd="softflowd -r $cap" ;;
          softflowd-all) cmd="softflowd -d -r $cap -m 200000 -n 127.0.0.1:9995" ;;
        esac
        # shellcheck disable=SC2086
        line=$(/usr/bin/time -f "%e %M" $cmd 2>&1 >/dev/null | tail -1)
        times="$times ${line% *}"
        kb=${line#* }
        if [ "$kb" -gt "$rss" ]; then rss=$kb; fi
        i=$((i + 1))
      done
      med=$(median_list "$times")
      pps=$(awk -v n="$n" -v s="$med" 'BEGIN { printf "%.2f", n / s / 1e6 }')
      eval "pps_$(echo "$tool" | tr - _)=$pps"
      echo "  $n packets, $tool: runs$times s; median $med s = $pps M packets/s; peak RSS $((rss / 1024)) MiB"
    done
    if [ "$n" = 5000000 ]; then
      # shellcheck disable=SC2154
      echo "  => vpcsim $pps_vpcsim M packets/s ($pps_vpcsim_1thread on one thread; target >= 3)," \
        "$(ratio "$pps_vpcsim" "$pps_tcpdump")x tcpdump (target >= 0.3)"
      if [ -n "${pps_softflowd:-}" ]; then
        # shellcheck disable=SC2154
        echo "  => $(ratio "$pps_vpcsim" "$pps_softflowd")x softflowd -r FILE," \
          "$(ratio "$pps_vpcsim" "$pps_softflowd_all")x softflowd tracking every flow (target >= 8);" \
          "one thread: $(ratio "$pps_vpcsim_1thread" "$pps_softflowd")x and $(ratio "$pps_vpcsim_1thread" "$pps_softflowd_all")x"
      fi
    fi
  done
}

# Load: `vpcsim validate` of generated designs of 1,000, 10,000 and 50,000 network interfaces
# (`vpcsim_bench design`, tools/bench/design_gen.h: VPCs of up to 10,000 interfaces, /24
# subnets of about 200, 20-entry NACLs, a security group per 10 interfaces up to 500 per VPC,
# an internet gateway and a NAT gateway per VPC), the sizes' runs interleaved after one
# unmeasured run each. Wall clock of the whole command (date around GNU time, whose own start
# adds about a millisecond) and peak RSS (GNU time %M). Targets: 10,000 interfaces in < 0.2 s,
# 50,000 in < 1 s, peak RSS linear in size (its growth per interface above the smallest
# design no larger at 50,000 than at 10,000, give or take a quarter).
load_section() {
  echo
  echo "Load: vpcsim validate of generated designs (median of $runs runs, sizes interleaved)"
  vpcsim=$build/tools/vpcsim/vpcsim
  if [ ! -x "$vpcsim" ]; then
    echo "  $vpcsim not found: skipping (cmake --build $build)"
    return 0
  fi
  sizes="1000 10000 50000"
  dir=$build/tools/bench
  for n in $sizes; do
    design=$dir/design-$n.json
    "$bench" design --interfaces "$n" --out "$design" >/dev/null
    if ! "$vpcsim" validate "$design" >"$dir/load.out" 2>&1; then
      cat "$dir/load.out"
      echo "  $design does not validate: skipping the load section"
      return 0
    fi
    echo "  $(cat "$dir/load.out")"
  done
  # One line per run: interfaces, seconds, peak RSS in KiB.
  measured=""
  i=0
  while [ "$i" -lt "$runs" ]; do
    for n in $sizes; do
      start=$(date +%s.%N)
      /usr/bin/time -o "$dir/load.time" -f %M "$vpcsim" validate "$dir/design-$n.json" >/dev/null
      end=$(date +%s.%N)
      t=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }')
      measured="$measured$n $t $(tail -1 "$dir/load.time")
"
    done
    i=$((i + 1))
  done
  # Column 2 (seconds) or 3 (KiB) of the runs of size $1, on one line.
  runs_of() { printf '%s' "$measured" | awk -v n="$1" -v c="$2" '$1 == n { printf " %s", $c }'; }
  for n in $sizes; do
    echo "  $n interfaces: runs$(runs_of "$n" 2) s; peak RSS$(runs_of "$n" 3) KiB"
  done
  first=${sizes%% *}
  last=${sizes##* }
  t_first=$(median_list "$(runs_of "$first" 2)")
  kb_first=$(median_list "$(runs_of "$first" 3)")
  echo
  echo "Load: vpcsim validate DESIGN, wall clock and peak RSS (median of $runs runs); per interface:"
  echo "the growth above the $first-interface design (the same at every size when linear)"
  printf '%10s  %8s  %7s  %8s  %12s  %11s  %s\n' "interfaces" "file" "time s" "RSS MiB" \
    "us/interface" "B/interface" "targets"
  bytes_10k=""
  for n in $sizes; do
    t=$(median_list "$(runs_of "$n" 2)")
    kb=$(median_list "$(runs_of "$n" 3)")
    size=$(awk -v b="$(wc -c <"$dir/design-$n.json")" 'BEGIN { printf "%.1f MiB", b / 1048576 }')
    mib=$(awk -v k="$kb" 'BEGIN { printf "%.1f", k / 1024 }')
    us="-"
    bytes="-"
    if [ "$n" != "$first" ]; then
      us=$(awk -v a="$t_first" -v b="$t" -v m="$first" -v n="$n" 'BEGIN { printf "%.2f", (b - a) * 1e6 / (n - m) }')
      bytes=$(awk -v a="$kb_first" -v b="$kb" -v m="$first" -v n="$n" 'BEGIN { printf "%.0f", (b - a) * 1024 / (n - m) }')
    fi
    verdict=""
    case $n in
      10000) limit=0.2 ;;
      50000) limit=1 ;;
      *) limit="" ;;
    esac
    if [ -n "$limit" ]; then
      if at_least "$limit" "$t"; then verdict="< $limit s: met"; else verdict="< $limit s: NOT met"; fi
    fi
    if [ "$n" = 10000 ]; then bytes_10k=$bytes; fi
    if [ "$n" = 50000 ] && [ -n "$bytes_10k" ]; then
      # Linear: no more per interface at 50,000 than at 10,000, give or take a quarter.
      if at_least "$(awk -v b="$bytes_10k" 'BEGIN { print b * 1.25 }')" "$bytes"; then
        verdict="$verdict; RSS linear: met"
      else
        verdict="$verdict; RSS linear: NOT met"
      fi
    fi
    printf '%10s  %8s  %7s  %8s  %12s  %11s%s\n' "$n" "$size" "$t" "$mib" "$us" "$bytes" \
      "${verdict:+  $verdict}"
  done
  # (t and kb: the last size's)
  echo "$last / $first interfaces ($(ratio "$last" "$first")x): time" \
    "$(ratio "$t" "$t_first")x, peak RSS $(ratio "$kb" "$kb_first")x"
}

# Import: the load benchmark's designs as AWS snapshots (describe-* output, one file per call),
# loaded by `vpcsim validate SNAPSHOT/`, side by side with the same design as a native scenario
# file in the same run, runs interleaved. The same model either way; the ratio is what reading
# AWS's JSON costs. Target (issue 13): 50,000 interfaces in under 2 s.
import_section() {
  echo
  echo "Import: vpcsim validate of the designs as AWS snapshots and as native files (median of $runs runs, interleaved)"
  vpcsim=$build/tools/vpcsim/vpcsim
  if [ ! -x "$vpcsim" ]; then
    echo "  $vpcsim not found: skipping (cmake --build $build)"
    return 0
  fi
  sizes="1000 10000 50000"
  dir=$build/tools/bench
  for n in $sizes; do
    rm -rf "$dir/snapshot-$n"
    "$bench" snapshot --interfaces "$n" --out "$dir/snapshot-$n" >/dev/null
    "$bench" design --interfaces "$n" --out "$dir/design-$n.json" >/dev/null
    for input in "$dir/design-$n.json" "$dir/snapshot-$n"; do
      if ! "$vpcsim" validate "$input" >"$dir/import.out" 2>/dev/null; then
        "$vpcsim" validate "$input" 2>&1 | tail -5
        echo "  $input does not validate: skipping the import section"
        return 0
      fi
    done
    echo "  $(cat "$dir/import.out")"
  done
  # One line per run: interfaces, input kind, seconds, peak RSS in KiB.
  measured=""
  i=0
  while [ "$i" -lt "$runs" ]; do
    for n in $sizes; do
      for kind in snapshot native; do
        input=$dir/snapshot-$n
        if [ "$kind" = native ]; then input=$dir/design-$n.json; fi
        start=$(date +%s.%N)
        /usr/bin/time -o "$dir/import.time" -f %M "$vpcsim" validate "$input" >/dev/null 2>&1
        end=$(date +%s.%N)
        t=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }')
        measured="$measured$n $kind $t $(tail -1 "$dir/import.time")
"
      done
    done
    i=$((i + 1))
  done
  med() { median_list "$(printf '%s' "$measured" | awk -v n="$1" -v k="$2" -v c="$3" '$1 == n && $2 == k { printf " %s", $c }')"; }
  echo
  printf '%10s  %10s  %11s  %10s  %11s  %9s  %s\n' "interfaces" "snapshot s" "snapshot MiB" \
    "native s" "native MiB" "ratio" "target"
  for n in $sizes; do
    ts=$(med "$n" snapshot 3)
    tn=$(med "$n" native 3)
    ks=$(med "$n" snapshot 4)
    kn=$(med "$n" native 4)
    verdict=""
    if [ "$n" = 50000 ]; then
      if at_least 2 "$ts"; then verdict="< 2 s: met"; else verdict="< 2 s: NOT met"; fi
    fi
    printf '%10s  %10s  %11s  %10s  %11s  %8sx  %s\n' "$n" "$ts" \
      "$(awk -v k="$ks" 'BEGIN { printf "%.1f", k / 1024 }')" "$tn" \
      "$(awk -v k="$kn" 'BEGIN { printf "%.1f", k / 1024 }')" "$(ratio "$ts" "$tn")" "$verdict"
  done
}

main() {
  sections=${*:-${BENCH_SECTIONS:-all}}
  if [ "$sections" = all ]; then sections=$all_sections; fi
  for section in $sections; do
    case " $all_sections " in
      *" $section "*) ;;
      *)
        echo "tools/bench/run.sh: unknown section \"$section\"; the sections: $all_sections" >&2
        exit 2
        ;;
    esac
  done
  if [ ! -x "$bench" ]; then
    echo "tools/bench/run.sh: $bench not found; build first (cmake --build $build)" >&2
    exit 1
  fi
  cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)
  echo "vpcsim benchmarks: ${cpu:-$(uname -m)}, $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')," \
    "$(date -u '+%Y-%m-%d %H:%M UTC'), $(git describe --always --dirty 2>/dev/null || echo 'no git')"
  for section in $sections; do
    if [ "$section" = kernel ]; then build_ns3; fi # the kernel section's ns-3 side
    "${section}_section"
  done
}

main "$@"
