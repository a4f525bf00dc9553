// NetworkAcls of an AWS snapshot (resource_readers.h). Fields:
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_NetworkAclEntry.html.

#include <fmt/format.h>

#include "topology/load/aws/resource_readers.h"

namespace vpcsim::load::aws {
namespace {

using nlohmann::json;

// The rules AWS numbers 32767 (IPv4) and 32768 (IPv6) are the `*` rules that deny what no
// other rule matches: vpcsim has them in every ACL already
// (https://docs.aws.amazon.com/vpc/latest/userguide/nacl-rules.html).
bool is_star_rule(std::int64_t n) {
  return n == 32767 || n == 32768;
}

}  // namespace

void read_network_acls(ImportContext& ctx) {
  each_resource(ctx, "NetworkAcls", "NetworkAclId", "network_acls",
                [&](const AwsRecord& r, const std::string& id, json& out) {
                  const auto& a = *r.value;
                  out["vpc"] = text(a, "VpcId");
                  if (flag(a, "IsDefault")) out["default"] = true;
                  json inbound = json::array(), outbound = json::array();
                  if (const auto es = a.find("Entries"); es != a.end() && es->is_array()) {
                    for (std::size_t k = 0; k < es->size(); ++k) {
                      const auto& e = (*es)[k];
                      const auto sub = fmt::format("/Entries/{}", k);
                      if (!e.is_object()) {
                        ctx.warn(r, sub, id, "an entry that is not an object; left out");
                        continue;
                      }
                      // The rule number as given: the native reader checks its range and type.
                      const auto number = e.contains("RuleNumber") ? e["RuleNumber"] : json();
                      if (number.is_number_integer() && is_star_rule(number.get<std::int64_t>()))
                        continue;
                      json entry = {{"rule", number}, {"action", text(e, "RuleAction")}};
                      // Protocol is a number as a string ("6", "-1" for all); the native reader
                      // checks it.
                      if (const auto p = e.find("Protocol"); p != e.end()) entry["protocol"] = *p;
                      auto cidr = text(e, "CidrBlock");
                      if (cidr.empty()) cidr = text(e, "Ipv6CidrBlock");
                      entry["cidr"] = cidr;
                      const auto proto = text(e, "Protocol");
                      if (proto == "6" || proto == "17") {
                        // "PortRange": {"From", "To"}; absent means all ports.
                        if (const auto pr = e.find("PortRange"); pr != e.end() && pr->is_object()) {
                          const auto from = pr->find("From"), to = pr->find("To");
                          if (from == pr->end() || to == pr->end() || !from->is_number_integer() ||
                              !to->is_number_integer()) {
                            ctx.warn(r, sub + "/PortRange", id,
                                     "expected integer From and To; the entry is left out");
                            continue;
                          }
                          entry["ports"] = fmt::format("{}-{}", from->get<std::int64_t>(),
                                                       to->get<std::int64_t>());
                        } else {
                          entry["ports"] = "all";
                        }
                      } else if (proto == "1" || proto == "58") {
                        // IcmpTypeCode {Type, Code}; absent or -1 means all.
                        const auto tc = e.find("IcmpTypeCode");
                        const auto field = [&](const char* key) -> json {
                          if (tc == e.end() || !tc->is_object() || !tc->contains(key)) return -1;
                          return (*tc)[key];
                        };
                        entry["icmp_type"] = field("Type");
                        entry["icmp_code"] = field("Code");
                      }
                      (flag(e, "Egress") ? outbound : inbound).push_back(std::move(entry));
                    }
                  }
                  out["inbound"] = std::move(inbound);
                  out["outbound"] = std::move(outbound);
                  return true;
                });
}

}  // namespace vpcsim::load::aws
