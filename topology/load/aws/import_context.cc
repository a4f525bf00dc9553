#include "topology/load/aws/import_context.h"

#include <fmt/format.h>

#include "topology/load/aws/aws_kind.h"
#include "topology/load/object_reader.h"

namespace vpcsim::load::aws {

void ImportContext::add(std::string_view native_key, nlohmann::json resource, const AwsRecord& from,
                        std::string_view sub) {
  auto& list = topology_[std::string(native_key)];
  if (list.is_null()) list = nlohmann::json::array();
  sources_.emplace(child_pointer(child_pointer("", native_key), list.size()),
                   std::pair{&from, std::string(sub)});
  if (auto id = resource.find("id"); id != resource.end() && id->is_string())
    ids_.insert(id->get<std::string>());
  list.push_back(std::move(resource));
}

void ImportContext::warn(const AwsRecord& from, std::string_view sub, std::string_view id,
                         std::string_view message) {
  warnings_.push_back({from.file->path, from.pointer + std::string(sub),
                       id.empty() ? std::string(message) : fmt::format("{}: {}", id, message)});
}

void ImportContext::error(const AwsRecord& from, std::string_view sub, std::string_view message) {
  errors_.push_back({from.file->path, from.pointer + std::string(sub), std::string(message)});
}

std::string ImportContext::region_of(const AwsRecord& r) const {
  if (!r.file->region.empty()) return r.file->region;
  return options_.region;
}

std::string ImportContext::account_of(const AwsRecord& r) const {
  if (!r.file->account.empty()) return r.file->account;
  if (auto owner = text(*r.value, "OwnerId"); !owner.empty()) return owner;
  return options_.account;
}

ImportContext::Source ImportContext::source_of(std::string_view native) const {
  // Resources are the second level of the topology: "/subnets/3".
  const auto second = native.find('/', 1);
  const auto end = second == std::string_view::npos ? second : native.find('/', second + 1);
  const auto prefix = native.substr(0, end);
  const auto it = sources_.find(std::string(prefix));
  if (it == sources_.end()) return {nullptr, "", std::string(native)};
  const auto& [record, sub] = it->second;
  const auto rest = native.substr(prefix.size());
  Source out{record, record->pointer + sub, std::string(rest)};
  if (rest.empty()) return out;
  // The AWS list the record is in ("/Reservations/0" → "Reservations") and the native field.
  const auto list_end = record->pointer.find('/', 1);
  const std::string_view list = std::string_view(record->pointer).substr(1, list_end - 1);
  const auto field_end = rest.find('/', 1);
  const auto field =
      rest.substr(1, field_end == std::string_view::npos ? field_end : field_end - 1);
  const auto [aws, exact] = aws_field_of(list, field);
  if (aws.empty()) return out;
  out.pointer += aws;
  // An exact field is named by the pointer alone; an element of a list keeps the native
  // pointer for the message, since the import renumbers lists (local routes, `*` rules).
  if (exact && field_end == std::string_view::npos) out.native_rest.clear();
  return out;
}

std::pair<std::string, bool> aws_field_of(std::string_view list, std::string_view field) {
  struct Field {
    std::string_view lists;  // the AWS lists it applies to, space-separated
    std::string_view native;
    std::string_view aws;
    bool exact;
  };
  // What each native field is made from (the readers of resource_readers.h).
  static constexpr Field kFields[] = {
      {"NetworkInterfaces Reservations Instances", "id", "/NetworkInterfaceId", true},
      {"DBInstances", "id", "", false},  // an assumed interface's id is vpcsim's
      {"Vpcs", "cidr", "/CidrBlock", true},
      {"Vpcs", "secondary_cidrs", "/CidrBlockAssociationSet", false},
      {"Vpcs", "ipv6_cidr", "/Ipv6CidrBlockAssociationSet", false},
      {"Subnets RouteTables NetworkAcls SecurityGroups", "vpc", "/VpcId", true},
      {"Subnets", "cidr", "/CidrBlock", true},
      {"Subnets", "ipv6_cidr", "/Ipv6CidrBlockAssociationSet", false},
      {"Subnets", "az", "/AvailabilityZone", true},
      {"Subnets", "az_id", "/AvailabilityZoneId", true},
      {"RouteTables", "routes", "/Routes", false},
      {"RouteTables", "main", "/Associations", false},
      {"NetworkAcls", "inbound", "/Entries", false},
      {"NetworkAcls", "outbound", "/Entries", false},
      {"SecurityGroups", "inbound", "/IpPermissions", false},
      {"SecurityGroups", "outbound", "/IpPermissionsEgress", false},
      {"NetworkInterfaces Reservations Instances", "subnet", "/SubnetId", true},
      {"NetworkInterfaces Reservations Instances", "private_ip", "/PrivateIpAddress", true},
      {"NetworkInterfaces Reservations Instances", "secondary_private_ips", "/PrivateIpAddresses",
       false},
      {"NetworkInterfaces Reservations Instances", "ipv6_addresses", "/Ipv6Addresses", false},
      {"NetworkInterfaces Reservations Instances", "public_ip", "/Association/PublicIp", true},
      {"NetworkInterfaces Reservations Instances", "elastic_ip", "/Association/PublicIp", true},
      {"NetworkInterfaces Reservations Instances", "security_groups", "/Groups", false},
      {"NetworkInterfaces Reservations Instances", "source_dest_check", "/SourceDestCheck", true},
      {"NatGateways", "subnet", "/SubnetId", true},
      {"NatGateways", "private_ip", "/NatGatewayAddresses", false},
      {"NatGateways", "elastic_ip", "/NatGatewayAddresses", false},
      {"InternetGateways EgressOnlyInternetGateways", "vpc", "/Attachments", false},
      {"VpcPeeringConnections", "requester", "/RequesterVpcInfo/VpcId", true},
      {"VpcPeeringConnections", "accepter", "/AccepterVpcInfo/VpcId", true},
      {"DBInstances", "security_groups", "/VpcSecurityGroups", false},
      {"DBInstances", "subnet", "/DBSubnetGroup", false},
  };
  for (const auto& f : kFields) {
    if (f.native != field) continue;
    for (std::string_view ls = f.lists; !ls.empty();) {
      const auto sp = ls.find(' ');
      if (ls.substr(0, sp) == list) return {std::string(f.aws), f.exact};
      ls = sp == std::string_view::npos ? std::string_view() : ls.substr(sp + 1);
    }
  }
  // Every resource's id is its kind's id field; its name, its Name tag.
  if (field == "id") {
    if (const auto k = aws_kind(list); k && !k->id_field.empty() && k->use != KindUse::kept)
      return {fmt::format("/{}", k->id_field), true};
  }
  if (field == "name") return {"/Tags", false};
  return {"", false};
}

std::string text(const nlohmann::json& j, std::string_view key) {
  if (!j.is_object()) return "";
  const auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

bool flag(const nlohmann::json& j, std::string_view key) {
  if (!j.is_object()) return false;
  const auto it = j.find(key);
  return it != j.end() && it->is_boolean() && it->get<bool>();
}

std::string tag(const nlohmann::json& j, std::string_view key) {
  if (!j.is_object()) return "";
  const auto tags = j.find("Tags");
  if (tags == j.end() || !tags->is_array()) return "";
  for (const auto& t : *tags) {
    if (text(t, "Key") == key) return text(t, "Value");
  }
  return "";
}

}  // namespace vpcsim::load::aws
