#include <algorithm>
#include <iostream>
#include <memory>

#include <fmt/format.h>
#include <fmt/ostream.h>

#include <nlohmann/json.hpp>

#include "sim/analysis/internet_sources.h"
#include "sim/analysis/reach.h"
#include "sim/engine/conversation_addresses.h"
#include "sim/observe/packet_text.h"
#include "tools/vpcsim/cli_options.h"
#include "tools/vpcsim/commands.h"
#include "tools/vpcsim/load_report.h"
#include "topology/load/endpoint_resolver.h"

namespace vpcsim::cli {
namespace {

std::string endpoint_text(const model::Topology& t, const model::Endpoint& e,
                          const net::IpAddress& address) {
  if (e.is_internet()) return fmt::format("internet host {}", address);
  const auto& eni = t.eni(e.eni);
  return eni.name.empty() ? fmt::format("{} ({})", eni.id, address)
                          : fmt::format("{} ({}, {})", eni.name, eni.id, address);
}

void print_leg(std::ostream& os, const char* what, const analysis::Leg& leg) {
  fmt::print(os, "{} {}\n", what, observe::packet_text(leg.packet));
  int n = 0;
  for (const auto& h : leg.result.hops)
    fmt::print(os, "  {:>2}. {}: {}\n", ++n, h.component, h.detail);
}

nlohmann::json leg_json(const analysis::Leg& leg) {
  nlohmann::json hops = nlohmann::json::array();
  for (const auto& h : leg.result.hops)
    hops.push_back({{"component", h.component}, {"ok", h.ok}, {"detail", h.detail}});
  const auto& p = leg.packet;
  nlohmann::json j = {{"packet",
                       {{"src", p.tuple.src.to_string()},
                        {"dst", p.tuple.dst.to_string()},
                        {"src_port", p.tuple.src_port},
                        {"dst_port", p.tuple.dst_port},
                        {"protocol", int{p.tuple.protocol}},
                        {"text", observe::packet_text(p)}}},
                      {"delivered", leg.result.delivered},
                      {"hops", std::move(hops)}};
  if (!leg.result.delivered) {
    const auto& v = leg.result.verdict;
    j["code"] = std::string(v.code());
    j["layer"] = std::string(v.layer());
    j["resource"] = v.resource;
    j["rule"] = v.rule;
  }
  return j;
}

std::string protocol_label(net::Protocol protocol, std::uint16_t port) {
  if (protocol.has_ports()) return fmt::format("{}/{}", protocol, port);
  if (protocol.is_icmp_family()) return fmt::format("{} echo", protocol);
  return fmt::format("protocol {}", protocol.number());
}

}  // namespace

void add_reach_command(CLI::App& app) {
  auto [reach, options] = add_command<ReachOptions>(
      app, "reach",
      "Can X reach Y? Simulates the conversation's first request and its reply (so a NACL that "
      "drops the reply is caught) and prints the path hop by hop, or the component, rule and "
      "explanation code that blocks it. Without --port: every protocol and port that gets "
      "through");
  const auto o = options;  // lambdas capture it: clang 14 cannot capture a binding
  add_scenario_argument(*reach, "TOPOLOGY", o->topology);
  add_snapshot_options(*reach, o->snapshot);
  reach
      ->add_option("--from", o->from,
                   "Client: an interface, instance, ALB/RDS/NAT id or name, an IP, or "
                   "'internet' / 'internet:IP'")
      ->required();
  reach->add_option("--to", o->to, "Server, as --from")->required();
  add_protocol_option(*reach, o->protocol,
                      "tcp, udp, icmp, icmpv6 or an IP protocol number (default tcp)", {},
                      "tcp, udp, icmp, icmpv6 or an IP protocol number 0-255");
  add_port_option(*reach, o->port, "Destination port (tcp/udp)");
  reach->add_flag("--json", o->json, "Answer as JSON");
  reach->footer(
      "A load balancer given by name or ARN is answered per node (one per Availability Zone): "
      "reachable only when every node is.\n"
      "Answers: reachable, unreachable, or unknown when the path leaves through a resource "
      "vpcsim does not model yet (a transit gateway, a VPC endpoint).\n"
      "Exit codes: 0 reachable, 1 unreachable or unknown, 2 invalid input.");
  on_run(*reach, [o] { return cmd_reach(*o, std::cout, std::cerr); });
}

namespace {

// One question between two endpoints: printed on `out`, or in JSON mode appended to
// `collect` when given (several nodes answer one question), else printed as JSON.
int reach_pair(const ReachOptions& o, const model::Topology& t, const model::Endpoint (&ends)[2],
               std::ostream& out, nlohmann::json* collect) {
  const auto protocol = o.protocol.value_or(net::Protocol::tcp());
  const bool needs_port = protocol.has_ports();
  const auto emit = [&](nlohmann::json j) {
    if (collect)
      collect->push_back(std::move(j));
    else
      out << j.dump(2) << '\n';
  };
  const auto addresses = engine::conversation_addresses(t, ends[0], ends[1], protocol);
  const auto from_text = endpoint_text(t, ends[0], addresses.client);
  const auto to_text = endpoint_text(t, ends[1], addresses.server);

  if (needs_port && !o.port) {
    // Port space: every protocol and port that gets through, replies included. From
    // "internet" without an address: per range of public sources (internet_sources.h).
    std::optional<analysis::InternetPortSpace> internet;
    if (ends[0].is_internet() && !ends[0].address)
      internet = analysis::internet_port_space(t, ends[1]);
    const auto s = internet ? internet->any : analysis::reachable_ports(t, ends[0], ends[1]);
    const bool any = !s.empty();
    const auto ranges_json = [](const std::vector<net::PortRange>& ranges) {
      auto a = nlohmann::json::array();
      for (const auto& r : ranges)
        a.push_back({r.from(), r.to()});
      return a;
    };
    if (o.json) {
      nlohmann::json j = {{"from", from_text},
                          {"to", to_text},
                          {"answer", std::string(any ? "reachable" : "unreachable")},
                          {"tcp", ranges_json(s.tcp)},
                          {"udp", ranges_json(s.udp)},
                          {"icmp_echo", s.icmp_echo}};
      if (internet) {
        j["from"] = "internet";
        j["internet_sources"] = nlohmann::json::array();
        for (const auto& g : internet->by_source) {
          nlohmann::json from = nlohmann::json::array();
          for (const auto& p : g.from)
            from.push_back(fmt::format("{}", p));
          j["internet_sources"].push_back({{"from", from},
                                           {"tcp", ranges_json(g.ports.tcp)},
                                           {"udp", ranges_json(g.ports.udp)},
                                           {"icmp_echo", g.ports.icmp_echo}});
        }
        j["internet_intervals_checked"] = internet->intervals;
      }
      emit(std::move(j));
    } else if (!internet) {
      fmt::print(out, "{} → {}: {}\n", from_text, to_text, analysis::port_space_text(s));
    } else if (internet->by_source.size() == 1) {
      const auto& g = internet->by_source.front();
      const auto who = g.intervals == internet->intervals
                           ? std::string("internet (every public source)")
                           : fmt::format("internet from {}", analysis::prefixes_text(g.from));
      fmt::print(out, "{} → {}: {}\n", who, to_text, analysis::port_space_text(g.ports));
    } else {
      // None, or different ports from different sources: the union, then each range.
      fmt::print(out, "internet (any public source: {} address ranges checked) → {}: {}\n",
                 internet->intervals, to_text, analysis::port_space_text(s));
      // Narrowest ranges first; the widest, when the ranges cover every public source, is
      // "every other public source" rather than dozens of blocks.
      std::vector<const analysis::InternetPortSpace::Sources*> order;
      std::size_t covered = 0;
      for (const auto& g : internet->by_source) {
        order.push_back(&g);
        covered += g.intervals;
      }
      std::stable_sort(order.begin(), order.end(),
                       [](const auto* a, const auto* b) { return a->intervals < b->intervals; });
      for (const auto* g : order) {
        const bool rest = g == order.back() && covered == internet->intervals;
        fmt::print(
            out, "  from {}: {}\n",
            rest ? std::string("every other public source") : analysis::prefixes_text(g->from),
            analysis::port_space_text(g->ports));
      }
    }
    return any ? kExitOk : kExitNegative;
  }

  auto a = analysis::reach(t, {ends[0], ends[1], protocol, o.port.value_or(0)});
  auto from_label = from_text;
  // "internet" without an address: every public source, not one host (internet_sources.h).
  std::optional<analysis::InternetSources> sources;
  if (ends[0].is_internet() && !ends[0].address) {
    sources = analysis::internet_sources(t, ends[1], protocol, o.port.value_or(0));
    if (!sources->reachable.empty()) {
      // Show a source that gets through, with its hops.
      model::Endpoint via;
      via.address = sources->reachable.front().network();
      via.text = fmt::format("internet:{}", *via.address);
      a = analysis::reach(t, {via, ends[1], protocol, o.port.value_or(0)});
      from_label =
          sources->every_source()
              ? std::string("internet (every public source)")
              : fmt::format("internet from {}", analysis::prefixes_text(sources->reachable));
    } else {
      from_label = fmt::format(
          "internet (any public source: {} address ranges checked, shown "
          "from {})",
          sources->intervals, addresses.client);
    }
  }
  const auto label = protocol_label(protocol, o.port.value_or(0));
  const auto block = a.block();
  // Through a resource vpcsim does not model yet (a transit gateway): not an answer.
  const bool unknown = block && block->verdict.reason == path::DropReason::target_not_modelled;
  const std::string answer = a.reachable ? "reachable" : unknown ? "unknown" : "unreachable";
  if (o.json) {
    nlohmann::json j = {{"from", from_label},
                        {"to", to_text},
                        {"protocol", protocol.number()},
                        {"answer", answer},
                        {"request", leg_json(a.request)}};
    if (o.port) j["port"] = *o.port;
    if (sources) {
      j["internet_sources"] = nlohmann::json::array();
      for (const auto& p : sources->reachable)
        j["internet_sources"].push_back(fmt::format("{}", p));
      j["internet_intervals_checked"] = sources->intervals;
    }
    if (a.reply) j["reply"] = leg_json(*a.reply);
    for (const auto& [key, ranges] : {std::pair{"failing_source_ports", &a.failing_source_ports},
                                      std::pair{"failing_nat_ports", &a.failing_nat_ports}}) {
      if (ranges->empty()) continue;
      j[key] = nlohmann::json::array();
      for (const auto& r : *ranges)
        j[key].push_back({r.from(), r.to()});
    }
    if (block) {
      j["blocked"] = {{"leg", block->on_request ? "request" : "reply"},
                      {"code", std::string(block->verdict.code())},
                      {"layer", std::string(block->verdict.layer())},
                      {"resource", block->verdict.resource},
                      {"rule", block->verdict.rule},
                      {"detail", block->detail}};
    }
    emit(std::move(j));
    return a.reachable ? kExitOk : kExitNegative;
  }
  fmt::print(out, "{}: {} → {} {}\n", answer, from_label, to_text, label);
  if (block) {
    const auto& v = block->verdict;
    const auto& r = v.rule;
    fmt::print(out, "{} on the {} by {} ({}{}, layer {})\n", unknown ? "not followed" : "blocked",
               block->on_request ? "request" : "reply", v.resource, v.code(),
               r.empty()                    ? ""
               : r[0] == '#' || r[0] == '*' ? fmt::format(", rule {}", r)
                                            : fmt::format(", {}", r),
               v.layer());
    if (!block->detail.empty()) fmt::print(out, "  {}\n", block->detail);
  }
  print_leg(out, "request", a.request);
  if (a.reply) print_leg(out, "reply  ", *a.reply);
  return a.reachable ? kExitOk : kExitNegative;
}

}  // namespace

int cmd_reach(const ReachOptions& o, std::ostream& out, std::ostream& err) {
  const auto loaded = load_or_report(o.topology, err, load::LoadOptions::topology_only(o.snapshot));
  if (!loaded) return kExitBadInput;
  const auto& t = *loaded->topology;
  std::vector<model::Endpoint> sides[2];
  const std::string* texts[2] = {&o.from, &o.to};
  for (int i = 0; i < 2; ++i) {
    auto r = load::resolve_endpoint(t, *texts[i]);
    if (r.endpoint) {
      sides[i].push_back(*r.endpoint);
    } else if (!r.nodes.empty()) {
      sides[i] = std::move(r.nodes);
    } else {
      fmt::print(err, "vpcsim: --{}: {}\n", i == 0 ? "from" : "to", r.error);
      return kExitBadInput;
    }
  }
  const auto protocol = o.protocol.value_or(net::Protocol::tcp());
  if (o.port && !protocol.has_ports()) {
    fmt::print(err, "vpcsim: --port: {} has no ports; leave --port out\n", protocol);
    return kExitBadInput;
  }
  if (sides[0].size() == 1 && sides[1].size() == 1)
    return reach_pair(o, t, {sides[0][0], sides[1][0]}, out, nullptr);
  // One owner's several interfaces (a load balancer's nodes, one per Availability Zone): a
  // client is sent to any of them
  // (https://docs.aws.amazon.com/elasticloadbalancing/latest/userguide/how-elastic-load-balancing-works.html),
  // so each pair is answered, and the owner is reachable only when every node is.
  nlohmann::json nodes = nlohmann::json::array();
  std::size_t total = 0, reachable = 0;
  for (const auto& from : sides[0]) {
    for (const auto& to : sides[1]) {
      if (!o.json) fmt::print(out, "{}", total == 0 ? "" : "\n");
      ++total;
      if (reach_pair(o, t, {from, to}, out, o.json ? &nodes : nullptr) == kExitOk) ++reachable;
    }
  }
  const std::string answer = reachable == total ? "reachable"
                             : reachable == 0   ? "unreachable"
                                                : "partly reachable";
  if (o.json) {
    out << nlohmann::json{{"from", o.from},
                          {"to", o.to},
                          {"answer", answer},
                          {"pairs", total},
                          {"reachable_pairs", reachable},
                          {"nodes", std::move(nodes)}}
               .dump(2)
        << '\n';
  } else {
    fmt::print(out, "\n{}: {} → {}: {} of {} node pairs (a client may be sent to any node)\n",
               answer, o.from, o.to, reachable, total);
  }
  return reachable == total ? kExitOk : kExitNegative;
}

}  // namespace vpcsim::cli
