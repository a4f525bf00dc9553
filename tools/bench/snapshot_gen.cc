#include "tools/bench/snapshot_gen.h"

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <utility>

#include <fmt/format.h>
#include <fmt/ostream.h>

namespace vpcsim::bench {
namespace {

using nlohmann::json;

constexpr const char* kAccount = "111122223333";

// A native port field (absent, 443 or "1024-65535") as AWS's from and to.
std::pair<int, int> port_range(const json& rule) {
  const auto it = rule.find("ports");
  if (it == rule.end()) return {-1, -1};
  if (it->is_number()) return {it->get<int>(), it->get<int>()};
  const auto text = it->get<std::string>();
  const auto dash = text.find('-');
  return {std::stoi(text.substr(0, dash)), std::stoi(text.substr(dash + 1))};
}

// AWS's protocol numbers as the NACL API writes them (https://docs.aws.amazon.com/AWSEC2/
// latest/APIReference/API_NetworkAclEntry.html).
std::string protocol_number(const std::string& name) {
  if (name == "tcp") return "6";
  if (name == "udp") return "17";
  if (name == "icmp") return "1";
  return "-1";
}

json vpcs(const json& t) {
  json list = json::array();
  for (const auto& v : t["vpcs"]) {
    list.push_back({{"VpcId", v["id"]},
                    {"CidrBlock", v["cidr"]},
                    {"OwnerId", kAccount},
                    {"State", "available"},
                    {"CidrBlockAssociationSet",
                     {{{"CidrBlock", v["cidr"]}, {"CidrBlockState", {{"State", "associated"}}}}}}});
  }
  return {{"Vpcs", list}};
}

json subnets(const json& t, const std::map<std::string, std::string>& vpc_of_subnet) {
  json list = json::array();
  for (const auto& s : t["subnets"]) {
    list.push_back({{"SubnetId", s["id"]},
                    {"VpcId", vpc_of_subnet.at(s["id"])},
                    {"CidrBlock", s["cidr"]},
                    {"AvailabilityZone", s["az"]},
                    {"State", "available"},
                    {"OwnerId", kAccount}});
  }
  return {{"Subnets", list}};
}

json route_tables(const json& t) {
  std::map<std::string, json> associations;
  for (const auto& s : t["subnets"]) {
    if (s.contains("route_table"))
      associations[s["route_table"]].push_back(
          {{"Main", false}, {"SubnetId", s["id"]}, {"RouteTableId", s["route_table"]}});
  }
  std::map<std::string, std::string> vpc_cidr;
  for (const auto& v : t["vpcs"])
    vpc_cidr[v["id"]] = v["cidr"];
  json list = json::array();
  for (const auto& rt : t["route_tables"]) {
    json routes = json::array({{{"DestinationCidrBlock", vpc_cidr[rt["vpc"]]},
                                {"GatewayId", "local"},
                                {"Origin", "CreateRouteTable"},
                                {"State", "active"}}});
    for (const auto& r : rt["routes"]) {
      const auto target = r["target"].get<std::string>();
      json route = {{"DestinationCidrBlock", r["destination"]}, {"Origin", "CreateRoute"}};
      if (target == "blackhole") {
        route["NatGatewayId"] = "nat-0deleted";  // AWS keeps the deleted target's id
        route["State"] = "blackhole";
      } else {
        route[target.starts_with("nat-")   ? "NatGatewayId"
              : target.starts_with("pcx-") ? "VpcPeeringConnectionId"
                                           : "GatewayId"] = target;
        route["State"] = "active";
      }
      routes.push_back(std::move(route));
    }
    const auto it = associations.find(rt["id"]);
    list.push_back({{"RouteTableId", rt["id"]},
                    {"VpcId", rt["vpc"]},
                    {"OwnerId", kAccount},
                    {"Associations", it == associations.end() ? json::array() : it->second},
                    {"Routes", std::move(routes)}});
  }
  return {{"RouteTables", list}};
}

json network_acls(const json& t) {
  std::map<std::string, json> associations;
  for (const auto& s : t["subnets"]) {
    if (s.contains("network_acl"))
      associations[s["network_acl"]].push_back(
          {{"NetworkAclId", s["network_acl"]}, {"SubnetId", s["id"]}});
  }
  json list = json::array();
  for (const auto& a : t["network_acls"]) {
    json entries = json::array();
    for (const bool egress : {false, true}) {
      for (const auto& r : a[egress ? "outbound" : "inbound"]) {
        json e = {{"RuleNumber", r["rule"]},
                  {"Protocol", protocol_number(r["protocol"])},
                  {"RuleAction", r["action"]},
                  {"Egress", egress},
                  {"CidrBlock", r["cidr"]}};
        if (r["protocol"] == "icmp") {
          e["IcmpTypeCode"] = {{"Type", r.value("icmp_type", -1)}, {"Code", -1}};
        } else if (r.contains("ports")) {
          const auto [from, to] = port_range(r);
          e["PortRange"] = {{"From", from}, {"To", to}};
        }
        entries.push_back(std::move(e));
      }
      entries.push_back({{"RuleNumber", 32767},
                         {"Protocol", "-1"},
                         {"RuleAction", "deny"},
                         {"Egress", egress},
                         {"CidrBlock", "0.0.0.0/0"}});
    }
    const auto it = associations.find(a["id"]);
    list.push_back({{"NetworkAclId", a["id"]},
                    {"VpcId", a["vpc"]},
                    {"IsDefault", false},
                    {"OwnerId", kAccount},
                    {"Associations", it == associations.end() ? json::array() : it->second},
                    {"Entries", std::move(entries)}});
  }
  return {{"NetworkAcls", list}};
}

json permissions(const json& rules) {
  json list = json::array();
  for (const auto& r : rules) {
    const auto [from, to] = port_range(r);
    json p = {{"IpProtocol", r["protocol"]},
              {"FromPort", from},
              {"ToPort", to},
              {"IpRanges", json::array()},
              {"UserIdGroupPairs", json::array()}};
    if (r.contains("cidr"))
      p["IpRanges"].push_back({{"CidrIp", r["cidr"]}});
    else
      p["UserIdGroupPairs"].push_back({{"GroupId", r["group"]}, {"UserId", kAccount}});
    list.push_back(std::move(p));
  }
  return list;
}

json security_groups(const json& t) {
  json list = json::array();
  for (const auto& g : t["security_groups"]) {
    list.push_back({{"GroupId", g["id"]},
                    {"GroupName", g["id"]},
                    {"VpcId", g["vpc"]},
                    {"OwnerId", kAccount},
                    {"Description", "generated"},
                    {"IpPermissions", permissions(g["inbound"])},
                    {"IpPermissionsEgress", permissions(g["outbound"])}});
  }
  return {{"SecurityGroups", list}};
}

json network_interfaces(const json& t, const std::map<std::string, std::string>& vpc_of_subnet) {
  json list = json::array();
  std::uint64_t n = 0;
  for (const auto& e : t["enis"]) {
    json groups = json::array();
    for (const auto& g : e["security_groups"])
      groups.push_back({{"GroupId", g}, {"GroupName", g}});
    list.push_back(
        {{"NetworkInterfaceId", e["id"]},
         {"SubnetId", e["subnet"]},
         {"VpcId", vpc_of_subnet.at(e["subnet"])},
         {"OwnerId", kAccount},
         {"InterfaceType", "interface"},
         {"Status", "in-use"},
         {"PrivateIpAddress", e["private_ip"]},
         {"PrivateIpAddresses", {{{"Primary", true}, {"PrivateIpAddress", e["private_ip"]}}}},
         {"Groups", std::move(groups)},
         {"SourceDestCheck", true},
         {"Attachment",
          {{"InstanceId", fmt::format("i-{:017x}", ++n)},
           {"DeviceIndex", 0},
           {"Status", "attached"}}}});
  }
  return {{"NetworkInterfaces", list}};
}

json gateways(const json& t) {
  json list = json::array();
  for (const auto& g : t["internet_gateways"])
    list.push_back({{"InternetGatewayId", g["id"]},
                    {"OwnerId", kAccount},
                    {"Attachments", {{{"VpcId", g["vpc"]}, {"State", "available"}}}}});
  return {{"InternetGateways", list}};
}

json nat_gateways(const json& t, const std::map<std::string, std::string>& vpc_of_subnet) {
  json list = json::array();
  for (const auto& g : t["nat_gateways"]) {
    list.push_back(
        {{"NatGatewayId", g["id"]},
         {"SubnetId", g["subnet"]},
         {"VpcId", vpc_of_subnet.at(g["subnet"])},
         {"State", "available"},
         {"ConnectivityType", "public"},
         {"NatGatewayAddresses",
          {{{"PrivateIp", g["private_ip"]}, {"PublicIp", g["elastic_ip"]}, {"IsPrimary", true}}}}});
  }
  return {{"NatGateways", list}};
}

json peerings(const json& t) {
  std::map<std::string, std::string> cidr;
  for (const auto& v : t["vpcs"])
    cidr[v["id"]] = v["cidr"];
  json list = json::array();
  for (const auto& p : t["peering_connections"]) {
    const auto side = [&](const json& vpc) {
      return json{
          {"VpcId", vpc}, {"OwnerId", kAccount}, {"Region", "us-east-1"}, {"CidrBlock", cidr[vpc]}};
    };
    list.push_back({{"VpcPeeringConnectionId", p["id"]},
                    {"RequesterVpcInfo", side(p["requester"])},
                    {"AccepterVpcInfo", side(p["accepter"])},
                    {"Status", {{"Code", "active"}}}});
  }
  return {{"VpcPeeringConnections", list}};
}

}  // namespace

bool write_snapshot(const json& t, const std::string& dir, std::ostream& out) {
  namespace fs = std::filesystem;
  const auto region = fs::path(dir) / kAccount / "us-east-1";
  std::error_code ec;
  fs::create_directories(region, ec);
  if (ec) {
    fmt::print(out, "cannot create {}: {}\n", region.string(), ec.message());
    return false;
  }
  std::map<std::string, std::string> vpc_of_subnet;
  for (const auto& s : t["subnets"])
    vpc_of_subnet[s["id"]] = s["vpc"];
  const std::pair<const char*, json> files[] = {
      {"ec2-describe-vpcs.json", vpcs(t)},
      {"ec2-describe-subnets.json", subnets(t, vpc_of_subnet)},
      {"ec2-describe-route-tables.json", route_tables(t)},
      {"ec2-describe-network-acls.json", network_acls(t)},
      {"ec2-describe-security-groups.json", security_groups(t)},
      {"ec2-describe-network-interfaces.json", network_interfaces(t, vpc_of_subnet)},
      {"ec2-describe-internet-gateways.json", gateways(t)},
      {"ec2-describe-nat-gateways.json", nat_gateways(t, vpc_of_subnet)},
      {"ec2-describe-vpc-peering-connections.json", peerings(t)}};
  std::uintmax_t bytes = 0;
  for (const auto& [name, doc] : files) {
    const auto path = region / name;
    std::ofstream f(path, std::ios::binary);
    f << doc.dump(4) << '\n';  // the AWS CLI's indentation
    f.close();
    if (!f) {
      fmt::print(out, "cannot write {}\n", path.string());
      return false;
    }
    bytes += fs::file_size(path, ec);
  }
  fmt::print(out, "wrote {} ({} files, {} bytes)\n", dir, std::size(files), bytes);
  return true;
}

}  // namespace vpcsim::bench
