#include "tools/vpcsim/text_table.h"

#include <algorithm>

namespace vpcsim::cli {

std::size_t display_width(const std::string& s) {
  std::size_t n = 0;
  for (const unsigned char c : s)
    n += (c & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

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
      const std::string cell = i < r.size() ? r[i] : "";
      out += cell;
      if (i + 1 < w.size()) out += std::string(w[i] - display_width(cell) + 2, ' ');
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
