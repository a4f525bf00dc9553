#include "topology/load/suggest.h"

#include <string>
#include <vector>

#include <doctest/doctest.h>

using vpcsim::load::did_you_mean;
using vpcsim::load::edit_distance;
using vpcsim::load::nearest;

TEST_CASE("edit_distance is Levenshtein, case-insensitive and symmetric") {
  CHECK(edit_distance("kitten", "sitting") == 3);
  CHECK(edit_distance("sitting", "kitten") == 3);
  CHECK(edit_distance("", "") == 0);
  CHECK(edit_distance("", "abc") == 3);
  CHECK(edit_distance("abc", "") == 3);
  CHECK(edit_distance("cidr", "cidr") == 0);
  CHECK(edit_distance("CIDR", "cidr") == 0);
  CHECK(edit_distance("vpc-main", "vpc-mian") == 2);  // a transposition is two edits
  CHECK(edit_distance("subnet", "subnets") == 1);
  CHECK(edit_distance("flaw", "lawn") == 2);
}

TEST_CASE("nearest: plausible typos only, nearest first, at most max") {
  const std::vector<std::string> keys{"cidr", "vpc",   "ipv6_cidr", "route_table", "network_acl",
                                      "az",   "az_id", "name",      "id"};
  CHECK(nearest("cidr_block", keys) == std::vector<std::string>{"cidr"});  // shared prefix
  CHECK(nearest("route_tabel", keys) == std::vector<std::string>{"route_table"});
  CHECK(nearest("nmae", keys).front() == "name");
  CHECK(nearest("zzzzzzzzzz", keys).empty());
  const std::vector<std::string> ids{"sg-web", "sg-app", "sg-db", "sg-default-main"};
  const auto near = nearest("sg-wb", ids);
  REQUIRE_FALSE(near.empty());
  CHECK(near.front() == "sg-web");
  CHECK(near.size() <= 3);
  CHECK(nearest("sg-ap", ids, 1) == std::vector<std::string>{"sg-app"});
  // Duplicates in the candidates are reported once.
  CHECK(nearest("web", {"web", "web", "wbe"}) == std::vector<std::string>{"web", "wbe"});
}

TEST_CASE("did_you_mean phrasing") {
  CHECK(did_you_mean("cidr_block", {"cidr", "vpc"}) == "; did you mean \"cidr\"?");
  CHECK(did_you_mean("ab", {"ax", "ay"}) == "; did you mean \"ax\" or \"ay\"?");
  CHECK(did_you_mean("ab", {"ax", "ay", "az"}) == "; did you mean \"ax\", \"ay\" or \"az\"?");
  CHECK(did_you_mean("qqqqqqqq", {"cidr", "vpc"}).empty());
  CHECK(did_you_mean("x", {}).empty());
}
