#pragma once
// ImportOptions: what the command line adds to an AWS snapshot (--region, --account,
// --strict), for every command that accepts one.

#include <string>

namespace vpcsim::load::aws {

struct ImportOptions {
  std::string region;   // for records whose folders name none (--region)
  std::string account;  // likewise (--account)
  bool strict = false;  // every warning is an error (--strict)
};

}  // namespace vpcsim::load::aws
