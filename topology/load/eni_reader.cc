// Reading a network interface's fields (eni_reader.h).

#include "topology/load/eni_reader.h"

#include <chrono>
#include <cstdint>
#include <string>

#include <fmt/format.h>

#include "topology/load/resource_reference.h"

namespace vpcsim::load {
namespace {

using model::ResourceKind;
using net::IpAddress;

model::OwnerKind owner_kind(const std::string& t) {
  if (t == "instance") return model::OwnerKind::instance;
  if (t == "alb") return model::OwnerKind::alb;
  if (t == "nlb") return model::OwnerKind::nlb;
  if (t == "rds") return model::OwnerKind::rds;
  if (t == "nat") return model::OwnerKind::nat_gateway;
  if (t == "lambda") return model::OwnerKind::lambda;
  if (t == "gwlb_endpoint") return model::OwnerKind::gwlb_endpoint;
  return model::OwnerKind::other;
}

net::PortRange default_ephemeral(model::OwnerKind k) {
  switch (k) {
    case model::OwnerKind::alb:
    case model::OwnerKind::nlb:
    case model::OwnerKind::nat_gateway:
    case model::OwnerKind::lambda:
    case model::OwnerKind::gwlb_endpoint:
      return model::EphemeralPorts::aws_service();
    default:
      return model::EphemeralPorts::linux_kernel();
  }
}

// Private, secondary private, IPv6, and public or Elastic IP addresses.
void read_addresses(ObjectReader& r, model::Eni& e) {
  Diagnostics& diag = r.diag();
  if (auto a = r.address("private_ip")) e.private_ips.push_back(*a);
  r.array("secondary_private_ips", [&](const Json& j, const std::string& p) {
    const auto a = j.is_string() ? IpAddress::parse(j.get<std::string>()) : std::nullopt;
    if (a && !e.private_ips.empty()) {
      e.private_ips.push_back(*a);
    } else if (a) {
      diag.error(p, "a secondary private IP needs a primary private_ip first");
    } else {
      diag.error(p, fmt::format("{} is not valid; expected an IPv4 address", show(j)));
    }
  });
  r.array("ipv6_addresses", [&](const Json& j, const std::string& p) {
    const auto a = j.is_string() ? IpAddress::parse(j.get<std::string>()) : std::nullopt;
    if (a && a->is_v6()) {
      e.ipv6_addresses.push_back(*a);
    } else {
      diag.error(p, fmt::format("{} is not valid; expected an IPv6 address", show(j)));
    }
  });
  if (auto a = r.address("public_ip")) e.public_ip = a;
  if (auto a = r.address("elastic_ip")) {
    if (e.public_ip) diag.error(r.pointer("elastic_ip"), "give public_ip or elastic_ip, not both");
    e.public_ip = a;
    e.elastic_ip = true;
  }
}

void read_tags(ObjectReader& r, model::Eni& e) {
  const Json* tags = r.get("tags");
  if (!tags) return;
  if (!tags->is_object()) {
    r.bad("tags", *tags, "an object of tag keys and string values, e.g. {\"tier\": \"web\"}");
    return;
  }
  for (const auto& [k, v] : tags->items()) {
    if (v.is_string())
      e.tags[k] = v.get<std::string>();
    else
      r.diag().error(child_pointer(r.pointer("tags"), k),
                     fmt::format("{} is not valid; expected a string tag value", show(v)));
  }
}

// API_ConnectionTrackingConfiguration ranges
// (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ConnectionTrackingConfiguration.html).
void read_conntrack(ObjectReader& r, model::Eni& e) {
  const Json* c = r.get("conntrack");
  if (!c) return;
  ObjectReader cr(*c, r.pointer("conntrack"), r.diag());
  const auto within = [&](const char* key, net::SimTime& out, std::int64_t lo, std::int64_t hi) {
    if (auto t = cr.time(key)) {
      if (*t < net::SimTime(std::chrono::seconds(lo)) ||
          *t > net::SimTime(std::chrono::seconds(hi))) {
        cr.diag().error(cr.pointer(key),
                        fmt::format("{} is out of range; AWS allows {} to {} seconds", *t, lo, hi));
      } else {
        out = *t;
      }
    }
  };
  within("tcp_established", e.conntrack.tcp_established, 60, 432000);
  within("udp", e.conntrack.udp, 30, 60);
  within("udp_stream", e.conntrack.udp_stream, 60, 180);
  cr.finish();
}

}  // namespace

void read_eni_fields(ObjectReader& r, model::Eni& e, const DeclaredNames& names) {
  e.subnet = read_reference<model::SubnetIndex>(r, "subnet", ResourceKind::subnet,
                                                names.index(ResourceKind::subnet));
  read_addresses(r, e);
  read_tags(r, e);
  for (const auto& [text, p] : r.strings("security_groups")) {
    const auto g = resolve_reference<model::SgIndex>(
        names.index(ResourceKind::security_group), ResourceKind::security_group, text, p, r.diag());
    if (g.valid()) e.security_groups.push_back(g);
  }
  e.source_dest_check = r.boolean("source_dest_check").value_or(true);
  read_conntrack(r, e);
}

void read_eni_owner(ObjectReader& r, model::Eni& e) {
  const Json* o = r.get("owner");
  if (!o) return;
  ObjectReader orr(*o, r.pointer("owner"), r.diag());
  if (auto t = orr.choice(
          "type", {"instance", "alb", "nlb", "rds", "nat", "lambda", "gwlb_endpoint", "other"},
          true)) {
    e.owner.kind = owner_kind(*t);
    e.ephemeral_ports = default_ephemeral(e.owner.kind);
  }
  e.owner.id = orr.string("id").value_or("");
  // EC2 instance states
  // (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ec2-instance-lifecycle.html) and RDS's
  // (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/accessing-monitoring.html) in which an
  // interface stays but nothing answers; "running" and "available" are the default.
  if (auto st = orr.choice("state", {"running", "available", "pending", "stopping", "stopped",
                                     "starting", "rebooting", "creating", "deleting", "failed"})) {
    e.owner.state = *st == "running" || *st == "available" ? "" : *st;
  }
  orr.finish();
}

void read_ephemeral_ports(ObjectReader& r, model::Eni& e) {
  if (auto os = r.choice("os", {"linux", "windows", "windows-2003"})) {
    e.ephemeral_ports = *os == "linux"     ? model::EphemeralPorts::linux_kernel()
                        : *os == "windows" ? model::EphemeralPorts::windows()
                                           : model::EphemeralPorts::windows_2003();
  }
  if (auto p = r.ports("ephemeral_ports")) e.ephemeral_ports = *p;
}

}  // namespace vpcsim::load
