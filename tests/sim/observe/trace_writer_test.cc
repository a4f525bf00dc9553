// Traces: every packet's hops with the deciding rule, and the explanation code of a drop.
#include "sim/observe/trace_writer.h"

#include <doctest/doctest.h>

#include <sstream>

#include <nlohmann/json.hpp>

#include "tests/sim/engine/engine_fixture.h"

using namespace vpcsim;

namespace {

std::string traced(const std::string& scenario, observe::TraceFormat format) {
  auto r = test::prepare(scenario, {.record_hops = true});
  std::ostringstream out;
  observe::TraceWriter trace(r.topology(), format, out);
  r.sim->add_observer(trace);
  r.sim->run();
  return out.str();
}

std::string k443() {
  return test::scenario_json(
      test::kWeb443,
      R"([{"name": "https", "from": "internet", "to": "web", "protocol": "tcp", "port": 443, "syn_retries": 1, "source_port": 50123}])");
}

// The 443 scenario with a timeline: inbound #100 becomes a deny at 10 s, a flow at 20 s; and
// a revoke that AWS would refuse.
std::string timeline_scenario() {
  return test::scenario_json(
      test::web_fixed(),
      R"([{"name": "late", "from": "internet", "to": "web", "protocol": "tcp", "port": 443, "start": "20s", "syn_retries": 0, "source_port": 50124}])",
      R"([{"at": "10s", "action": "replace_nacl_entry", "network_acl": "acl-443", "direction": "inbound",
         "entry": {"rule": 100, "protocol": "tcp", "ports": 443, "cidr": "0.0.0.0/0", "action": "deny"}},
        {"at": "11s", "action": "revoke_sg_rule", "security_group": "sg-web", "direction": "inbound",
         "rule": {"protocol": "tcp", "ports": 22, "cidr": "0.0.0.0/0"}}])");
}

}  // namespace

TEST_CASE("text trace: a dropped packet names each hop, the deciding rule and the code") {
  // NACLs are stateless (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html):
  // the SYN-ACK to the client's ephemeral port 50123 hits the NACL's implicit deny.
  const auto text = traced(k443(), observe::TraceFormat::text);
  CAPTURE(text);
  const auto lines = test::lines_of(text);
  // 2 SYNs and 2 SYN-ACKs, then the conversation's end.
  REQUIRE(lines.size() == 5);
  const auto& synack = lines[1];
  CHECK(synack.starts_with("0.01s https 10.0.1.10:443 → 203.0.113.5:50123 TCP SYN-ACK"));
  CHECK(test::contains(synack, "eni-web SG egress: tracked connection"));
  CHECK(test::contains(synack, "acl-443 out: REJECT by * (no rule matches tcp dport 50123)"));
  CHECK(synack.ends_with("| DROPPED SUBNET_ACL_RESTRICTION"));
  // The delivered SYN names the rules that let it in and where it arrived.
  const auto& syn = lines[0];
  CHECK(syn.starts_with("0s https 203.0.113.5:50123 → 198.51.100.10:443 TCP SYN"));
  CHECK(test::contains(syn, "acl-443 in: ALLOW by #100"));
  CHECK(test::contains(syn, "eni-web SG ingress: ALLOW by sg-web inbound tcp 443 0.0.0.0/0"));
  CHECK(syn.ends_with("| → eni-web (web)"));
  // The end: outcome and the drop behind it.
  CHECK(lines[4].starts_with("3s https blocked: 0 of 1 exchanges; dropped "));
  CHECK(test::contains(lines[4], "at acl-443 (SUBNET_ACL_RESTRICTION) by *"));
}

TEST_CASE("text trace: timeline changes, a numbered deny rule, a refused change") {
  const auto text = traced(timeline_scenario(), observe::TraceFormat::text);
  CAPTURE(text);
  CHECK(test::contains(text, "10s timeline /timeline/0: replace_nacl_entry acl-443 inbound #100"));
  CHECK(test::contains(text, "11s timeline /timeline/1: revoke_sg_rule sg-web inbound tcp 22"));
  CHECK(test::contains(text, "REFUSED: sg-web has no such inbound rule"));
  CHECK(test::contains(text, "acl-443 in: REJECT by #100"));
  CHECK(test::contains(text, "| DROPPED SUBNET_ACL_RESTRICTION"));
  CHECK(test::contains(text, "at acl-443 (SUBNET_ACL_RESTRICTION) by #100"));
}

TEST_CASE("jsonl trace: every line is a JSON object with the documented fields") {
  const auto text = traced(k443(), observe::TraceFormat::jsonl);
  const auto lines = test::lines_of(text);
  REQUIRE(lines.size() == 5);
  std::vector<nlohmann::json> docs;
  for (const auto& line : lines) {
    CAPTURE(line);
    REQUIRE_NOTHROW(docs.push_back(nlohmann::json::parse(line)));
    CHECK(docs.back().is_object());
  }
  // The SYN: delivered to the web server's interface.
  const auto& syn = docs[0];
  CHECK(syn.at("type") == "packet");
  CHECK(syn.at("time_ns") == 0);
  CHECK(syn.at("flow") == "https");
  CHECK(syn.at("instance") == 0);
  CHECK(syn.at("verdict") == "delivered");
  CHECK(syn.at("to") == "eni-web");
  CHECK(syn.at("latency_ns").get<std::int64_t>() > 0);
  CHECK(syn.at("packet").at("src") == "203.0.113.5");
  CHECK(syn.at("packet").at("dst") == "198.51.100.10");
  CHECK(syn.at("packet").at("src_port") == 50123);
  CHECK(syn.at("packet").at("dst_port") == 443);
  CHECK(syn.at("packet").at("protocol") == 6);
  CHECK(syn.at("packet").at("flags") == "SYN");
  CHECK_FALSE(syn.at("hops").empty());
  // The SYN-ACK: dropped at the NACL, with the code, the layer, the resource and the rule.
  const auto& synack = docs[1];
  CHECK(synack.at("verdict") == "dropped");
  CHECK(synack.at("reason") == "SUBNET_ACL_RESTRICTION");
  CHECK(synack.at("layer") == "nacl");
  CHECK(synack.at("resource") == "acl-443");
  CHECK(synack.at("rule") == "*");
  CHECK(synack.at("packet").at("flags") == "SYN-ACK");
  const auto& last_hop = synack.at("hops").back();
  CHECK(last_hop.at("component") == "acl-443 out");
  CHECK(last_hop.at("ok") == false);
  CHECK(last_hop.at("detail").get<std::string>().starts_with("REJECT by *"));
  // The conversation's end (the second SYN at 1 s, its SYN-ACK dropped, gives up at 3 s).
  const auto& end = docs[4];
  CHECK(end.at("type") == "flow");
  CHECK(end.at("flow") == "https");
  CHECK(end.at("outcome") == "blocked");
  CHECK(end.at("time_ns") == 3'000'000'000LL);
  CHECK(end.at("exchanges") == 0);
  CHECK(end.at("reason") == "SUBNET_ACL_RESTRICTION");
  CHECK(end.at("resource") == "acl-443");
  CHECK(end.at("packet").at("flags") == "SYN-ACK");
}

TEST_CASE("jsonl trace: timeline changes say whether they were applied") {
  const auto lines = test::lines_of(traced(timeline_scenario(), observe::TraceFormat::jsonl));
  std::vector<nlohmann::json> changes;
  for (const auto& line : lines) {
    const auto j = nlohmann::json::parse(line);
    if (j.at("type") == "change") changes.push_back(j);
  }
  REQUIRE(changes.size() == 2);
  CHECK(changes[0].at("pointer") == "/timeline/0");
  CHECK(changes[0].at("time_ns") == 10'000'000'000LL);
  CHECK(changes[0].at("applied") == true);
  CHECK_FALSE(changes[0].contains("refused"));
  CHECK(changes[1].at("pointer") == "/timeline/1");
  CHECK(changes[1].at("applied") == false);
  CHECK(test::contains(changes[1].at("refused").get<std::string>(), "InvalidPermission.NotFound"));
}
