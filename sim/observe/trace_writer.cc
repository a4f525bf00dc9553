#include "sim/observe/trace_writer.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "sim/observe/packet_text.h"
#include "topology/model/rule_text.h"

namespace vpcsim::observe {
namespace {

std::string flow_label(const model::FlowSpec& f, std::uint32_t instance) {
  return f.repeat > 1 ? fmt::format("{}#{}", f.name, instance) : f.name;
}

std::string receiver(const model::Topology& t, const path::PathResult& r) {
  if (r.exempt) return "VPC resolver / metadata (not filtered, not logged)";
  if (!r.destination.valid()) return fmt::format("internet host {}", r.delivered_packet.tuple.dst);
  const auto& e = t.eni(r.destination);
  return e.name.empty() ? e.id : fmt::format("{} ({})", e.id, e.name);
}

std::string change_text(const model::Topology& t, const model::ConfigChange& c) {
  using K = model::ChangeKind;
  switch (c.kind) {
    case K::authorize_sg_rule:
    case K::revoke_sg_rule:
      return fmt::format("{} {} {} {} {}", model::change_kind_name(c.kind),
                         t.security_group(c.security_group).id, model::direction_name(c.direction),
                         model::traffic_text(c.sg_rule.protocol, c.sg_rule.ports, c.sg_rule.icmp),
                         model::peer_text(t, c.sg_rule.peer));
    case K::replace_nacl_entry:
      return fmt::format("replace_nacl_entry {} {} {}", t.network_acl(c.network_acl).id,
                         model::direction_name(c.direction), model::nacl_entry_text(c.nacl_entry));
    case K::delete_nacl_entry:
      return fmt::format("delete_nacl_entry {} {} #{}", t.network_acl(c.network_acl).id,
                         model::direction_name(c.direction), c.nacl_entry.rule_number);
    case K::associate_nacl:
      return fmt::format("associate_nacl {} → {}", t.subnet(c.subnet).id,
                         t.network_acl(c.network_acl).id);
    case K::delete_nat_gateway:
      return fmt::format("delete_nat_gateway {} (its routes become blackholes)",
                         t.nat_gateway(c.nat_gateway).id);
  }
  return "?";
}

nlohmann::json packet_json(const path::Packet& p) {
  nlohmann::json j = {{"src", p.tuple.src.to_string()},
                      {"dst", p.tuple.dst.to_string()},
                      {"protocol", int{p.tuple.protocol}},
                      {"bytes", p.bytes}};
  if (p.is_tcp() || p.is_udp()) {
    j["src_port"] = p.tuple.src_port;
    j["dst_port"] = p.tuple.dst_port;
  }
  if (p.is_tcp()) j["flags"] = tcp_flags_text(p.tcp_flags);
  if (p.is_icmp()) {
    j["icmp_type"] = p.icmp_type;
    j["icmp_code"] = p.icmp_code;
    j["icmp_id"] = p.tuple.src_port;
  }
  return j;
}

}  // namespace

void TraceWriter::on_packet(const engine::PacketEvent& e) {
  const auto& r = e.result;
  if (format_ == TraceFormat::jsonl) {
    nlohmann::json hops = nlohmann::json::array();
    for (const auto& h : r.hops)
      hops.push_back({{"component", h.component}, {"ok", h.ok}, {"detail", h.detail}});
    nlohmann::json j = {{"type", "packet"},
                        {"time_ns", e.time.count()},
                        {"flow", e.flow.name},
                        {"instance", e.instance},
                        {"packet", packet_json(e.packet)},
                        {"hops", std::move(hops)},
                        {"verdict", r.delivered ? "delivered" : "dropped"}};
    if (r.delivered) {
      j["to"] = r.exempt                ? "exempt"
                : r.destination.valid() ? topo_.eni(r.destination).id
                                        : "internet";
      j["latency_ns"] = r.latency.count();
    } else {
      j["reason"] = std::string(r.verdict.code());
      j["layer"] = std::string(r.verdict.layer());
      j["resource"] = r.verdict.resource;
      j["rule"] = r.verdict.rule;
    }
    out_ << j.dump() << '\n';
    return;
  }
  std::string line =
      fmt::format("{} {} {}", e.time, flow_label(e.flow, e.instance), packet_text(e.packet));
  for (const auto& h : r.hops)
    line += fmt::format(" | {}: {}", h.component, h.detail);
  if (r.delivered)
    line += fmt::format(" | → {}", receiver(topo_, r));
  else
    line += fmt::format(" | DROPPED {}", r.verdict.code());
  out_ << line << '\n';
}

void TraceWriter::on_change(const engine::ChangeEvent& e) {
  const auto what = change_text(e.after, e.change);
  if (format_ == TraceFormat::jsonl) {
    nlohmann::json j = {{"type", "change"},
                        {"time_ns", e.time.count()},
                        {"pointer", e.change.pointer},
                        {"change", what},
                        {"applied", e.refused.empty()}};
    if (!e.refused.empty()) j["refused"] = e.refused;
    out_ << j.dump() << '\n';
    return;
  }
  out_ << fmt::format("{} timeline {}: {}{}\n", e.time, e.change.pointer, what,
                      e.refused.empty() ? "" : fmt::format(" — REFUSED: {}", e.refused));
}

void TraceWriter::on_flow_end(const model::FlowSpec& f, const engine::FlowResult& r) {
  const auto outcome = r.finished ? model::flow_outcome_name(r.outcome) : "unfinished";
  if (format_ == TraceFormat::jsonl) {
    nlohmann::json j = {{"type", "flow"},     {"time_ns", r.end.count()},
                        {"flow", f.name},     {"instance", r.instance},
                        {"outcome", outcome}, {"exchanges", r.exchanges_completed}};
    if (r.drop) {
      j["reason"] = std::string(r.drop->verdict.code());
      j["resource"] = r.drop->verdict.resource;
      j["rule"] = r.drop->verdict.rule;
      j["packet"] = packet_json(r.drop->packet);
    }
    out_ << j.dump() << '\n';
    return;
  }
  std::string line = fmt::format("{} {} {}: {} of {} exchanges", r.end, flow_label(f, r.instance),
                                 outcome, r.exchanges_completed, f.exchanges);
  if (r.drop) {
    const auto& v = r.drop->verdict;
    line += fmt::format("; dropped {} at {} ({}) by {}{}", packet_text(r.drop->packet), v.resource,
                        v.code(), v.rule.empty() ? "-" : v.rule, "");
  }
  out_ << line << '\n';
}

void TraceWriter::on_finish(net::SimTime) {
  out_.flush();
}

}  // namespace vpcsim::observe
