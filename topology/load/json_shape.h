#pragma once
// check_json_shape(): what a JSON parser accepts but vpcsim refuses, found in one pass over
// the text before it is parsed, each at its line and column:
//  - a key given twice in one object (JSON parsers keep the last silently, so a second
//    "inbound": [] would empty a group without a word);
//  - nesting deeper than a limit (no vpcsim document needs more than a few levels, and deep
//    nesting makes printing or copying a value recurse without bound);
//  - a number no double can hold (1e309).
// The scan is lenient about everything else: where the text is not JSON it stops, and the
// parser reports the syntax error.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace vpcsim::load {

struct JsonShapeIssue {
  std::string pointer;  // of the offending key or value
  std::size_t line = 1;
  std::size_t column = 1;
  std::string message;
};

inline constexpr std::size_t kMaxJsonDepth = 64;

std::vector<JsonShapeIssue> check_json_shape(std::string_view text,
                                             std::size_t max_depth = kMaxJsonDepth);

}  // namespace vpcsim::load
