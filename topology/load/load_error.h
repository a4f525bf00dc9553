#pragma once
// LoadError: one problem with an input file: the file, where in it (a JSON pointer such as
// "/topology/subnets/2/cidr", "line 3, column 7" for malformed JSON, or a pcap record
// number), and what was wrong and expected. Printed as "file: where: message".

#include <string>
#include <vector>

namespace vpcsim::load {

struct LoadError {
  std::string file;
  std::string where;
  std::string message;

  std::string to_string() const {
    std::string s = file;
    if (!where.empty()) s += ": " + where;
    return s + ": " + message;
  }
};

// Thrown only inside loaders to abandon a file that cannot be read at all; loaders'
// public functions return errors, never throw.
struct LoadErrors {
  std::vector<LoadError> errors;
};

}  // namespace vpcsim::load
