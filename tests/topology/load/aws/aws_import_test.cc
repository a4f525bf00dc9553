// An AWS snapshot as a native topology: VPCs, subnets and their associations, gateways,
// route tables and network ACLs with AWS's semantics
// (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_RouteTable.html,
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_NetworkAclEntry.html), and
// what the corpus holds.
#include "topology/load/aws/aws_import.h"
#include "topology/load/aws/aws_kind.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <string_view>
#include <utility>

#include "tests/tools/vpcsim/cli_fixture.h"

using namespace vpcsim;
namespace fs = std::filesystem;

namespace {

const fs::path kCorpus = fs::path(VPCSIM_SOURCE_DIR) / ".." / "shared" / "corpus";

// A snapshot folder of one file, `Account.json` under 111122223333/us-east-1/.
struct OneFile {
  test::TempDir dir;
  fs::path root = dir.file("snap");
  explicit OneFile(const std::string& json) {
    const auto p = root / "111122223333" / "us-east-1" / "snapshot.json";
    fs::create_directories(p.parent_path());
    std::ofstream(p) << json;
  }
  load::aws::AwsTopology load() const { return load::aws::load_aws_topology({root.string()}, {}); }
};

bool has(const std::vector<load::LoadError>& list, const std::string& where,
         const std::string& text) {
  for (const auto& e : list) {
    if (e.where == where && e.message.find(text) != std::string::npos) return true;
  }
  return false;
}

const char* kVpc =
    R"("Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16", "OwnerId": "111122223333",
    "CidrBlockAssociationSet": [{"CidrBlock": "10.0.0.0/16", "CidrBlockState": {"State": "associated"}},
                                {"CidrBlock": "10.1.0.0/16", "CidrBlockState": {"State": "associated"}},
                                {"CidrBlock": "10.2.0.0/16", "CidrBlockState": {"State": "disassociated"}}],
    "Tags": [{"Key": "Name", "Value": "prod"}]}])";

}  // namespace

TEST_CASE("aws import: VPC CIDR blocks, Region, account and Name") {
  const OneFile f(std::string("{") + kVpc + "}");
  const auto t = f.load();
  for (const auto& e : t.errors)
    FAIL_CHECK(e.to_string());
  REQUIRE(t.topology);
  const auto& v = t.native["vpcs"][0];
  CHECK(v["cidr"] == "10.0.0.0/16");
  CHECK(v["secondary_cidrs"] == nlohmann::json::array({"10.1.0.0/16"}));  // not the disassociated
  CHECK(v["name"] == "prod");
  CHECK(v["region"] == "us-east-1");
  CHECK(v["account_id"] == "111122223333");
}

TEST_CASE("aws import: subnet associations, routes, NACL entries as AWS writes them") {
  const OneFile f(std::string("{") + kVpc + R"(,
  "Subnets": [{"SubnetId": "subnet-a", "VpcId": "vpc-1", "CidrBlock": "10.0.1.0/24", "AvailabilityZone": "us-east-1a", "AvailabilityZoneId": "use1-az1"},
              {"SubnetId": "subnet-b", "VpcId": "vpc-1", "CidrBlock": "10.0.2.0/24", "AvailabilityZone": "us-east-1b"}],
  "InternetGateways": [{"InternetGatewayId": "igw-1", "Attachments": [{"VpcId": "vpc-1", "State": "available"}]}],
  "RouteTables": [
    {"RouteTableId": "rtb-main", "VpcId": "vpc-1", "Associations": [{"Main": true, "RouteTableId": "rtb-main"}],
     "Routes": [{"DestinationCidrBlock": "10.0.0.0/16", "GatewayId": "local", "Origin": "CreateRouteTable", "State": "active"}]},
    {"RouteTableId": "rtb-pub", "VpcId": "vpc-1", "Associations": [{"Main": false, "SubnetId": "subnet-a"}],
     "Routes": [{"DestinationCidrBlock": "0.0.0.0/0", "GatewayId": "igw-1", "Origin": "CreateRoute", "State": "active"},
                {"DestinationCidrBlock": "192.168.0.0/16", "GatewayId": "vgw-9", "Origin": "EnableVgwRoutePropagation", "State": "active"},
                {"DestinationCidrBlock": "172.16.0.0/12", "TransitGatewayId": "tgw-9", "Origin": "CreateRoute", "State": "active"},
                {"DestinationCidrBlock": "100.64.0.0/10", "NatGatewayId": "nat-gone", "Origin": "CreateRoute", "State": "blackhole"},
                {"DestinationPrefixListId": "pl-63a5400a", "GatewayId": "vpce-1", "Origin": "CreateRoute", "State": "active"}]}],
  "NetworkAcls": [{"NetworkAclId": "acl-1", "VpcId": "vpc-1", "IsDefault": false,
    "Associations": [{"SubnetId": "subnet-a", "NetworkAclId": "acl-1"}],
    "Entries": [
      {"RuleNumber": 100, "Protocol": "6", "RuleAction": "allow", "Egress": false, "CidrBlock": "0.0.0.0/0", "PortRange": {"From": 443, "To": 443}},
      {"RuleNumber": 110, "Protocol": "1", "RuleAction": "allow", "Egress": false, "CidrBlock": "0.0.0.0/0", "IcmpTypeCode": {"Type": 8, "Code": -1}},
      {"RuleNumber": 120, "Protocol": "-1", "RuleAction": "deny", "Egress": false, "Ipv6CidrBlock": "::/0"},
      {"RuleNumber": 100, "Protocol": "6", "RuleAction": "allow", "Egress": true, "CidrBlock": "0.0.0.0/0", "PortRange": {"From": 1024, "To": 65535}},
      {"RuleNumber": 32767, "Protocol": "-1", "RuleAction": "deny", "Egress": true, "CidrBlock": "0.0.0.0/0"},
      {"RuleNumber": 32768, "Protocol": "-1", "RuleAction": "deny", "Egress": false, "Ipv6CidrBlock": "::/0"}]}]
})");
  const auto t = f.load();
  for (const auto& e : t.errors)
    FAIL_CHECK(e.to_string());
  REQUIRE(t.topology);
  const auto& n = t.native;
  CHECK(n["subnets"][0]["route_table"] == "rtb-pub");
  CHECK(n["subnets"][0]["network_acl"] == "acl-1");
  CHECK(n["subnets"][0]["az_id"] == "use1-az1");
  CHECK_FALSE(n["subnets"][1].contains("route_table"));  // the main table, as AWS does
  CHECK(n["route_tables"][0]["main"] == true);
  CHECK(n["route_tables"][0]["routes"].empty());  // local routes: AWS's, added by vpcsim
  const auto& routes = n["route_tables"][1]["routes"];
  REQUIRE(routes.size() == 4);
  CHECK(routes[0] == nlohmann::json::parse(R"({"destination": "0.0.0.0/0", "target": "igw-1"})"));
  // Not modelled yet (a VGW, a TGW): the route keeps its target, kept as an unmodelled
  // resource even when the snapshot does not describe it, so that a packet the route chooses
  // is dropped as not modelled, not as by AWS. A deleted NAT gateway's route: a blackhole.
  CHECK(routes[1]["target"] == "vgw-9");
  CHECK(routes[1]["origin"] == "propagated");
  CHECK(routes[2]["target"] == "tgw-9");
  CHECK(routes[3]["target"] == "blackhole");
  CHECK(has(t.warnings, "/RouteTables/1/Routes/1",
            "via vgw-9 (virtual private gateway, and the snapshot does not describe it)"));
  CHECK(has(t.warnings, "/RouteTables/1/Routes/2", "via tgw-9 (transit gateway, and the"));
  REQUIRE(n["unmodelled"].size() == 2);
  CHECK(n["unmodelled"][0] == nlohmann::json::parse(R"({"kind": "VpnGateways", "id": "vgw-9"})"));
  CHECK(n["unmodelled"][1] ==
        nlohmann::json::parse(R"({"kind": "TransitGateways", "id": "tgw-9"})"));
  // A deleted NAT gateway's route in state blackhole is AWS's own record, not a gap in the
  // snapshot: no warning. (An active route to a missing target is one: bad-input/aws.)
  CHECK_FALSE(has(t.warnings, "/RouteTables/1/Routes/3", ""));
  CHECK(has(t.warnings, "/RouteTables/1/Routes/4", "prefix list pl-63a5400a"));
  const auto& acl = n["network_acls"][0];
  REQUIRE(acl["inbound"].size() == 3);  // the `*` rules 32767 and 32768 are implicit
  REQUIRE(acl["outbound"].size() == 1);
  CHECK(acl["inbound"][0]["ports"] == "443-443");
  CHECK(acl["inbound"][1]["icmp_type"] == 8);
  CHECK(acl["inbound"][2]["cidr"] == "::/0");
  CHECK(acl["outbound"][0]["ports"] == "1024-65535");
  // The model: the public subnet routes 0.0.0.0/0 to the internet gateway.
  const auto& topo = *t.topology;
  CHECK(topo.subnets().size() == 2);
  CHECK(topo.network_acls().size() == 2);  // acl-1 and the default ACL AWS creates
  const auto& model_routes = topo.route_tables()[1].routes;
  const auto tgw = std::find_if(model_routes.begin(), model_routes.end(),
                                [](const model::Route& r) { return r.target.id == "tgw-9"; });
  REQUIRE(tgw != model_routes.end());
  CHECK(tgw->target.kind == model::RouteTargetKind::unmodelled);
  CHECK(topo.data().unmodelled[tgw->target.unmodelled()].description() == "transit gateway");
}

TEST_CASE("aws import: a bad value is reported at the AWS record, not the generated JSON") {
  const OneFile f(std::string("{") + kVpc + R"(,
  "Subnets": [{"SubnetId": "subnet-a", "VpcId": "vpc-1", "CidrBlock": "10.0.1.0/33"}]})");
  const auto t = f.load();
  CHECK_FALSE(t.topology);
  REQUIRE(t.errors.size() == 1);
  CHECK(t.errors[0].file.ends_with("snapshot.json"));
  // At the AWS field the native one was made from, in AWS's words.
  CHECK(t.errors[0].where == "/Subnets/0/CidrBlock");
  CHECK(t.errors[0].message.find("\"10.0.1.0/33\" is not valid") == 0);
  // An instance's interface, inside its reservation; a list the import renumbers keeps the
  // native element in the message.
  const OneFile g(std::string("{") + kVpc + R"(,
  "Subnets": [{"SubnetId": "subnet-a", "VpcId": "vpc-1", "CidrBlock": "10.0.1.0/24"}],
  "Reservations": [{"ReservationId": "r-1", "Instances": [{"InstanceId": "i-1", "State": {"Name": "running"},
    "NetworkInterfaces": [{"NetworkInterfaceId": "eni-1", "SubnetId": "subnet-a", "PrivateIpAddress": "10.0.1.10",
      "PrivateIpAddresses": [{"Primary": true, "PrivateIpAddress": "10.0.1.10"}, {"Primary": false, "PrivateIpAddress": "10.0.9.9"}]}]}]}]})");
  const auto u = g.load();
  REQUIRE(u.errors.size() == 1);
  CHECK(u.errors[0].where == "/Reservations/0/Instances/0/NetworkInterfaces/0/PrivateIpAddresses");
  CHECK(u.errors[0].message.find("as imported, secondary_private_ips/0: ") == 0);
}

TEST_CASE("aws import: a snapshot without a VPC is an error") {
  const OneFile f(R"({"Subnets": []})");
  const auto t = f.load();
  CHECK_FALSE(t.topology);
  REQUIRE(t.errors.size() == 1);
  CHECK(t.errors[0].message.find("no VPC in this snapshot") == 0);
}

TEST_CASE("aws import: repeated Name tags are not names") {
  const OneFile f(std::string("{") + kVpc + R"(,
  "Subnets": [{"SubnetId": "subnet-a", "VpcId": "vpc-1", "CidrBlock": "10.0.1.0/24", "Tags": [{"Key": "Name", "Value": "private"}]},
              {"SubnetId": "subnet-b", "VpcId": "vpc-1", "CidrBlock": "10.0.2.0/24", "Tags": [{"Key": "Name", "Value": "private"}]}]})");
  const auto t = f.load();
  REQUIRE(t.topology);
  CHECK_FALSE(t.native["subnets"][0].contains("name"));
  CHECK_FALSE(t.native["subnets"][1].contains("name"));
  CHECK(has(t.warnings, "/Subnets/0/Tags", "\"private\" is on 2 resources"));
}

TEST_CASE("aws import: every corpus snapshot with VPCs loads") {
  std::size_t loaded = 0;
  for (const auto& e : fs::recursive_directory_iterator(kCorpus)) {
    if (!e.is_directory() || e.path().filename() != "aws_configs") continue;
    const auto dir = e.path().string();
    CAPTURE(dir);
    const auto t = load::aws::load_aws_topology({dir}, {});
    const bool no_vpc = !t.errors.empty() && t.errors[0].message.starts_with("no VPC");
    if (no_vpc) continue;
    for (const auto& err : t.errors)
      FAIL_CHECK(err.to_string());
    CHECK(t.topology);
    if (t.topology) {
      CHECK(t.topology->vpcs().size() == t.native["vpcs"].size());
      ++loaded;
    }
  }
  CHECK(loaded >= 20);
}

TEST_CASE("aws import: every corpus snapshot's VPCs, subnets, tables, ACLs and groups, counted") {
  // Counted against the JSON itself: each resource of these kinds in the snapshot (once per
  // account and Region) is in the topology, none left out without an error. NAT gateways in
  // every state are: routes to one not available are blackholes.
  const std::pair<const char*, const char*> kinds[] = {{"Vpcs", "vpcs"},
                                                       {"Subnets", "subnets"},
                                                       {"RouteTables", "route_tables"},
                                                       {"NetworkAcls", "network_acls"},
                                                       {"SecurityGroups", "security_groups"},
                                                       {"NatGateways", "nat_gateways"}};
  std::size_t resources = 0;
  for (const auto& e : fs::recursive_directory_iterator(kCorpus)) {
    if (!e.is_directory() || e.path().filename() != "aws_configs") continue;
    const auto dir = e.path().string();
    const auto imported = load::aws::import_snapshot({dir}, {});
    if (!imported.context->errors().empty()) continue;  // no VPC: the test above
    auto& native = imported.context->topology();
    for (const auto& kind : kinds) {  // not a binding: clang 14 cannot capture one in CHECK
      const char* aws_key = kind.first;
      const char* native_key = kind.second;
      std::set<std::string> ids;  // by account, Region and id, as the snapshot dedups
      const auto field = load::aws::aws_kind(aws_key)->id_field;
      for (const auto& r : imported.snapshot->of(aws_key)) {
        ids.insert(r.file->account + "/" + r.file->region + "/" +
                   r.value->value(std::string(field), std::string()));
      }
      const auto in_topology = native.contains(native_key) ? native[native_key].size() : 0;
      CHECK_MESSAGE(in_topology == ids.size(), dir, ": ", aws_key);
      resources += ids.size();
    }
  }
  CHECK(resources >= 200);
}

TEST_CASE("aws import: a subnet outside its VPC's blocks is read with a warning") {
  // AWS requires a subnet's block inside its VPC's
  // (https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html); Batfish's
  // hand-edited snapshots break this, and the subnet must still work.
  const OneFile f(std::string("{") + kVpc + R"(,
  "Subnets": [{"SubnetId": "subnet-x", "VpcId": "vpc-1", "CidrBlock": "172.31.0.0/20"}]})");
  const auto t = f.load();
  for (const auto& e : t.errors)
    FAIL_CHECK(e.to_string());
  REQUIRE(t.topology);
  CHECK(has(t.warnings, "/Subnets/0/CidrBlock",
            "subnet-x: 172.31.0.0/20 is outside every CIDR block of vpc-1"));
  CHECK(t.native["vpcs"][0]["secondary_cidrs"].back() == "172.31.0.0/20");
}

TEST_CASE("aws import: security group permissions, every peer kind, quirks of the API") {
  const OneFile f(std::string("{") + kVpc + R"(,
  "PrefixLists": [{"PrefixListId": "pl-1", "PrefixListName": "com.amazonaws.us-east-1.s3", "Cidrs": ["52.216.0.0/15"]}],
  "SecurityGroups": [
    {"GroupId": "sg-web", "GroupName": "web", "VpcId": "vpc-1", "Description": "web tier",
     "IpPermissions": [
       {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443,
        "IpRanges": [{"CidrIp": "0.0.0.0/0", "Description": "https"}], "Ipv6Ranges": [{"CidrIpv6": "::/0"}]},
       {"IpProtocol": "icmp", "FromPort": 8, "ToPort": -1, "IpRanges": [{"CidrIp": "10.0.0.0/8"}]},
       {"IpProtocol": "-1", "UserIdGroupPairs": [{"GroupId": "sg-app", "UserId": "111122223333"},
                                                  {"GroupId": "sg-elsewhere", "UserId": "999988887777"}]}],
     "IpPermissionsEgress": [{"IpProtocol": "6", "FromPort": 443, "ToPort": 443, "PrefixListIds": [{"PrefixListId": "pl-1"}]}]},
    {"GroupId": "sg-app", "GroupName": "default", "VpcId": "vpc-1", "IpPermissions": [], "IpPermissionsEgress": []}]})");
  const auto t = f.load();
  for (const auto& e : t.errors)
    FAIL_CHECK(e.to_string());
  REQUIRE(t.topology);
  const auto& web = t.native["security_groups"][0];
  REQUIRE(web["inbound"].size() == 4);  // 2 CIDRs, ICMP, the group in the snapshot
  CHECK(
      web["inbound"][0] ==
      nlohmann::json::parse(
          R"({"protocol": "tcp", "ports": "443-443", "cidr": "0.0.0.0/0", "description": "https"})"));
  CHECK(web["inbound"][1]["cidr"] == "::/0");
  CHECK(web["inbound"][2]["icmp_type"] == 8);
  CHECK(web["inbound"][2]["icmp_code"] == -1);
  CHECK(web["inbound"][3] == nlohmann::json::parse(R"({"protocol": "-1", "group": "sg-app"})"));
  CHECK(has(t.warnings, "/SecurityGroups/0/IpPermissions/2/UserIdGroupPairs/1",
            "references sg-elsewhere of account 999988887777, which is not in the snapshot"));
  CHECK(web["outbound"][0]["prefix_list"] == "pl-1");
  CHECK(t.native["security_groups"][1]["default"] == true);
  CHECK(t.native["security_groups"][1]["outbound"].empty());  // as listed: no egress rule
}

TEST_CASE("aws import: the flat SecurityGroupRules form") {
  const OneFile f(std::string("{") + kVpc + R"(,
  "SecurityGroups": [{"GroupId": "sg-db", "GroupName": "db", "VpcId": "vpc-1"}, {"GroupId": "sg-app", "GroupName": "app", "VpcId": "vpc-1"}],
  "SecurityGroupRules": [
    {"SecurityGroupRuleId": "sgr-1", "GroupId": "sg-db", "IsEgress": false, "IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432,
     "ReferencedGroupInfo": {"GroupId": "sg-app", "UserId": "111122223333"}},
    {"SecurityGroupRuleId": "sgr-2", "GroupId": "sg-db", "IsEgress": true, "IpProtocol": "-1", "FromPort": -1, "ToPort": -1, "CidrIpv4": "0.0.0.0/0"},
    {"SecurityGroupRuleId": "sgr-3", "GroupId": "sg-gone", "IsEgress": true, "IpProtocol": "-1", "CidrIpv4": "0.0.0.0/0"}]})");
  const auto t = f.load();
  for (const auto& e : t.errors)
    FAIL_CHECK(e.to_string());
  REQUIRE(t.topology);
  const auto& db = t.native["security_groups"][0];
  REQUIRE(db["inbound"].size() == 1);
  CHECK(db["inbound"][0]["group"] == "sg-app");
  CHECK(db["inbound"][0]["id"] == "sgr-1");
  CHECK(db["inbound"][0]["ports"] == "5432-5432");
  REQUIRE(db["outbound"].size() == 1);
  CHECK(db["outbound"][0]["cidr"] == "0.0.0.0/0");
  CHECK(has(t.warnings, "/SecurityGroupRules/2/GroupId", "sgr-3: a rule of sg-gone"));
}

TEST_CASE("aws import: interfaces of running instances, owners, public IPs, NAT gateways") {
  const OneFile f(std::string("{") + kVpc + R"(,
  "Subnets": [{"SubnetId": "subnet-a", "VpcId": "vpc-1", "CidrBlock": "10.0.1.0/24"}],
  "InternetGateways": [{"InternetGatewayId": "igw-1", "Attachments": [{"VpcId": "vpc-1", "State": "available"}]}],
  "SecurityGroups": [{"GroupId": "sg-web", "GroupName": "web", "VpcId": "vpc-1", "IpPermissions": [], "IpPermissionsEgress": []}],
  "Reservations": [{"ReservationId": "r-1", "Instances": [
    {"InstanceId": "i-web", "State": {"Name": "running"}, "Tags": [{"Key": "Name", "Value": "web"}],
     "NetworkInterfaces": [{"NetworkInterfaceId": "eni-web", "SubnetId": "subnet-a", "PrivateIpAddress": "10.0.1.10",
       "Attachment": {"DeviceIndex": 0, "InstanceId": "i-web"}, "Association": {"PublicIp": "198.51.100.7", "IpOwnerId": "amazon"},
       "Groups": [{"GroupId": "sg-web"}, {"GroupId": "sg-missing"}], "SourceDestCheck": true}]},
    {"InstanceId": "i-off", "State": {"Name": "stopped"},
     "NetworkInterfaces": [{"NetworkInterfaceId": "eni-off", "SubnetId": "subnet-a", "PrivateIpAddress": "10.0.1.11"}]}]}],
  "NetworkInterfaces": [
    {"NetworkInterfaceId": "eni-rds", "SubnetId": "subnet-a", "PrivateIpAddress": "10.0.1.20", "Description": "RDSNetworkInterface", "RequesterId": "amazon-rds", "InterfaceType": "interface"},
    {"NetworkInterfaceId": "eni-nat", "SubnetId": "subnet-a", "PrivateIpAddress": "10.0.1.30", "InterfaceType": "nat_gateway"},
    {"NetworkInterfaceId": "eni-bad", "SubnetId": "subnet-a", "PrivateIpAddress": "10.0.1.1", "InterfaceType": "interface"}],
  "NatGateways": [{"NatGatewayId": "nat-1", "SubnetId": "subnet-a", "VpcId": "vpc-1", "State": "available", "ConnectivityType": "public",
    "NatGatewayAddresses": [{"NetworkInterfaceId": "eni-nat", "PrivateIp": "10.0.1.30", "PublicIp": "203.0.113.9", "AllocationId": "eipalloc-1", "IsPrimary": true},
                            {"PrivateIp": "10.0.1.31", "PublicIp": "203.0.113.10", "IsPrimary": false}]}]})");
  const auto t = f.load();
  for (const auto& e : t.errors)
    FAIL_CHECK(e.to_string());
  REQUIRE(t.topology);
  const auto& enis = t.native["enis"];
  REQUIRE(enis.size() == 3);  // eni-rds, eni-web, eni-off; the reserved one left out
  CHECK(enis[0]["id"] == "eni-rds");
  CHECK(enis[0]["owner"]["type"] == "rds");
  CHECK(enis[1]["id"] == "eni-web");
  CHECK(enis[1]["name"] == "web");
  CHECK(enis[1]["owner"] == nlohmann::json::parse(R"({"type": "instance", "id": "i-web"})"));
  CHECK(enis[1]["public_ip"] == "198.51.100.7");
  CHECK(enis[1]["security_groups"] == nlohmann::json::array({"sg-web"}));
  // A stopped instance keeps its interface, which answers nothing: modelled, no warning.
  CHECK(enis[2]["owner"] ==
        nlohmann::json::parse(R"({"type": "instance", "id": "i-off", "state": "stopped"})"));
  CHECK_FALSE(has(t.warnings, "/Reservations/0/Instances/1", ""));
  CHECK(has(t.warnings, "/NetworkInterfaces/2/PrivateIpAddress", "10.0.1.1 is reserved by AWS"));
  CHECK(has(t.warnings, "/Reservations/0/Instances/0/NetworkInterfaces/0/Groups/1", "sg-missing"));
  const auto& nat = t.native["nat_gateways"][0];
  CHECK(nat["eni_id"] == "eni-nat");
  CHECK(nat["elastic_ip"] == "203.0.113.9");
  // A secondary address with its own Elastic IP (up to 8 addresses in all:
  // https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html).
  CHECK(nat["secondary_addresses"] ==
        nlohmann::json::parse(R"([{"private_ip": "10.0.1.31", "elastic_ip": "203.0.113.10"}])"));
  CHECK_FALSE(has(t.warnings, "/NatGateways/0/NatGatewayAddresses/1", ""));
  const auto& model_nat = t.topology->nat_gateways().at(0);
  REQUIRE(model_nat.secondary.size() == 1);
  CHECK(t.topology->eni_by_public_ip(*net::IpAddress::parse("203.0.113.10")) == model_nat.eni);
  // The NAT gateway's interface is the gateway's own, once.
  CHECK(t.topology->enis().size() == 4);
  CHECK_FALSE(t.topology->eni(*t.topology->find_eni("i-off")).owner.running());
}

TEST_CASE("aws import: DB instances own their RDS interface, or one is assumed") {
  // RDS puts an instance's interface in a subnet of its DB subnet group with its VPC security
  // groups
  // (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_VPC.WorkingWithRDSInstanceinaVPC.html).
  const std::string subnets = R"(,
  "Subnets": [{"SubnetId": "subnet-a", "VpcId": "vpc-1", "CidrBlock": "10.0.1.0/24", "AvailabilityZone": "us-east-1a"},
              {"SubnetId": "subnet-b", "VpcId": "vpc-1", "CidrBlock": "10.0.2.0/24", "AvailabilityZone": "us-east-1b"}],
  "SecurityGroups": [{"GroupId": "sg-db", "GroupName": "db", "VpcId": "vpc-1", "IpPermissions": [], "IpPermissionsEgress": []}],
  "DBInstances": [
    {"DBInstanceIdentifier": "orders", "DBInstanceStatus": "available", "AvailabilityZone": "us-east-1b",
     "VpcSecurityGroups": [{"VpcSecurityGroupId": "sg-db", "Status": "active"}],
     "DBSubnetGroup": {"VpcId": "vpc-1", "Subnets": [
       {"SubnetIdentifier": "subnet-a", "SubnetAvailabilityZone": {"Name": "us-east-1a"}},
       {"SubnetIdentifier": "subnet-b", "SubnetAvailabilityZone": {"Name": "us-east-1b"}}]}},
    {"DBInstanceIdentifier": "old", "DBInstanceStatus": "stopped", "AvailabilityZone": "us-east-1a",
     "VpcSecurityGroups": [], "DBSubnetGroup": {"VpcId": "vpc-1", "Subnets": [
       {"SubnetIdentifier": "subnet-a", "SubnetAvailabilityZone": {"Name": "us-east-1a"}}]}},
    {"DBInstanceIdentifier": "broken", "DBInstanceStatus": "incompatible-network", "AvailabilityZone": "us-east-1a",
     "VpcSecurityGroups": [], "DBSubnetGroup": {"VpcId": "vpc-1", "Subnets": []}}])";
  SUBCASE("the RDS interface describe-network-interfaces lists") {
    const OneFile f(std::string("{") + kVpc + subnets + R"(,
    "NetworkInterfaces": [{"NetworkInterfaceId": "eni-rds", "SubnetId": "subnet-b", "VpcId": "vpc-1",
      "Description": "RDSNetworkInterface", "RequesterId": "amazon-rds", "RequesterManaged": true,
      "InterfaceType": "interface", "PrivateIpAddress": "10.0.2.57",
      "PrivateIpAddresses": [{"Primary": true, "PrivateIpAddress": "10.0.2.57"}],
      "Groups": [{"GroupId": "sg-db"}]}]})");
    const auto t = f.load();
    for (const auto& e : t.errors)
      FAIL_CHECK(e.to_string());
    REQUIRE(t.topology);
    REQUIRE(t.native["enis"].size() == 2);
    CHECK(t.native["enis"][0]["owner"] ==
          nlohmann::json::parse(R"({"type": "rds", "id": "orders"})"));
    // A stopped database keeps its interface (RDS's statuses:
    // https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/accessing-monitoring.html).
    CHECK(t.native["enis"][1]["owner"] ==
          nlohmann::json::parse(R"({"type": "rds", "id": "old", "state": "stopped"})"));
    CHECK(has(t.warnings, "/DBInstances/2/DBInstanceStatus",
              "state \"incompatible-network\" cannot be used as it is; left out"));
  }
  SUBCASE("none listed: one assumed in the instance's AZ, said in a warning") {
    const OneFile f(std::string("{") + kVpc + subnets + "}");
    const auto t = f.load();
    for (const auto& e : t.errors)
      FAIL_CHECK(e.to_string());
    REQUIRE(t.topology);
    REQUIRE(t.native["enis"].size() == 2);
    const auto& e = t.native["enis"][0];
    CHECK(e["subnet"] == "subnet-b");
    CHECK(e["private_ip"] == "10.0.2.4");  // .0-.3 are AWS's
    CHECK(e["security_groups"] == nlohmann::json::array({"sg-db"}));
    CHECK(has(t.warnings, "/DBInstances/0", "one is assumed in subnet-b at 10.0.2.4"));
  }
}

TEST_CASE("aws import: kinds kept for later are warned once per file") {
  const OneFile f(std::string("{") + kVpc + R"(,
  "TransitGateways": [{"TransitGatewayId": "tgw-1"}, {"TransitGatewayId": "tgw-2"}]})");
  const auto t = f.load();
  REQUIRE(t.topology);
  CHECK(has(t.warnings, "/TransitGateways", "2 TransitGateways: read and kept"));
  // Kept in the model as data, the describe-* record with them.
  const auto& kept = t.topology->data().unmodelled;
  REQUIRE(kept.size() == 2);
  CHECK(kept[1].kind == "TransitGateways");
  CHECK(kept[1].id == "tgw-2");
  CHECK(nlohmann::json::parse(kept[1].aws) ==
        nlohmann::json::parse(R"({"TransitGatewayId": "tgw-2"})"));
}

TEST_CASE("aws import: in every corpus snapshot, kept lists are kept and TGW routes warned") {
  // Issue 13: what the model cannot represent yet is kept as data, and every route to a
  // transit gateway is a warning; its packets drop as ROUTE_TARGET_NOT_MODELLED.
  std::size_t tgw_routes = 0, kept = 0;
  for (const auto& e : fs::recursive_directory_iterator(kCorpus)) {
    if (!e.is_directory() || e.path().filename() != "aws_configs") continue;
    const auto dir = e.path().string();
    CAPTURE(dir);
    const auto t = load::aws::load_aws_topology({dir}, {});
    if (!t.topology) continue;  // no VPC: the test above
    std::set<std::string> unmodelled;
    for (const auto& u : t.topology->data().unmodelled)
      unmodelled.insert(u.id);
    const auto snapshot = load::aws::read_snapshot({dir});
    for (const auto& list : snapshot.records) {  // no binding: clang 14, CHECK_MESSAGE
      const std::string& key = list.first;
      const auto kind = load::aws::aws_kind(key);
      if (!kind || kind->use != load::aws::KindUse::kept || kind->id_field.empty()) continue;
      for (const auto& r : list.second) {
        const auto id = r.value->value(std::string(kind->id_field), std::string());
        CHECK_MESSAGE(unmodelled.count(id) == 1, key, " ", id);
        ++kept;
      }
    }
    for (const auto& r : snapshot.of("RouteTables")) {
      const auto& routes = (*r.value)["Routes"];
      for (std::size_t k = 0; k < routes.size(); ++k) {
        const auto tgw = routes[k].value("TransitGatewayId", std::string());
        if (tgw.empty()) continue;
        ++tgw_routes;
        CHECK(unmodelled.count(tgw) == 1);
        CHECK(has(t.warnings, r.pointer + "/Routes/" + std::to_string(k),
                  "dropped as ROUTE_TARGET_NOT_MODELLED"));
      }
    }
  }
  CHECK(tgw_routes >= 10);
  CHECK(kept >= 20);
}

TEST_CASE("aws import: a gateway endpoint's prefix-list route becomes a route per entry") {
  const OneFile f(std::string("{") + kVpc + R"(,
  "Subnets": [{"SubnetId": "subnet-a", "VpcId": "vpc-1", "CidrBlock": "10.0.1.0/24"}],
  "PrefixLists": [{"PrefixListId": "pl-63a5400a", "PrefixListName": "com.amazonaws.us-east-1.s3", "Cidrs": ["52.216.0.0/15", "3.5.0.0/19"]}],
  "VpcEndpoints": [{"VpcEndpointId": "vpce-1", "VpcEndpointType": "Gateway", "VpcId": "vpc-1", "ServiceName": "com.amazonaws.us-east-1.s3", "RouteTableIds": ["rtb-1"]}],
  "RouteTables": [{"RouteTableId": "rtb-1", "VpcId": "vpc-1", "Associations": [{"Main": true}],
    "Routes": [{"DestinationPrefixListId": "pl-63a5400a", "GatewayId": "vpce-1", "Origin": "CreateRoute", "State": "active"}]}]})");
  const auto t = f.load();
  for (const auto& e : t.errors)
    FAIL_CHECK(e.to_string());
  REQUIRE(t.topology);
  CHECK(t.native["route_tables"][0]["routes"][0] ==
        nlohmann::json::parse(R"({"prefix_list": "pl-63a5400a", "target": "vpce-1"})"));
  CHECK(has(t.warnings, "/RouteTables/0/Routes/0", "via vpce-1 (VPC endpoint)"));
  const auto& routes = t.topology->route_tables()[0].routes;
  std::size_t to_endpoint = 0;
  for (const auto& r : routes)
    to_endpoint += r.target.id == "vpce-1" && r.origin == model::RouteOrigin::prefix_list;
  CHECK(to_endpoint == 2);
}
