#include "topology/load/json_source.h"

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <fmt/format.h>

using vpcsim::load::LoadError;
using vpcsim::load::parse_json;
using vpcsim::load::read_json_file;

TEST_CASE("parse_json accepts // and /* */ comments") {
  std::vector<LoadError> errors;
  const auto j = parse_json(R"(// leading comment
{
  /* block
     comment */
  "a": 1, // trailing
  "b": [true, /* inline */ false]
})",
                            "c.json", errors);
  CHECK(errors.empty());
  REQUIRE(j.has_value());
  CHECK((*j)["a"] == 1);
  CHECK((*j)["b"][1] == false);
}

TEST_CASE("parse_json reports malformed JSON at line and column") {
  struct Case {
    std::string text;
    std::string where;
  };
  // The column is 1-based and points at the character where parsing stopped: the offending
  // character, or for a bad literal the character that ended it ("tru" ended by a newline).
  for (const auto& c : std::vector<Case>{
           {"{\n  \"a\": 1,\n  \"b\": }\n", "line 3, column 8"},
           {"{\"a\": 1,}", "line 1, column 9"},
           {"{\n  \"a\": tru\n}", "line 2, column 11"},
           {"{\"a\": 1 \"b\": 2}", "line 1, column 11"},
           {"[1, 2\n", "line 2, column 1"},
           {"{\n\n   \"a\" 1}", "line 3, column 8"},
           {"", "line 1, column 1"},
       }) {
    CAPTURE(c.text);
    std::vector<LoadError> errors;
    CHECK_FALSE(parse_json(c.text, "bad.json", errors).has_value());
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].file == "bad.json");
    CHECK(errors[0].where == c.where);
    CHECK(errors[0].message.rfind("malformed JSON: ", 0) == 0);
    CHECK(errors[0].to_string().rfind("bad.json: " + c.where + ": malformed JSON", 0) == 0);
  }
}

TEST_CASE("read_json_file reads a file, and a missing file is one error naming it") {
  const auto dir = std::filesystem::temp_directory_path() / "vpcsim_json_source_test";
  std::filesystem::create_directories(dir);
  const auto path = (dir / "ok.json").string();
  std::ofstream(path) << "{\"x\": [1, 2, 3]} // done\n";
  std::vector<LoadError> errors;
  const auto j = read_json_file(path, errors);
  CHECK(errors.empty());
  REQUIRE(j.has_value());
  CHECK((*j)["x"].size() == 3);

  const auto missing = (dir / "missing.json").string();
  CHECK_FALSE(read_json_file(missing, errors).has_value());
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].file == missing);
  CHECK(errors[0].message.find("cannot open file") != std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST_CASE("read_file reads regular files and pipes only, up to a size, and reports read errors") {
  using vpcsim::load::read_file;
  const auto error_of = [](const std::string& path) {
    std::vector<LoadError> errors;
    CHECK_FALSE(read_file(path, errors).has_value());
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].file == path);
    return errors[0].message;
  };
  // /dev/zero once read until memory ran out.
  CHECK(error_of("/dev/zero") ==
        "is not a regular file (a device or socket); expected a JSON file");
  CHECK(error_of("/tmp") == "is a directory; expected a JSON file");
  // /proc/self/mem says it is 0 bytes and fails every read: it once read as empty.
  CHECK(error_of("/proc/self/mem").rfind("cannot read file: ", 0) == 0);
  // A file larger than the limit is refused before it is read (a sparse file: no disk used).
  const auto dir = std::filesystem::temp_directory_path() / "vpcsim_read_file_test";
  std::filesystem::create_directories(dir);
  const auto big = (dir / "big.json").string();
  std::ofstream(big).close();
  std::filesystem::resize_file(big, vpcsim::load::max_input_bytes() + (1u << 20));
  const auto mib = vpcsim::load::max_input_bytes() >> 20;  // 256 unless VPCSIM_MAX_INPUT_MB
  CHECK(error_of(big) == fmt::format("{} MiB: larger than {} MiB, the most vpcsim reads of one "
                                     "JSON file (set VPCSIM_MAX_INPUT_MB to raise it)",
                                     mib + 1, mib));
  // A small one is read whole.
  std::filesystem::resize_file(big, 3);
  std::vector<LoadError> errors;
  CHECK(read_file(big, errors).value() == std::string(3, '\0'));
  std::filesystem::remove_all(dir);
}
