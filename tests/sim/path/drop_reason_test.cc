// Drop reasons and their explanation codes, audited against Reachability Analyzer's list
// (https://docs.aws.amazon.com/vpc/latest/reachability/explanation-codes.html).
#include "sim/path/drop_reason.h"

#include <doctest/doctest.h>

#include <set>
#include <string>
#include <string_view>

#include "sim/path/packet_path.h"
#include "tests/sim/path/path_fixture.h"

using namespace vpcsim;
using path::DropReason;
namespace tcpf = path::tcp;

namespace {

// Codes of the explanation-codes page that vpcsim produces.
const std::set<std::string_view> kAnalyzerCodes = {
    "ENI_SG_RULES_MISMATCH",
    "SUBNET_ACL_RESTRICTION",
    "NO_ROUTE_TO_DESTINATION",
    "BAD_STATE_ROUTE",
    "IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS",
    "IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS",
    "IGW_DESTINATION_ADDRESS_NOT_IN_RFC1918_EGRESS",
    "IGW_SOURCE_ADDRESS_NOT_IN_RFC1918_INGRESS",
    "IGW_DESTINATION_ADDRESS_NOT_IN_RFC6598_EGRESS",
    "IGW_SOURCE_ADDRESS_NOT_IN_RFC6598_INGRESS",
    "NGW_REQUIRES_SOURCE_IN_VPC",
    "PROTOCOL_RESTRICTION",
    "BAD_STATE",
    "PCX_REQUIRES_ADDRESS_IN_VPC_CIDR",
    "NO_POSSIBLE_DESTINATION",
    "ENI_SOURCE_DEST_CHECK_RESTRICTION",
    "SG_REFERENCES_NOT_PRESERVED",
};

}  // namespace

TEST_CASE("every drop reason has a code; the analyzer's are the page's, vpcsim's own are not") {
  for (std::size_t i = 1; i < path::kDropReasonCount; ++i) {
    const auto r = static_cast<DropReason>(i);
    const std::string c(path::code(r));
    CAPTURE(c);
    CHECK(c != "?");
    CHECK(path::layer(r) != "?");
    CHECK(path::is_analyzer_code(r) == (kAnalyzerCodes.count(c) == 1));
  }
  CHECK_FALSE(path::is_analyzer_code(DropReason::none));
}

TEST_CASE("the internet gateway tells shared (RFC 6598) addresses from private (RFC 1918) ones") {
  // Two codes each way: IGW_DESTINATION_ADDRESS_NOT_IN_RFC6598_EGRESS and
  // IGW_SOURCE_ADDRESS_NOT_IN_RFC6598_INGRESS for 100.64.0.0/10, the RFC 1918 ones otherwise
  // (https://docs.aws.amazon.com/vpc/latest/reachability/explanation-codes.html).
  test::Paths w(test::kSgRef);
  const auto& t = w.t();
  auto& pp = w.path;
  const auto a = test::eni(t, "a");
  const auto shared =
      pp.from_eni(a, test::tcp("10.0.1.10", 40000, "100.64.1.1", 443, tcpf::kSyn), {});
  CHECK(shared.verdict.reason == DropReason::igw_rfc6598_destination);
  CHECK(path::code(shared.verdict.reason) == "IGW_DESTINATION_ADDRESS_NOT_IN_RFC6598_EGRESS");
  const auto priv =
      pp.from_eni(a, test::tcp("10.0.1.10", 40001, "192.168.1.1", 443, tcpf::kSyn), {});
  CHECK(priv.verdict.reason == DropReason::igw_rfc1918_destination);
  const auto in_shared =
      pp.from_internet(test::tcp("100.127.255.254", 50000, "198.51.100.10", 22, tcpf::kSyn), {});
  CHECK(in_shared.verdict.reason == DropReason::igw_rfc6598_source);
  const auto in_priv =
      pp.from_internet(test::tcp("172.16.0.1", 50000, "198.51.100.10", 22, tcpf::kSyn), {});
  CHECK(in_priv.verdict.reason == DropReason::igw_rfc1918_source);
  // Just outside 100.64.0.0/10: an internet address, let in by the gateway.
  const auto outside =
      pp.from_internet(test::tcp("100.128.0.1", 50000, "198.51.100.10", 22, tcpf::kSyn), {});
  CHECK(outside.verdict.reason != DropReason::igw_rfc6598_source);
  CHECK(outside.verdict.reason != DropReason::igw_rfc1918_source);
}
