#pragma once
// Reading JSON documents for loaders: comments allowed (// and /* */), malformed input
// reported at line and column, and the file's text kept nowhere else.

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "topology/load/load_error.h"

namespace vpcsim::load {

// Parses `text`; on malformed JSON returns nullopt and appends one LoadError
// ("<file>: line L, column C: malformed JSON: …").
std::optional<nlohmann::json> parse_json(const std::string& text, const std::string& file,
                                         std::vector<LoadError>& errors);

// Reads and parses a file; a missing or unreadable file is one LoadError.
// The whole content of file `path`; nullopt, with an error naming the file, if it cannot be
// opened or read.
std::optional<std::string> read_file(const std::string& path, std::vector<LoadError>& errors);

std::optional<nlohmann::json> read_json_file(const std::string& path,
                                             std::vector<LoadError>& errors);

}  // namespace vpcsim::load
