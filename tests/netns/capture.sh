#!/bin/sh
# Makes a real capture inside the machine, for the vpcsim replay tests: two network
# namespaces joined by a veth pair, a TCP exchange (nc) and a UDP exchange, captured with
# tcpdump on the server's side.
# Usage: capture.sh OUT.pcap. Exit 77 (skip) when namespaces or the tools are not available.
# Everything it creates (namespaces vpcsim-PID-a/-b and their veth pair) is removed on exit.
set -u
out=$1
a=vpcsim-$$-a  # unique per run: tests may run concurrently on one machine
b=vpcsim-$$-b
va=vc$$a
vb=vc$$b
for tool in ip tcpdump nc; do
  command -v "$tool" >/dev/null 2>&1 || { echo "capture.sh: $tool not installed" >&2; exit 77; }
done
cleanup() {
  [ -n "${dump:-}" ] && kill "$dump" 2>/dev/null
  ip netns del "$a" 2>/dev/null
  ip netns del "$b" 2>/dev/null
}
trap cleanup EXIT
cleanup
ip netns add "$a" 2>/dev/null || { echo "capture.sh: cannot create network namespaces here" >&2; exit 77; }
ip netns add "$b" || exit 77
ip link add "$va" netns "$a" type veth peer name "$vb" netns "$b" || exit 77
ip -n "$a" addr add 192.168.77.1/24 dev "$va"
ip -n "$b" addr add 192.168.77.2/24 dev "$vb"
ip -n "$a" link set "$va" up
ip -n "$b" link set "$vb" up
ip -n "$a" link set lo up
ip -n "$b" link set lo up
ip netns exec "$b" tcpdump -i "$vb" -U -w "$out" 'tcp or udp' 2>/dev/null &
dump=$!
sleep 1
# TCP: a client in a sends a line to a server on 3306 in b, which answers and closes.
ip netns exec "$b" sh -c 'echo pong | nc -l -p 3306 -q 1 >/dev/null' &
server=$!
sleep 0.3
echo ping | ip netns exec "$a" nc -q 1 -w 2 192.168.77.2 3306 >/dev/null
wait "$server"
# UDP: one datagram each way on 5353.
ip netns exec "$b" sh -c 'timeout 2 nc -u -l -p 5353 -W 1 >/dev/null' &
sleep 0.3
echo query | ip netns exec "$a" nc -u -w 1 192.168.77.2 5353 >/dev/null
sleep 1.5
kill "$dump" 2>/dev/null
wait "$dump" 2>/dev/null
dump=""
[ -s "$out" ] || { echo "capture.sh: nothing captured" >&2; exit 1; }
exit 0
