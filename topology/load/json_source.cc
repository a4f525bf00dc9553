#include "topology/load/json_source.h"

#include <algorithm>
#include <filesystem>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "topology/load/json_shape.h"

namespace vpcsim::load {

std::optional<nlohmann::json> parse_json(const std::string& text, const std::string& file,
                                         std::vector<LoadError>& errors) {
  if (auto issues = check_json_shape(text); !issues.empty()) {
    for (auto& i : issues) {
      errors.push_back({file,
                        fmt::format("{} (line {}, column {})", i.pointer.empty() ? "/" : i.pointer,
                                    i.line, i.column),
                        std::move(i.message)});
    }
    return std::nullopt;
  }
  try {
    return nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/true,
                                 /*ignore_comments=*/true);
  } catch (const nlohmann::json::parse_error& e) {
    // e.byte is the 1-based offset of the character where parsing stopped.
    const std::size_t at = e.byte == 0 ? 0 : std::min(e.byte - 1, text.size());
    std::size_t line = 1, col = 1;
    for (std::size_t i = 0; i < at; ++i) {
      if (text[i] == '\n') {
        ++line;
        col = 1;
      } else {
        ++col;
      }
    }
    std::string what = e.what();
    // nlohmann's message: "[json.exception.parse_error.101] parse error at line 3, column 7:
    // syntax error while parsing object - …"; keep the part after the last ": " prefix.
    if (const auto p = what.find("syntax error"); p != std::string::npos) what = what.substr(p);
    errors.push_back({file, fmt::format("line {}, column {}", line, col),
                      fmt::format("malformed JSON: {}", what)});
    return std::nullopt;
  } catch (const nlohmann::json::exception& e) {
    // Anything else the parser refuses (check_json_shape catches the cases known to reach
    // here, such as a number out of range, with their location).
    errors.push_back({file, "", fmt::format("malformed JSON: {}", e.what())});
    return std::nullopt;
  }
}

std::optional<std::string> read_file(const std::string& path, std::vector<LoadError>& errors) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    errors.push_back({path, "", fmt::format("cannot open file: {}", std::strerror(errno))});
    return std::nullopt;
  }
  // Straight into the string: a regular file in one read of its size, anything else (a pipe)
  // in large blocks. (A stream-to-stream copy goes a few bytes at a time.)
  std::string text;
  std::error_code ec;
  if (std::filesystem::is_regular_file(path, ec)) {
    const auto size = std::filesystem::file_size(path, ec);
    if (!ec) text.reserve(static_cast<std::size_t>(size) + 1);
  }
  constexpr std::size_t kBlock = 1 << 20;
  while (in) {
    const auto at = text.size();
    const auto block = std::max(kBlock, text.capacity() - at);
    text.resize(at + block);
    in.read(text.data() + at, static_cast<std::streamsize>(block));
    text.resize(at + static_cast<std::size_t>(in.gcount()));
  }
  if (in.bad()) {
    errors.push_back({path, "", fmt::format("cannot read file: {}", std::strerror(errno))});
    return std::nullopt;
  }
  return text;
}

std::optional<nlohmann::json> read_json_file(const std::string& path,
                                             std::vector<LoadError>& errors) {
  auto text = read_file(path, errors);
  if (!text) return std::nullopt;
  return parse_json(*text, path, errors);
}

}  // namespace vpcsim::load
