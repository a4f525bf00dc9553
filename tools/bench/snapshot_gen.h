#pragma once
// A generated design (design_gen.h) written as an AWS snapshot: the files that `aws ec2
// describe-*` writes for it, one file per call, under DIR/111122223333/us-east-1/ (Batfish's
// aws_configs layout), for timing the AWS reader on an account of N interfaces (`vpcsim_bench
// snapshot`, tools/bench/run.sh's import section). Importing it gives the design's model.

#include <ostream>
#include <string>

#include <nlohmann/json.hpp>

namespace vpcsim::bench {

// Writes the snapshot of `topology` (a design's native topology JSON) under `dir`; prints
// "wrote DIR (N files, M bytes)" to `out`, or an error, and returns false.
bool write_snapshot(const nlohmann::json& topology, const std::string& dir, std::ostream& out);

}  // namespace vpcsim::bench
