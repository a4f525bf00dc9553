#include "topology/load/object_reader.h"

#include <functional>
#include <map>
#include <string>
#include <vector>

#include <doctest/doctest.h>

namespace {

using vpcsim::load::child_pointer;
using vpcsim::load::Diagnostics;
using vpcsim::load::Json;
using vpcsim::load::ObjectReader;
using vpcsim::load::show;

Json J(const char* text) {
  return Json::parse(text);
}

// The one error `diag` holds (fails the test if there is not exactly one).
std::pair<std::string, std::string> only_error(Diagnostics& diag) {
  REQUIRE(diag.errors().size() == 1);
  return {diag.errors()[0].where, diag.errors()[0].message};
}

}  // namespace

TEST_CASE("child_pointer escapes ~ and / as RFC 6901 requires") {
  CHECK(child_pointer("", "topology") == "/topology");
  CHECK(child_pointer("/topology", "subnets") == "/topology/subnets");
  CHECK(child_pointer("/x", "a/b") == "/x/a~1b");
  CHECK(child_pointer("/x", "m~n") == "/x/m~0n");
  CHECK(child_pointer("/x", "~1") == "/x/~01");  // ~ first, so "~1" is not read back as "/"
  CHECK(child_pointer("/x", "") == "/x/");
  CHECK(child_pointer("/topology/subnets", std::size_t{2}) == "/topology/subnets/2");
  // nlohmann's own pointer type reads our pointers back to the same keys.
  const Json doc = J(R"({"a/b": {"m~n": {"~1": 7}}})");
  const auto p = child_pointer(child_pointer(child_pointer("", "a/b"), "m~n"), "~1");
  CHECK(doc.at(Json::json_pointer(p)) == 7);
}

TEST_CASE("show quotes strings and prints other values as JSON") {
  CHECK(show(J(R"("10.0.0.0/33")")) == R"("10.0.0.0/33")");
  CHECK(show(J("5")) == "5");
  CHECK(show(J("[1,2]")) == "[1,2]");
  CHECK(show(J("null")) == "null");
}

TEST_CASE("ObjectReader reads typed values and remembers nothing went wrong") {
  Diagnostics diag("f.json");
  const Json j = J(R"({"s": "x", "b": true, "i": 42, "is": "43", "a": "10.0.0.1",
                       "p": "100.68.0.18/18", "ports": "1024-65535", "port": 443, "proto": "TCP",
                       "protonum": -1, "t": "1.5s", "tn": 2, "tf": 0.25, "c": "blue",
                       "arr": [1, 2], "strs": ["a", "b"]})");
  ObjectReader r(j, "/o", diag);
  CHECK(r.is_object());
  CHECK(r.string("s") == "x");
  CHECK(r.boolean("b") == true);
  CHECK(r.integer("i", 0, 100) == 42);
  CHECK(r.integer("is", 0, 100) == 43);
  CHECK(r.address("a")->to_string() == "10.0.0.1");
  // Canonical (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html).
  CHECK(r.prefix("p")->to_string() == "100.68.0.0/18");
  CHECK(r.ports("ports") == vpcsim::net::PortRange(1024, 65535));
  CHECK(r.ports("port") == vpcsim::net::PortRange::single(443));
  CHECK(r.protocol("proto") == vpcsim::net::Protocol::tcp());
  CHECK(r.protocol("protonum") == vpcsim::net::Protocol::all());
  CHECK(r.time("t") == vpcsim::net::SimTime(std::chrono::milliseconds(1500)));
  CHECK(r.time("tn") == vpcsim::net::SimTime(std::chrono::seconds(2)));
  CHECK(r.time("tf") == vpcsim::net::SimTime(std::chrono::milliseconds(250)));
  CHECK(r.choice("c", {"red", "blue"}) == "blue");
  std::vector<std::string> pointers;
  r.array("arr", [&](const Json&, const std::string& p) { pointers.push_back(p); });
  CHECK(pointers == std::vector<std::string>{"/o/arr/0", "/o/arr/1"});
  const auto strs = r.strings("strs");
  REQUIRE(strs.size() == 2);
  CHECK(strs[1] == std::pair<std::string, std::string>{"b", "/o/strs/1"});
  // Absent optional keys are nullopt without an error.
  CHECK_FALSE(r.string("absent").has_value());
  CHECK_FALSE(r.integer("absent", 0, 1).has_value());
  r.finish();
  CHECK(diag.ok());
}

TEST_CASE("ObjectReader type errors name the pointer, the offending value and what was expected") {
  struct Case {
    const char* json;
    std::function<void(ObjectReader&)> read;
    std::string message;
  };
  const std::vector<Case> cases{
      {R"({"k": 5})", [](ObjectReader& r) { r.string("k"); }, "5 is not valid; expected a string"},
      {R"({"k": "yes"})", [](ObjectReader& r) { r.boolean("k"); },
       R"("yes" is not valid; expected true or false)"},
      {R"({"k": 101})", [](ObjectReader& r) { r.integer("k", 0, 100); },
       "101 is not valid; expected an integer from 0 to 100"},
      {R"({"k": "12x"})", [](ObjectReader& r) { r.integer("k", 0, 100); },
       R"("12x" is not valid; expected an integer from 0 to 100)"},
      {R"({"k": 1.5})", [](ObjectReader& r) { r.integer("k", 0, 100); },
       "1.5 is not valid; expected an integer from 0 to 100"},
      {R"({"k": "10.0.0.300"})", [](ObjectReader& r) { r.address("k"); },
       R"("10.0.0.300" is not valid; expected an IPv4 or IPv6 address)"},
      {R"({"k": "10.0.0.0/33"})", [](ObjectReader& r) { r.prefix("k"); },
       R"("10.0.0.0/33" is not valid; expected a CIDR block)"},
      {R"({"k": 70000})", [](ObjectReader& r) { r.ports("k"); },
       "70000 is not valid; expected a port (443)"},
      {R"({"k": "443-80"})", [](ObjectReader& r) { r.ports("k"); },
       R"("443-80" is not valid; expected a port)"},
      {R"({"k": 300})", [](ObjectReader& r) { r.protocol("k"); },
       "300 is not valid; expected \"tcp\""},
      {R"({"k": "-1s"})", [](ObjectReader& r) { r.time("k"); },
       R"("-1s" is not valid; expected a duration)"},
      {R"({"k": -2})", [](ObjectReader& r) { r.time("k"); },
       "-2 is not valid; expected a duration"},
      {R"({"k": "green"})",
       [](ObjectReader& r) {
         r.choice("k", {"red", "blue"});
       },
       R"("green" is not valid; expected one of "red", "blue")"},
      {R"({"k": {}})",
       [](ObjectReader& r) { r.array("k", [](const Json&, const std::string&) {}); },
       "{} is not valid; expected an array"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.json);
    Diagnostics diag("f.json");
    const Json j = J(c.json);
    ObjectReader r(j, "/o", diag);
    c.read(r);
    const auto [where, message] = only_error(diag);
    CHECK(where == "/o/k");
    CHECK(message.rfind(c.message, 0) == 0);
    CHECK(diag.errors()[0].file == "f.json");
  }
}

TEST_CASE("ObjectReader: required keys, non-object values, arrays of strings") {
  {
    Diagnostics diag("f.json");
    const Json j = J("{}");
    ObjectReader r(j, "/o", diag);
    CHECK_FALSE(r.prefix("cidr", true).has_value());
    CHECK(only_error(diag) == std::pair<std::string, std::string>{
                                  "/o/cidr",
                                  "missing; expected a CIDR block such as \"10.0.0.0/16\" or "
                                  "\"2001:db8::/56\""});
  }
  {
    Diagnostics diag("f.json");
    const Json j = J("[1]");
    ObjectReader r(j, "", diag);
    CHECK_FALSE(r.is_object());
    CHECK_FALSE(r.string("x", true).has_value());  // no second error for a non-object
    r.finish();
    CHECK(only_error(diag) ==
          std::pair<std::string, std::string>{"/", "expected an object {…}, found an array [1]"});
  }
  {
    Diagnostics diag("f.json");
    const Json j = J(R"({"sg": ["sg-a", 7]})");
    ObjectReader r(j, "/e", diag);
    CHECK(r.strings("sg").size() == 1);
    CHECK(only_error(diag) ==
          std::pair<std::string, std::string>{"/e/sg/1", "7 is not valid; expected a string"});
  }
}

TEST_CASE("ObjectReader::finish reports unknown keys with suggestions, ignores $ and comment") {
  Diagnostics diag("f.json");
  const Json j = J(R"({"cidr_block": "10.0.0.0/24", "vpcc": "vpc-a", "zzzzzzzz": 1, "vpc": "v",
                       "$expect_error": "/x", "comment": "ok", "a/b": 1})");
  ObjectReader r(j, "/topology/subnets/0", diag);
  r.string("vpc");
  r.prefix("cidr");
  r.string("az");
  r.finish();
  std::map<std::string, std::string> by_pointer;
  for (const auto& e : diag.errors())
    by_pointer[e.where] = e.message;
  CHECK(by_pointer.size() == 4);
  CHECK(by_pointer["/topology/subnets/0/cidr_block"] == "unknown key; did you mean \"cidr\"?");
  CHECK(by_pointer["/topology/subnets/0/vpcc"] == "unknown key; did you mean \"vpc\"?");
  CHECK(by_pointer["/topology/subnets/0/zzzzzzzz"] ==
        "unknown key; expected one of: az, cidr, vpc");
  CHECK(by_pointer.count("/topology/subnets/0/a~1b") == 1);  // pointer escaped
}

TEST_CASE("show quotes at most a line of a value, however long or deep it is") {
  // A million-element array was once a 6.9 MB message line; 75,000 levels of nesting crashed.
  std::string big = "[";
  for (int i = 0; i < 1'000'000; ++i)
    big += i ? ",1" : "1";
  big += "]";
  const auto shown = show(J(big.c_str()));
  CHECK(shown.size() < 120);
  CHECK(shown.rfind("[1,1,1,", 0) == 0);
  CHECK(shown.find(",…]") != std::string::npos);
  Json deep = Json::array();
  Json* leaf = &deep;
  for (int i = 0; i < 75'000; ++i) {
    leaf->push_back(Json::array());
    leaf = &leaf->back();
  }
  CHECK(show(deep) == "[[[[…]]]]");
  CHECK(show(J(R"({"a": {"b": [1]}, "c": 2})")) == R"({"a":{"b":[1]},"c":2})");
  const auto s = show(Json(std::string(200'000, 'x')));
  CHECK(s.size() < 120);
  CHECK(s == "\"" + std::string(100, 'x') + "…\"");
}
