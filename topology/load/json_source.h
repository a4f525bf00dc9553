#pragma once
// Reading JSON documents for loaders: comments allowed (// and /* */), malformed input
// reported at line and column, and the file's text kept nowhere else.

#include <cstddef>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "topology/load/load_error.h"

namespace vpcsim::load {

// Parses `text`; on malformed JSON returns nullopt and appends one LoadError
// ("<file>: line L, column C: malformed JSON: …").
std::optional<nlohmann::json> parse_json(const std::string& text, const std::string& file,
                                         std::vector<LoadError>& errors);

// The most read_file reads: 256 MiB, or VPCSIM_MAX_INPUT_MB mebibytes when that is set.
std::size_t max_input_bytes();

// The whole content of file `path` ("-": standard input): a regular file or a pipe of at most
// max_input_bytes(). Nullopt, with one error naming the file, if it cannot be opened or read,
// is a directory or a device, or is larger.
std::optional<std::string> read_file(const std::string& path, std::vector<LoadError>& errors);

std::optional<nlohmann::json> read_json_file(const std::string& path,
                                             std::vector<LoadError>& errors);

}  // namespace vpcsim::load
