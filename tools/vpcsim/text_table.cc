#include "tools/vpcsim/text_table.h"

#include <algorithm>
#include <iterator>
#include <string_view>

#include <fmt/format.h>

namespace vpcsim::cli {
namespace {

// The columns `s` takes as fmt counts them when it pads: one per code point, two for East
// Asian wide characters and emoji (fmt 9). Padded to its length in bytes, which is never less,
// `s` gains that length minus its width in spaces.
std::size_t display_width(std::string_view s) {
  return 2 * s.size() - fmt::formatted_size("{:<{}}", s, s.size());
}

}  // namespace

void TextTable::print(std::ostream& os, const std::string& indent) const {
  std::vector<std::size_t> w(header_.size(), 0);
  for (std::size_t i = 0; i < header_.size(); ++i)
    w[i] = display_width(header_[i]);
  for (const auto& r : rows_) {
    for (std::size_t i = 0; i < r.size() && i < w.size(); ++i)
      w[i] = std::max(w[i], display_width(r[i]));
  }
  const auto line = [&](const std::vector<std::string>& r) {
    std::string out = indent;
    for (std::size_t i = 0; i < w.size(); ++i) {
      const std::string_view cell = i < r.size() ? std::string_view(r[i]) : "";
      if (i + 1 < w.size())
        fmt::format_to(std::back_inserter(out), "{:<{}}", cell, w[i] + 2);  // two spaces between
      else
        out += cell;
    }
    while (!out.empty() && out.back() == ' ')
      out.pop_back();
    os << out << '\n';
  };
  line(header_);
  for (const auto& r : rows_)
    line(r);
}

}  // namespace vpcsim::cli
