#pragma once
// AwsKind: the resource lists that AWS's describe-* calls (and boto3) write, by the top-level
// key of their output ("Vpcs", "Subnets", …), with the field that holds each element's id.
// A snapshot is dispatched on these keys, never on file names, so that Batfish's
// aws_configs/<account>/<region>/ layout, CloudMapper's account-data/<account>/<region>/
// files and ad-hoc dumps all read alike.

#include <optional>
#include <string_view>

namespace vpcsim::load::aws {

// What vpcsim does with a kind: builds the model from it, keeps it as data for behaviour
// that later versions add (transit gateways, VPN, endpoints, load balancers), or reads
// nothing from it (it says nothing about packets: AvailabilityZones, Tags, …), which is
// reported once per file.
enum class KindUse { modelled, kept, not_modelled };

struct AwsKind {
  std::string_view key;       // top-level key: "Vpcs"
  std::string_view id_field;  // the element's id: "VpcId"; empty when elements have none
  KindUse use;
};

// The kind of top-level key `key`, or nullopt for a key that is not a known AWS list.
std::optional<AwsKind> aws_kind(std::string_view key);

}  // namespace vpcsim::load::aws
