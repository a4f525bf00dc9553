// Ids and names as the loader declares them: what it refuses in them.

#include "topology/load/declared_names.h"

#include <string>

#include <doctest/doctest.h>

#include "tests/topology/load/load_errors.h"

namespace {

// The errors of a topology whose one ENI has id `id` (a JSON string literal) and name `name`.
std::string errors_of(const std::string& id, const std::string& name = R"("web")") {
  return vpcsim::test::load_errors(
      R"({"topology": {
    "vpcs": [{"id": "vpc-a", "cidr": "10.0.0.0/16"}],
    "subnets": [{"id": "subnet-a", "vpc": "vpc-a", "cidr": "10.0.1.0/24"}],
    "enis": [{"id": )" +
      id + R"(, "name": )" + name + R"(, "subnet": "subnet-a", "private_ip": "10.0.1.10"}]}})");
}

}  // namespace

TEST_CASE("declared ids: no \"/\" or control character, which would escape a file name") {
  CHECK(errors_of(R"("eni-0a1b2c3d")").empty());
  CHECK(errors_of(R"("eni-web server")").empty());  // odd, but a file name can hold it
  // Once: run --pcap-out DIR wrote DIR/../ESCAPED-eni.pcap.
  CHECK(errors_of(R"("../ESCAPED-eni")") ==
        "t.json: /topology/enis/0/id: \"../ESCAPED-eni\" is not a usable id: it holds a control "
        "character or \"/\"; AWS ids look like \"eni-0a1b2c3d\"\n");
  CHECK(errors_of(R"("/etc/eni")").find("/topology/enis/0/id: \"/etc/eni\" is not a usable id") !=
        std::string::npos);
  // A terminal escape is quoted escaped, never echoed raw.
  CHECK(errors_of(R"("eni-\u001b[2J")") ==
        "t.json: /topology/enis/0/id: \"eni-\\u001b[2J\" is not a usable id: it holds a control "
        "character or \"/\"; AWS ids look like \"eni-0a1b2c3d\"\n");
  CHECK(errors_of(R"("eni-a")", R"("web\u0000")") ==
        "t.json: /topology/enis/0/name: \"web\\u0000\" is not a usable name: it holds a control "
        "character\n");
}
