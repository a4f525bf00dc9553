#pragma once
// TextTable: columns aligned for a person to read. fmt pads the cells, by display width (→,
// · and ✓ take one column each).

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

}  // namespace vpcsim::cli
