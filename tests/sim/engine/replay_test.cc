// Replay, the engine side of `vpcsim replay`: captured packets enter at the interface that
// owns their source address, or from the internet, and go through the whole path with state.
#include "sim/engine/replay.h"

#include <doctest/doctest.h>

#include <sstream>

#include "sim/observe/flow_log.h"
#include "tests/sim/engine/engine_fixture.h"
#include "tests/sim/path/path_fixture.h"
#include "topology/load/flow_log_format_reader.h"

using namespace vpcsim;
namespace tcpf = path::tcp;

TEST_CASE("replay: a captured handshake against the 443-only NACL: SYN in, SYN-ACK rejected") {
  // The reply leaves on the client's ephemeral port, which the stateless NACL does not allow
  // (https://docs.aws.amazon.com/vpc/latest/userguide/nacl-ephemeral-ports.html).
  const auto sc = test::load(test::kWeb443);
  const auto& t = *sc.topology;
  engine::Replay replay(t, {});
  std::ostringstream log;
  observe::FlowLogOptions o;
  o.nodata = false;
  std::string error;
  o.format = *load::parse_flow_log_format(
      "${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${action} ${tcp-flags}", error);
  observe::FlowLog flow_log(t, o, log);
  replay.add_observer(flow_log);
  // As captured on the instance: the client's SYN to the public IP arrives translated by the
  // IGW in the real world; a capture on the internet side shows the public address.
  replay.packet(net::SimTime(std::chrono::milliseconds(0)),
                test::tcp("203.0.113.5", 50123, "198.51.100.10", 443, tcpf::kSyn));
  replay.packet(net::SimTime(std::chrono::milliseconds(1)),
                test::tcp("10.0.1.10", 443, "203.0.113.5", 50123, tcpf::kSyn | tcpf::kAck));
  replay.finish();
  const auto& s = replay.stats();
  CHECK(s.replayed == 2);
  CHECK(s.delivered == 1);
  CHECK(s.dropped == 1);
  CHECK(s.from_internet == 1);
  CHECK(s.unmatched == 0);
  CHECK(s.drops_by_reason[static_cast<std::size_t>(path::DropReason::subnet_acl_restriction)] == 1);
  CHECK(log.str() ==
        "eni-web 203.0.113.5 10.0.1.10 50123 443 ACCEPT 2\n"
        "eni-web 10.0.1.10 203.0.113.5 443 50123 REJECT 18\n");
}

TEST_CASE("replay: --map places a capture's hosts on the design's interfaces, both directions") {
  const auto sc = test::load(test::web_fixed());
  const auto& t = *sc.topology;
  const auto web = test::eni(t, "web");
  engine::Replay replay(t, {{{*net::IpAddress::parse("192.168.1.10"), web}}, false, 1});
  // The capture's server 192.168.1.10 is "web"; its client is on the internet.
  replay.packet(net::SimTime(std::chrono::milliseconds(0)),
                test::tcp("203.0.113.5", 50123, "192.168.1.10", 443, tcpf::kSyn));
  replay.packet(net::SimTime(std::chrono::milliseconds(1)),
                test::tcp("192.168.1.10", 443, "203.0.113.5", 50123, tcpf::kSyn | tcpf::kAck));
  replay.finish();
  // Mapped to web's private IP, as a capture on the instance shows it; from the internet it
  // enters at web's public IP
  // (https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Internet_Gateway.html), and the
  // SYN-ACK leaves as a tracked reply
  // (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/security-group-connection-tracking.html).
  CHECK(replay.stats().delivered == 2);
  CHECK(replay.stats().dropped == 0);
  CHECK(replay.stats().from_internet == 1);
  CHECK(replay.stats().unmatched == 0);
}

TEST_CASE("replay: packets whose addresses match nothing in the topology are counted") {
  const auto sc = test::load(test::web_fixed());
  engine::Replay replay(*sc.topology, {});
  replay.packet(net::SimTime(std::chrono::milliseconds(0)),
                test::tcp("198.18.0.1", 1000, "198.18.0.2", 80, tcpf::kSyn));
  replay.finish();
  CHECK(replay.stats().unmatched == 1);
  CHECK(replay.stats().delivered == 0);
}
