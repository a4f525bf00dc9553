#include "topology/model/rule_text.h"

#include <string>

#include <doctest/doctest.h>

#include "topology/model/topology.h"

namespace {
using namespace vpcsim::model;
using vpcsim::net::IpPrefix;
using vpcsim::net::PortRange;
using vpcsim::net::Protocol;
IpPrefix P(const std::string& t) {
  return *IpPrefix::parse(t);
}
}  // namespace

TEST_CASE("ports_text: ports for TCP/UDP, type and code for ICMP, all otherwise") {
  CHECK(ports_text(Protocol::tcp(), PortRange::single(443), {}) == "443");
  CHECK(ports_text(Protocol::udp(), PortRange(1024, 65535), {}) == "1024-65535");
  CHECK(ports_text(Protocol::tcp(), PortRange::all(), {}) == "all");
  CHECK(ports_text(Protocol::icmp(), {}, {}) == "all");
  CHECK(ports_text(Protocol::icmp(), {}, IcmpMatch{8, -1}) == "type 8");
  CHECK(ports_text(Protocol::icmp(), {}, IcmpMatch{3, 4}) == "type 3 code 4");
  CHECK(ports_text(Protocol::icmpv6(), {}, IcmpMatch{2, 0}) == "type 2 code 0");
  // Protocols other than TCP/UDP/ICMP ignore ports
  // (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateNetworkAclEntry.html).
  CHECK(ports_text(Protocol(50), PortRange::single(22), {}) == "all");
  CHECK(ports_text(Protocol::all(), PortRange::single(22), {}) == "all");
}

TEST_CASE("traffic_text reads like the console") {
  CHECK(traffic_text(Protocol::all(), {}, {}) == "all traffic");
  CHECK(traffic_text(Protocol::tcp(), PortRange::single(443), {}) == "tcp 443");
  CHECK(traffic_text(Protocol::tcp(), PortRange::all(), {}) == "tcp (all)");
  CHECK(traffic_text(Protocol::udp(), PortRange(1024, 65535), {}) == "udp 1024-65535");
  CHECK(traffic_text(Protocol::icmp(), {}, IcmpMatch{8, -1}) == "icmp type 8");
  CHECK(traffic_text(Protocol::icmp(), {}, {}) == "icmp (all)");
  CHECK(traffic_text(Protocol(50), {}, {}) == "50 (all)");
}

TEST_CASE("nacl_entry_text: number, action, traffic, CIDR") {
  NaclEntry e;
  e.rule_number = 100;
  e.protocol = Protocol::tcp();
  e.ports = PortRange::single(443);
  e.cidr = P("0.0.0.0/0");
  e.action = RuleAction::allow;
  CHECK(nacl_entry_text(e) == "#100 allow tcp 443 0.0.0.0/0");
  NaclEntry d;
  d.rule_number = 32766;
  d.cidr = P("::/0");
  CHECK(nacl_entry_text(d) == "#32766 deny all traffic ::/0");
  e.protocol = Protocol::icmp();
  e.icmp = {3, 4};
  e.cidr = P("192.0.2.0/24");
  CHECK(nacl_entry_text(e) == "#100 allow icmp type 3 code 4 192.0.2.0/24");
}

TEST_CASE("peer_text names a CIDR, a security group or a prefix list") {
  TopologyData d;
  Vpc v;
  v.id = "vpc-a";
  v.cidrs = {P("10.0.0.0/16")};
  d.vpcs = {v};
  SecurityGroup g;
  g.id = "sg-app";
  g.vpc = VpcIndex(0);
  d.security_groups = {g};
  PrefixList pl;
  pl.id = "pl-corp";
  pl.entries = {P("192.0.2.0/24")};
  d.prefix_lists = {pl};
  apply_aws_defaults(d);
  const Topology t(std::move(d));
  SgPeer cidr;
  cidr.cidr = P("10.0.0.0/8");
  CHECK(peer_text(t, cidr) == "10.0.0.0/8");
  SgPeer group;
  group.kind = SgPeerKind::security_group;
  group.group = SgIndex(0);
  CHECK(peer_text(t, group).rfind("sg-app", 0) == 0);
  SgPeer list;
  list.kind = SgPeerKind::prefix_list;
  list.prefix_list = PrefixListIndex(0);
  CHECK(peer_text(t, list) == "pl-corp");
}
