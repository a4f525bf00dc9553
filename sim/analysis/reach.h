#pragma once
// Reachability answers from simulated conversations: "can X reach Y on tcp/443?" is answered
// by sending the conversation's first request (TCP SYN, a UDP datagram, an ICMP echo request)
// through the packet path, then the server's reply (SYN-ACK, datagram, echo reply) back, so a
// stateless NACL that drops the reply is caught. The reply is checked for every source port
// the client may pick: the rules' port boundaries cut the client's ephemeral range into
// intervals in which every NACL and SG decision is the same, and one probe per interval
// covers it exactly. Without a port, the same cut over destination ports gives the whole
// port space (what AWS Reachability Analyzer does not answer).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/path/packet.h"
#include "sim/path/packet_path.h"
#include "sim/path/verdict.h"
#include "topology/model/endpoint.h"
#include "topology/model/topology.h"
#include "topology/net/port_range.h"

namespace vpcsim::analysis {

// One packet of the probe conversation and what happened to it.
struct Leg {
  path::Packet packet;  // as sent
  path::PathResult result;
  bool from_internet = false;
};

struct ReachQuery {
  model::Endpoint from;
  model::Endpoint to;
  net::Protocol protocol = net::Protocol::tcp();  // tcp, udp, icmp, icmpv6 or any one protocol
  std::uint16_t port = 0;                         // TCP/UDP destination port
};

struct ReachAnswer {
  bool reachable = false;
  Leg request;
  std::optional<Leg> reply;                          // absent when the request did not get through
  net::PortRange client_ports;                       // the source ports the client picks from
  std::vector<net::PortRange> failing_source_ports;  // whose replies are dropped (TCP/UDP)
  // Through a NAT gateway: the gateway's ports (1024-65535,
  // https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html) whose replies its
  // subnet's NACL drops on the way in
  // (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-recommended-nacl-rules.html), the
  // NACL, and the rule that drops the first of them.
  // The NACLs checked: the NAT subnet's inbound, and the server subnet's outbound when the
  // server is an interface in another subnet (a private NAT gateway's far side).
  std::vector<net::PortRange> failing_nat_ports;
  std::string nat_acl;
  model::Direction nat_acl_direction = model::Direction::inbound;
  std::string nat_acl_rule;

  // The leg whose drop makes the answer negative; nullptr when reachable.
  const Leg* blocking() const;

  // What makes the answer negative, whichever check found it; nullopt when reachable.
  struct Block {
    bool on_request = false;
    path::Verdict verdict;  // subnet_acl_restriction, "acl-db", "#90" ("*", "no matching rule")
    std::string detail;     // the deciding hop's text, or what the port checks found
  };
  std::optional<Block> block() const;
};

// `record_hops`: describe every hop (for printing); off for bulk questions (matrix).
ReachAnswer reach(const model::Topology& t, const ReachQuery& q, bool record_hops = true);

// For many questions about one topology (matrix, diff): the port boundaries of every rule
// of the topology are cut once per client port range, instead of once per question. The
// answers are the same as reach()'s.
class Reachability {
 public:
  explicit Reachability(const model::Topology& t);
  ReachAnswer reach(const ReachQuery& q, bool record_hops = false);

 private:
  const std::vector<std::uint32_t>& starts(net::PortRange client);
  const model::Topology& t_;
  std::vector<std::uint32_t> boundaries_;  // every rule's range start and end + 1, sorted
  std::vector<std::pair<net::PortRange, std::vector<std::uint32_t>>> cache_;
};

// Every destination port (TCP, UDP) and ICMP echo that reaches `to` from `from`, replies
// included, for every source port of the client.
struct PortSpace {
  std::vector<net::PortRange> tcp;
  std::vector<net::PortRange> udp;
  bool icmp_echo = false;
  bool empty() const { return tcp.empty() && udp.empty() && !icmp_echo; }
  friend bool operator==(const PortSpace&, const PortSpace&) = default;
};
PortSpace reachable_ports(const model::Topology& t, const model::Endpoint& from,
                          const model::Endpoint& to);
// The echo protocol between two endpoints: icmpv6 when the conversation is over IPv6, else icmp.
net::Protocol echo_protocol(const model::Topology& t, const model::Endpoint& from,
                            const model::Endpoint& to);
// "tcp 443, 8080-8090; udp none; icmp echo"
std::string port_space_text(const PortSpace& s);
// "443, 8080-8090" or "none"
std::string ranges_text(const std::vector<net::PortRange>& ranges);

}  // namespace vpcsim::analysis
