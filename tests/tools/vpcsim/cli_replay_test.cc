// vpcsim replay: a real capture (tcpdump's test corpus) against a design that allows it and
// one that blocks it; damaged captures; addresses that match nothing.
#include <doctest/doctest.h>

#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "tests/tools/vpcsim/cli_fixture.h"

using vpcsim::test::read_text;
using vpcsim::test::run_vpcsim;

namespace {
const std::string kSource = VPCSIM_SOURCE_DIR;
const std::string kHandshake = kSource + "/tests/fixtures/pcap/tcp-handshake-nano.pcap";
const std::string kFormat =
    "${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${action} ${tcp-flags}";
bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}
}  // namespace

TEST_CASE("replay: a captured handshake to port 80, placed on the ALB, is accepted both ways") {
  // The capture's server 137.116.81.94 becomes alb-a: sg-alb admits 80 from anywhere, the
  // public NACL admits 80 in and ephemeral ports out
  // (https://docs.aws.amazon.com/vpc/latest/userguide/nacl-ephemeral-ports.html); the SYN-ACK
  // is a tracked reply.
  const auto r = run_vpcsim({"replay", kSource + "/scenarios/three-tier", kHandshake, "--map",
                             "137.116.81.94=alb-a", "--flow-log", "-", "--format", kFormat});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.out ==
        "eni-alb-a 131.155.215.69 10.0.0.10 46656 80 ACCEPT 2\n"
        "eni-alb-a 10.0.0.10 131.155.215.69 80 46656 ACCEPT 18\n");
  CHECK(has(r.err, "3 records read, 3 replayed, 0 skipped"));
  CHECK(has(r.err, "packets: 3 delivered, 0 dropped"));
}

TEST_CASE("replay: the same capture against a design whose security group does not allow 80") {
  const auto r =
      run_vpcsim({"replay", kSource + "/scenarios/flow-log-tcp-flags", kHandshake, "--map",
                  "137.116.81.94=i-01234567890123456", "--flow-log", "-", "--format", kFormat});
  CHECK(r.exit_code == 0);
  // The SYN is refused; the SYN-ACK is then no tracked reply and the group has no outbound rule.
  CHECK(has(r.out, "eni-1235b8ca123456789 131.155.215.69 10.0.0.62 46656 80 REJECT 2\n"));
  CHECK(has(r.out, "eni-1235b8ca123456789 10.0.0.62 131.155.215.69 80 46656 REJECT 18\n"));
  CHECK(has(r.err, "ENI_SG_RULES_MISMATCH 3"));
}

TEST_CASE("replay: a truncated capture replays what comes before, then names the record") {
  const auto damaged = std::filesystem::temp_directory_path() / "vpcsim-truncated.pcap";
  {
    const auto bytes = read_text(kHandshake);
    std::ofstream(damaged, std::ios::binary) << bytes.substr(0, bytes.size() - 10);
  }
  const auto r = run_vpcsim({"replay", kSource + "/scenarios/three-tier", damaged.string(), "--map",
                             "137.116.81.94=alb-a"});
  CHECK(r.exit_code == 2);
  CHECK(has(r.err, damaged.string() + ": record 3"));
  CHECK(has(r.out, "2 replayed"));
  const auto skip = run_vpcsim({"replay", kSource + "/scenarios/three-tier", damaged.string(),
                                "--map", "137.116.81.94=alb-a", "--skip-bad"});
  CHECK(skip.exit_code == 0);
  CHECK(has(skip.out, "1 bad record (--skip-bad)"));
  std::filesystem::remove(damaged);
}

TEST_CASE("replay: addresses that match nothing are reported, bad --map is refused") {
  const auto r = run_vpcsim(
      {"replay", kSource + "/scenarios/three-tier", kSource + "/tests/fixtures/pcap/dns_udp.pcap"});
  CHECK(r.exit_code == 0);
  CHECK(has(r.out, "matched no address of the topology"));
  const auto bad = run_vpcsim({"replay", kSource + "/scenarios/three-tier", kHandshake, "--map",
                               "137.116.81.94=no-such-thing"});
  CHECK(bad.exit_code == 2);
  CHECK(has(bad.err, "--map"));
  const auto missing = run_vpcsim({"replay", kSource + "/scenarios/three-tier", "/no/such.pcap"});
  CHECK(missing.exit_code == 2);
  CHECK(has(missing.err, "/no/such.pcap"));
}

TEST_CASE("replay: --threads 1 and --threads 2 give the same output, byte for byte") {
  // Decoding ahead on a second thread must not change what is replayed, nor in what order.
  std::vector<std::string> args = {"replay", kSource + "/scenarios/three-tier"};
  for (const char* f : {"tcp-handshake-nano.pcap", "dns_tcp.pcap", "ssh.pcap", "dns_udp.pcap"})
    args.push_back(kSource + "/tests/fixtures/pcap/" + f);
  for (const char* m : {"--map", "137.116.81.94=alb-a", "--map", "223.132.53.222=app-1"})
    args.emplace_back(m);
  for (const char* o : {"--flow-log", "-", "--trace", "-"})
    args.emplace_back(o);
  auto one = args, two = args;
  one.insert(one.end(), {"--threads", "1"});
  two.insert(two.end(), {"--threads", "2"});
  const auto a = run_vpcsim(one);
  const auto b = run_vpcsim(two);
  CHECK(a.exit_code == 0);
  CHECK(a.out.size() > 1000);
  CHECK(a.out == b.out);
  CHECK(a.err == b.err);
  // Flow log and trace in files of their own: the flow log is then aggregated and written on
  // a thread of its own too.
  const auto dir = std::filesystem::temp_directory_path();
  std::vector<std::string> texts;
  for (const char* threads : {"1", "2"}) {
    auto files = args;
    files.resize(files.size() - 4);
    const auto fl = (dir / fmt::format("vpcsim-threads-{}.log", threads)).string();
    const auto tr = (dir / fmt::format("vpcsim-threads-{}.trace", threads)).string();
    files.insert(files.end(), {"--flow-log", fl, "--trace", tr, "--threads", threads});
    const auto r = run_vpcsim(files);
    CHECK(r.exit_code == 0);
    texts.push_back(read_text(fl) + "--\n" + read_text(tr) + "--\n" + r.out);
    std::filesystem::remove(fl);
    std::filesystem::remove(tr);
  }
  CHECK(texts[0].size() > 1000);
  CHECK(texts[0] == texts[1]);
  CHECK(run_vpcsim({"replay", kSource + "/scenarios/three-tier", kHandshake, "--threads", "3"})
            .exit_code == 2);
}

TEST_CASE(
    "replay: DNS captured on a host behind a NAT gateway, against a design that allows it "
    "and one whose security group does not") {
  // tcpdump's corpus: 192.168.1.11 asks 209.87.249.18 over UDP and over TCP (port 53). Placed
  // on flow-log-nat-gateway's private instance, the questions leave through nat-1
  // (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html) and the answers,
  // captured addressed to the instance, come back through the gateway's elastic IP and the
  // ports it mapped.
  const std::string fmt_text =
      "${interface-id} ${flow-direction} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} "
      "${action}";
  const auto replay = [&](const std::string& design) {
    return run_vpcsim({"replay", design, kSource + "/tests/fixtures/pcap/dns_udp.pcap",
                       kSource + "/tests/fixtures/pcap/dns_tcp.pcap", "--map",
                       "192.168.1.11=i-01234567890123456", "--flow-log", "-", "--format",
                       fmt_text});
  };
  // The design's security group allows only tcp 443 out; a copy allows everything out.
  const auto dir = std::filesystem::temp_directory_path() / "vpcsim-replay-nat-dns";
  std::filesystem::create_directories(dir);
  auto text = read_text(kSource + "/scenarios/flow-log-nat-gateway/scenario.json");
  const std::string only_443 =
      R"("outbound": [{ "protocol": "tcp", "ports": 443, "cidr": "0.0.0.0/0" }])";
  const auto at = text.find(only_443);
  REQUIRE(at != std::string::npos);
  text.replace(at, only_443.size(), R"("outbound": [{ "protocol": "all", "cidr": "0.0.0.0/0" }])");
  std::ofstream(dir / "scenario.json") << text;

  const auto ok = replay(dir.string());
  INFO(ok.out << ok.err);
  CHECK(ok.exit_code == 0);
  for (
      const char* line : {
          // The instance: questions out, answers in, both accepted (the answers are tracked
          // replies,
          // https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/security-group-connection-tracking.html).
          "eni-1111aaaa2222bbbb3 egress 10.0.1.5 209.87.249.18 43966 53 17 ACCEPT\n",
          "eni-1111aaaa2222bbbb3 ingress 209.87.249.18 10.0.1.5 53 43966 17 ACCEPT\n",
          "eni-1111aaaa2222bbbb3 egress 10.0.1.5 209.87.249.18 33779 53 6 ACCEPT\n",
          "eni-1111aaaa2222bbbb3 ingress 209.87.249.18 10.0.1.5 53 33779 6 ACCEPT\n",
          // The gateway's interface: the inside leg, then the translated outside leg.
          "eni-1235b8ca123456789 ingress 10.0.1.5 10.0.0.220 43966 53 17 ACCEPT\n",
          "eni-1235b8ca123456789 egress 10.0.0.220 10.0.1.5 53 43966 17 ACCEPT\n",
      })
    CHECK(has(ok.out, line));
  CHECK(has(ok.err, "13 delivered, 0 dropped"));

  const auto blocked = replay(kSource + "/scenarios/flow-log-nat-gateway");
  INFO(blocked.out << blocked.err);
  CHECK(blocked.exit_code == 0);
  CHECK(
      has(blocked.out, "eni-1111aaaa2222bbbb3 egress 10.0.1.5 209.87.249.18 43966 53 17 REJECT\n"));
  CHECK(
      has(blocked.out, "eni-1111aaaa2222bbbb3 egress 10.0.1.5 209.87.249.18 33779 53 6 REJECT\n"));
  CHECK_FALSE(has(blocked.out, "eni-1111aaaa2222bbbb3 ingress"));  // nothing came back in
  // The questions never left, so the gateway has no mapping for the answers
  // (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html).
  CHECK(has(blocked.err, "ENI_SG_RULES_MISMATCH 7, NGW_NO_INBOUND_INITIATION 6"));
  std::filesystem::remove_all(dir);
}

TEST_CASE("replay: an SSH session from the internet to the load balancer is refused both ways") {
  // tcpdump's corpus ssh.pcap, its server placed on alb-a. acl-public admits only 443, 80 and
  // ephemeral ports in (first match wins,
  // https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html): every client
  // packet to 22 is REJECTed by the ACL. The server's own packets are no tracked replies
  // (nothing got in) and sg-alb allows nothing out to the client
  // (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/security-group-connection-tracking.html):
  // REJECTed by the security group.
  const auto r = run_vpcsim({"replay", kSource + "/scenarios/three-tier",
                             kSource + "/tests/fixtures/pcap/ssh.pcap", "--map",
                             "223.132.53.222=alb-a", "--flow-log", "-", "--format", kFormat});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  // tcp-flags 3 = SYN | FIN
  // (https://docs.aws.amazon.com/vpc/latest/userguide/flow-log-records.html).
  CHECK(r.out ==
        "eni-alb-a 202.108.87.165 10.0.0.10 62146 22 REJECT 3\n"
        "eni-alb-a 10.0.0.10 202.108.87.165 22 62146 REJECT 19\n");
  CHECK(has(r.err, "54 records read, 54 replayed"));
  CHECK(
      has(r.err, "0 delivered, 54 dropped (ENI_SG_RULES_MISMATCH 24, SUBNET_ACL_RESTRICTION 30)"));
}

TEST_CASE("replay: a damaged capture stops the replay without reading the captures after it") {
  // With the helper thread reading ahead, the captures after a damaged one must not be read
  // (nor waited for): the replay stops there. A FIFO nobody writes would block any attempt
  // to open it; `timeout` turns such a hang into exit code 124.
  const auto dir = std::filesystem::temp_directory_path() / "vpcsim-replay-stop";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const auto damaged = dir / "damaged.pcap";
  {
    const auto bytes = read_text(kHandshake);
    std::ofstream(damaged, std::ios::binary) << bytes.substr(0, bytes.size() - 10);
  }
  const auto fifo = dir / "never-written.pcap";
  REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
  for (const char* threads : {"1", "2"}) {
    CAPTURE(threads);
    const int rc =
        std::system(fmt::format("timeout 30 {} replay {}/scenarios/three-tier {} {} -q "
                                "--threads {} >/dev/null 2>&1",
                                VPCSIM_BINARY, kSource, damaged.string(), fifo.string(), threads)
                        .c_str());
    CHECK(WEXITSTATUS(rc) == 2);
  }
  std::filesystem::remove_all(dir);
}
