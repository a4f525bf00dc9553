#include "topology/load/flow_log_format_reader.h"

#include <algorithm>
#include <vector>

#include <fmt/format.h>

#include "topology/load/suggest.h"

namespace vpcsim::load {

std::optional<model::FlowLogFormat> parse_flow_log_format(std::string_view text,
                                                          std::string& error) {
  model::FlowLogFormat f;
  f.version = 2;
  std::vector<std::string> names;
  for (const auto& i : model::flow_log_fields())
    names.emplace_back(i.name);
  std::size_t pos = 0;
  while (pos < text.size()) {
    if (text[pos] == ' ' || text[pos] == '\t') {
      ++pos;
      continue;
    }
    const auto end = text.find_first_of(" \t", pos);
    const auto token =
        text.substr(pos, end == std::string_view::npos ? text.size() - pos : end - pos);
    pos = end == std::string_view::npos ? text.size() : end;
    if (token.size() < 4 || token.substr(0, 2) != "${" || token.back() != '}') {
      error = fmt::format(
          "\"{}\" is not a field; expected ${{field}} tokens separated by spaces, "
          "e.g. '${{version}} ${{interface-id}} ${{srcaddr}}'",
          token);
      return std::nullopt;
    }
    const auto name = token.substr(2, token.size() - 3);
    const model::FlowLogFieldInfo* found = nullptr;
    for (const auto& i : model::flow_log_fields()) {
      if (i.name == name) found = &i;
    }
    if (!found) {
      error = fmt::format("unknown flow-log field \"{}\"{}", name, did_you_mean(name, names));
      return std::nullopt;
    }
    f.fields.push_back(found->field);
    f.version = std::max(f.version, found->version);
  }
  if (f.fields.empty()) {
    error = "a custom format needs at least one field (AWS: \"you must specify at least one\")";
    return std::nullopt;
  }
  return f;
}

}  // namespace vpcsim::load
