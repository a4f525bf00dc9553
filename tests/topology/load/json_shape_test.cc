#include "topology/load/json_shape.h"

#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "topology/load/json_source.h"

using vpcsim::load::check_json_shape;
using vpcsim::load::JsonShapeIssue;
using vpcsim::load::LoadError;

namespace {

std::string nested_arrays(std::size_t depth) {
  return std::string(depth, '[') + std::string(depth, ']');
}

}  // namespace

TEST_CASE("json shape: a key given twice in one object is found at its second occurrence") {
  const auto issues = check_json_shape("{\"a\": 1,\n \"b\": {\"x\": 1,\n   \"x\": [2]}}");
  REQUIRE(issues.size() == 1);
  CHECK(issues[0].pointer == "/b/x");
  CHECK(issues[0].line == 3);
  CHECK(issues[0].column == 4);
  CHECK(issues[0].message.find("key \"x\" appears twice") != std::string::npos);
}

TEST_CASE("json shape: duplicates in array elements, escaped and many-key objects") {
  // Inside the second element of an array.
  auto issues = check_json_shape(R"({"list": [{"k": 1}, {"k": 1, "j": 2, "k": 3}]})");
  REQUIRE(issues.size() == 1);
  CHECK(issues[0].pointer == "/list/1/k");
  // "\u0061" is "a": the same key once decoded.
  issues = check_json_shape(R"({"a": 1, "\u0061": 2})");
  REQUIRE(issues.size() == 1);
  CHECK(issues[0].pointer == "/a");
  // Pointer tokens escape "~" and "/" (RFC 6901).
  issues = check_json_shape(R"({"m~n/o": 1, "m~n/o": 2})");
  REQUIRE(issues.size() == 1);
  CHECK(issues[0].pointer == "/m~0n~1o");
  // Past the linear-search size: every key of a 40-key object, then one repeated.
  std::string big = "{";
  for (int i = 0; i < 40; ++i)
    big += "\"k" + std::to_string(i) + "\": " + std::to_string(i) + ", ";
  big += "\"k7\": 0, \"k39\": 1}";
  issues = check_json_shape(big);
  REQUIRE(issues.size() == 2);
  CHECK(issues[0].pointer == "/k7");
  CHECK(issues[1].pointer == "/k39");
}

TEST_CASE(
    "json shape: the same key in different objects, or inside strings and comments, is fine") {
  CHECK(check_json_shape(R"({"a": {"x": 1}, "b": {"x": 1}, "c": [{"x": 1}, {"x": 2}]})").empty());
  CHECK(
      check_json_shape("{\"a\": /* \"a\": { */ 1, // \"a\": [\n \"b\": \"}{\\\"a\\\":\"}").empty());
  // Reused frames forget the keys of the object they held before.
  CHECK(check_json_shape(R"([{"x": 1, "y": 2}, {"x": 1, "y": 2}, [{"x": 1}]])").empty());
}

TEST_CASE(
    "json shape: nesting deeper than the limit is refused once, at the first level too deep") {
  CHECK(check_json_shape(nested_arrays(64)).empty());
  const auto issues = check_json_shape(nested_arrays(65));
  REQUIRE(issues.size() == 1);
  CHECK(issues[0].line == 1);
  CHECK(issues[0].column == 65);
  CHECK(issues[0].message.find("nested deeper than 64 levels") != std::string::npos);
  // The 75,000 levels that crashed every command: one issue, no recursion.
  CHECK(check_json_shape(nested_arrays(75'000)).size() == 1);
  CHECK(check_json_shape(R"({"a": {"b": [[1]]}})", 3).size() == 1);
}

TEST_CASE("json shape: a number no double holds is refused with its pointer") {
  auto issues =
      check_json_shape(R"({"start": 1e309, "ok": [1e308, -2.5e-400, 18446744073709551616]})");
  REQUIRE(issues.size() == 1);
  CHECK(issues[0].pointer == "/start");
  CHECK(issues[0].message.find("1e309 is out of range") != std::string::npos);
  issues = check_json_shape(R"([0, -1e999])");
  REQUIRE(issues.size() == 1);
  CHECK(issues[0].pointer == "/1");
}

TEST_CASE("json shape: text that is not JSON is left to the parser") {
  for (const std::string text : {"", "{", "{\"a\"", "{\"a\": ", "[1,,2]", "{\"a\" 1}", "\"abc",
                                 "{\"a\": tru", "]", "{\"a\": 1,}", "/* open"}) {
    CAPTURE(text);
    CHECK(check_json_shape(text).empty());
  }
}

TEST_CASE("parse_json refuses duplicate keys, deep nesting and huge numbers with their place") {
  std::vector<LoadError> errors;
  CHECK_FALSE(
      vpcsim::load::parse_json("{\n  \"inbound\": [1],\n  \"inbound\": []\n}", "sg.json", errors)
          .has_value());
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].to_string().rfind("sg.json: /inbound (line 3, column 3): key \"inbound\" appears "
                                    "twice",
                                    0) == 0);
  errors.clear();
  CHECK_FALSE(vpcsim::load::parse_json(nested_arrays(100'000), "deep.json", errors).has_value());
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].where ==
        "/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/"
        "0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0 (line 1, "
        "column 65)");
  errors.clear();
  CHECK_FALSE(vpcsim::load::parse_json(R"({"n": 1e309})", "n.json", errors).has_value());
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].where == "/n (line 1, column 7)");
}
