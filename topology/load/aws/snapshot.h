#pragma once
// Snapshot: the JSON files of an AWS account as describe-* calls wrote them, read from
// folders (recursively) and files, and sorted by what they hold: every element of every
// top-level list, under its key ("Vpcs", "Subnets", …: aws_kind.h), with the file, JSON
// pointer and the Region and account its folder names. Pages of one call split over several
// files merge; an id seen twice in one account and Region with the same content is kept once,
// with different contents it is an error naming both places. Across accounts or Regions each
// view of a shared resource (a peering connection seen by both sides) is kept.

#include <cstddef>
#include <deque>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "topology/load/load_error.h"

namespace vpcsim::load::aws {

struct SnapshotFile {
  std::string path;
  std::string region;   // from the folder layout: the innermost folder named like "us-east-1"
  std::string account;  // the innermost folder of 12 digits, or the caller identity beside it
  nlohmann::json doc;
};

// One element of a top-level list.
struct AwsRecord {
  const nlohmann::json* value = nullptr;
  const SnapshotFile* file = nullptr;
  std::string pointer;  // "/Vpcs/3"
};

struct Snapshot {
  std::vector<std::string> roots;  // the folders and files it was read from, as given
  std::deque<SnapshotFile> files;  // stable addresses: records point into them
  std::map<std::string, std::vector<AwsRecord>, std::less<>> records;  // by top-level key
  std::vector<LoadError> errors;     // the snapshot cannot be used as it is
  std::vector<LoadError> warnings;   // read, but not (yet) modelled, or not understood
  std::vector<std::string> skipped;  // files that are not JSON by name (README.md …)

  const std::vector<AwsRecord>& of(std::string_view key) const;
  std::size_t count(std::string_view key) const { return of(key).size(); }
};

// Reads every file named *.json, or with no extension (CloudMapper writes both), under each
// path (a folder, walked recursively without following links to folders, in sorted order so
// that the result does not depend on the file system, or a file).
Snapshot read_snapshot(const std::vector<std::string>& paths);

// One document already parsed, as if read from `file` (whose folders give its Region and
// account): a describe-* file given as text.
Snapshot read_snapshot_document(const std::string& file, nlohmann::json doc);

// "us-east-1", "us-gov-west-1", "ap-southeast-2": a Region's name.
bool is_region_name(std::string_view s);

}  // namespace vpcsim::load::aws
