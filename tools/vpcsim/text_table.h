#pragma once
// TextTable: columns aligned for a person to read (UTF-8 aware width for → and ·).

#include <ostream>
#include <string>
#include <vector>

namespace vpcsim::cli {

class TextTable {
 public:
  explicit TextTable(std::vector<std::string> header) : header_(std::move(header)) {}
  void add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  bool empty() const { return rows_.empty(); }
  void print(std::ostream& os, const std::string& indent = "  ") const;

 private:
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
};

// Display width of UTF-8 text (one column per code point).
std::size_t display_width(const std::string& s);

}  // namespace vpcsim::cli
