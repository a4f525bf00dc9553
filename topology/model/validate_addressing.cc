#include "topology/model/validation_check.h"

#include <algorithm>
#include <tuple>

#include <fmt/ranges.h>

namespace vpcsim::model {
namespace {

class AddressingCheck : ValidationCheck {
 public:
  using ValidationCheck::ValidationCheck;
  void run() {
    vpcs();
    subnets();
  }

 private:
  void vpcs() {
    for (std::uint32_t v = 0; v < d_.vpcs.size(); ++v) {
      const VpcIndex vi(v);
      const Vpc& x = d_.vpcs[v];
      if (x.cidrs.empty()) {
        issue(ResourceKind::vpc, vi, "cidr",
              "VPC {} has no IPv4 CIDR block; expected one such as 10.0.0.0/16", x.id);
      }
      for (std::size_t i = 0; i < x.cidrs.size(); ++i) {
        const auto& c = x.cidrs[i];
        if (!c.is_v4()) {
          issue(ResourceKind::vpc, vi, vpc_cidr_field(i),
                "\"{}\" is not an IPv4 CIDR block; put IPv6 blocks in ipv6_cidr", c);
        } else if (c.length() < 16 || c.length() > 28) {
          issue(ResourceKind::vpc, vi, vpc_cidr_field(i),
                "\"{}\" has prefix length /{}; a VPC CIDR block must be between /16 and /28", c,
                c.length());
        }
        for (std::size_t j = 0; j < i; ++j) {
          if (c.overlaps(x.cidrs[j])) {
            issue(ResourceKind::vpc, vi, vpc_cidr_field(i),
                  "\"{}\" overlaps CIDR block {} of the same VPC", c, x.cidrs[j]);
          }
        }
      }
      for (const auto& c : x.ipv6_cidrs) {
        if (c.is_v4() || c.length() > 64) {
          issue(ResourceKind::vpc, vi, "ipv6_cidr",
                "\"{}\" is not a valid VPC IPv6 block; expected an IPv6 prefix of /64 or shorter "
                "(AWS assigns a /56)",
                c);
        }
      }
    }
  }

  void subnets() {
    const auto overlaps_v4 =
        overlapping([](const Subnet& s) { return s.cidr.is_v4() ? &s.cidr : nullptr; });
    const auto overlaps_v6 =
        overlapping([](const Subnet& s) { return s.ipv6_cidr ? &*s.ipv6_cidr : nullptr; });
    for (std::uint32_t s = 0; s < d_.subnets.size(); ++s) {
      const SubnetIndex si(s);
      const Subnet& x = d_.subnets[s];
      const Vpc& v = vpc(x.vpc);
      if (!x.cidr.is_v4()) {
        issue(ResourceKind::subnet, si, "cidr",
              "\"{}\" is not an IPv4 CIDR block; put the IPv6 block in ipv6_cidr", x.cidr);
        continue;
      }
      if (x.cidr.length() < 16 || x.cidr.length() > 28) {
        issue(ResourceKind::subnet, si, "cidr",
              "\"{}\" has prefix length /{}; a subnet CIDR block must be between /16 and /28",
              x.cidr, x.cidr.length());
      }
      bool inside = false;
      for (const auto& c : v.cidrs)
        inside = inside || c.contains(x.cidr);
      if (!inside) {
        issue(ResourceKind::subnet, si, "cidr", "\"{}\" is not inside VPC {}", x.cidr,
              vpc_label(x.vpc));
      }
      for (const auto o : overlaps_v4[s]) {
        const Subnet& y = d_.subnets[o];
        issue(ResourceKind::subnet, si, "cidr", "\"{}\" overlaps subnet {} {} in VPC {}", x.cidr,
              y.id, y.cidr, v.id);
      }
      if (x.ipv6_cidr) {
        const auto& c6 = *x.ipv6_cidr;
        if (!v.has_ipv6()) {
          issue(ResourceKind::subnet, si, "ipv6_cidr",
                "\"{}\": VPC {} has no IPv6 CIDR block; give the VPC an ipv6_cidr first", c6, v.id);
        } else if (c6.is_v4() || c6.length() != 64 || !v.ipv6_cidrs.front().contains(c6)) {
          issue(ResourceKind::subnet, si, "ipv6_cidr",
                "\"{}\" is not a /64 inside VPC {} IPv6 block {}", c6, v.id, v.ipv6_cidrs.front());
        }
        for (const auto o : overlaps_v6[s]) {
          const Subnet& y = d_.subnets[o];
          issue(ResourceKind::subnet, si, "ipv6_cidr", "\"{}\" overlaps subnet {} {}", c6, y.id,
                *y.ipv6_cidr);
        }
      }
      if (x.route_table.valid())
        own_vpc(si, "route_table", "route table", d_.route_tables[x.route_table.value()]);
      if (x.network_acl.valid())
        own_vpc(si, "network_acl", "network ACL", d_.network_acls[x.network_acl.value()]);
    }
  }

  // For each subnet, the subnets of lower index in its VPC whose block (`block(subnet)`, null
  // for none) overlaps its own, in index order. CIDR blocks nest or are disjoint, so in the
  // order of (network address, length) the blocks that contain one are those still open on a
  // stack when it comes: O(n log n) plus the overlaps found, not a comparison of every pair.
  template <class Block>
  std::vector<std::vector<std::uint32_t>> overlapping(Block block) const {
    std::vector<std::vector<std::uint32_t>> out(d_.subnets.size());
    std::vector<std::uint32_t> order;
    for (std::uint32_t s = 0; s < d_.subnets.size(); ++s) {
      if (block(d_.subnets[s])) order.push_back(s);
    }
    const auto key = [&](std::uint32_t s) {
      const auto& b = *block(d_.subnets[s]);
      return std::tuple(d_.subnets[s].vpc.value(), b.network(), b.length(), s);
    };
    std::sort(order.begin(), order.end(),
              [&](std::uint32_t a, std::uint32_t b) { return key(a) < key(b); });
    std::vector<std::uint32_t> open;  // blocks containing the current one, outermost first
    for (const auto s : order) {
      const auto& b = *block(d_.subnets[s]);
      while (!open.empty() && (d_.subnets[open.back()].vpc != d_.subnets[s].vpc ||
                               !block(d_.subnets[open.back()])->contains(b)))
        open.pop_back();
      for (const auto o : open) {
        const auto [lower, higher] = std::minmax(o, s);
        out[higher].push_back(lower);
      }
      open.push_back(s);
    }
    for (auto& v : out)
      std::sort(v.begin(), v.end());
    return out;
  }

  // A subnet can use only a route table or network ACL of its own VPC.
  template <class Resource>
  void own_vpc(SubnetIndex si, const char* field, const char* what, const Resource& r) {
    const Subnet& x = d_.subnets[si.value()];
    if (r.vpc == x.vpc) return;
    issue(ResourceKind::subnet, si, field,
          "{} {} belongs to VPC {}, but subnet {} is in VPC {}; a subnet can only use a {} of "
          "its own VPC",
          what, r.id, vpc(r.vpc).id, x.id, vpc(x.vpc).id, what);
  }

  static std::string vpc_cidr_field(std::size_t i) {
    return i == 0 ? "cidr" : fmt::format("secondary_cidrs/{}", i - 1);
  }
};

}  // namespace

void check_addressing(const TopologyData& d, std::vector<ValidationIssue>& out) {
  AddressingCheck(d, out).run();
}

}  // namespace vpcsim::model
