#include "topology/load/aws/snapshot.h"

#include <algorithm>
#include <filesystem>
#include <system_error>
#include <unordered_map>

#include <fmt/format.h>

#include "topology/load/aws/aws_kind.h"
#include "topology/load/json_source.h"
#include "topology/load/object_reader.h"

namespace vpcsim::load::aws {
namespace fs = std::filesystem;
namespace {

bool is_account_id(std::string_view s) {
  return s.size() == 12 &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool is_json_name(const fs::path& p) {
  const auto ext = p.extension().string();
  return ext == ".json" || ext.empty();
}

// The innermost Region and account folder names on `p`'s way down.
void layout_of(const fs::path& p, SnapshotFile& f) {
  for (const auto& part : p.parent_path()) {
    const auto s = part.string();
    if (is_region_name(s)) f.region = s;
    if (is_account_id(s)) f.account = s;
  }
}

// `sts get-caller-identity` output: {"UserId", "Account", "Arn"}.
bool is_caller_identity(const nlohmann::json& doc) {
  return doc.is_object() && doc.contains("Account") && doc["Account"].is_string() &&
         doc.contains("Arn");
}

class Collector {
 public:
  explicit Collector(Snapshot& s) : s_(s) {}

  void add_path(const std::string& path) {
    std::error_code ec;
    const auto st = fs::status(path, ec);
    if (ec) {
      s_.errors.push_back({path, "", fmt::format("cannot read: {}", ec.message())});
      return;
    }
    if (!fs::is_directory(st)) {
      paths_.push_back(path);  // named explicitly: read whatever its name
      return;
    }
    const auto before = paths_.size();
    fs::recursive_directory_iterator it(path, ec), end;
    for (; !ec && it != end; it.increment(ec)) {
      const auto& e = *it;
      std::error_code fec;
      if (e.is_directory(fec)) continue;
      if (!e.is_regular_file(fec)) {
        s_.warnings.push_back({e.path().string(), "", "not a regular file; skipped"});
        continue;
      }
      if (is_json_name(e.path())) {
        paths_.push_back(e.path().string());
      } else {
        s_.skipped.push_back(e.path().string());
      }
    }
    if (ec) {
      const auto where = it == end ? path : it->path().string();
      s_.errors.push_back({where, "", fmt::format("cannot read folder: {}", ec.message())});
    }
    if (paths_.size() == before)
      s_.errors.push_back({path, "", "no JSON files in this folder (expected describe-* output)"});
  }

  void read_all() {
    std::sort(paths_.begin(), paths_.end());
    paths_.erase(std::unique(paths_.begin(), paths_.end()), paths_.end());
    std::sort(s_.skipped.begin(), s_.skipped.end());
    for (const auto& p : paths_) {
      if (auto doc = read_json_file(p, s_.errors)) add_document(p, std::move(*doc));
    }
  }

  // A document read (or given) as the file `path`.
  void add_document(const std::string& path, nlohmann::json doc) {
    SnapshotFile f;
    f.path = path;
    layout_of(fs::path(path), f);
    if (is_caller_identity(doc))
      identity_[fs::path(path).parent_path()] = doc["Account"].get<std::string>();
    f.doc = std::move(doc);
    s_.files.push_back(std::move(f));
  }

  // Every document's records, once all are in: a caller identity applies to its folder.
  void dispatch_all() {
    for (auto& f : s_.files) {
      if (f.account.empty()) {
        for (auto d = fs::path(f.path).parent_path();; d = d.parent_path()) {
          if (const auto it = identity_.find(d); it != identity_.end()) {
            f.account = it->second;
            break;
          }
          if (d == d.parent_path() || d.empty()) break;
        }
      }
      dispatch(f);
    }
  }

 private:
  void dispatch(const SnapshotFile& f) {
    if (!f.doc.is_object()) {
      s_.warnings.push_back(
          {f.path, "",
           "not read: expected an object of describe-* lists such as {\"Vpcs\": [...]}"});
      return;
    }
    const bool identity = is_caller_identity(f.doc);
    for (const auto& [key, value] : f.doc.items()) {
      const auto p = child_pointer("", key);
      if (identity && (key == "Account" || key == "Arn" || key == "UserId")) continue;
      const auto kind = aws_kind(key);
      if (!kind) {
        s_.warnings.push_back(
            {f.path, p, "unknown key: not a describe-* list vpcsim reads; ignored"});
        continue;
      }
      if (!value.is_array()) {
        s_.warnings.push_back({f.path, p, fmt::format("{}: expected a list; ignored", key)});
        continue;
      }
      if (kind->use == KindUse::not_modelled) {
        s_.warnings.push_back(
            {f.path, p,
             fmt::format("{} {} not modelled (they do not change where packets go); ignored",
                         value.size(), key)});
        continue;
      }
      auto& out = s_.records[std::string(key)];
      for (std::size_t i = 0; i < value.size(); ++i) {
        AwsRecord r{&value[i], &f, child_pointer(p, i)};
        if (!kind->id_field.empty() && value[i].is_object()) {
          const auto id = value[i].find(kind->id_field);
          if (id != value[i].end() && id->is_string() && !first_of(key, *id, r)) continue;
        }
        out.push_back(std::move(r));
      }
    }
  }

  // True if `r` is the first record of `key` with id `id`. A repeat with the same content (an
  // overlapping page) is dropped; with other content it is an error.
  bool first_of(const std::string& key, const std::string& id, const AwsRecord& r) {
    // Scoped by account and Region: a resource that two accounts or Regions share (a peering
    // connection, a transit gateway peering attachment) is seen from each side, and each view
    // is kept.
    const auto scope = r.file->account + '\0' + r.file->region + '\0';
    const auto [it, fresh] = seen_.emplace(scope + key + '\0' + id, r);
    if (fresh) return true;
    const auto& first = it->second;
    if (*first.value != *r.value) {
      s_.errors.push_back(
          {r.file->path, r.pointer,
           fmt::format("{} is also at {}: {} with other contents; one snapshot holds each "
                       "resource once",
                       id, first.file->path, first.pointer)});
    }
    return false;
  }

  Snapshot& s_;
  std::vector<std::string> paths_;
  std::map<fs::path, std::string> identity_;  // folder → account of its caller identity
  std::unordered_map<std::string, AwsRecord> seen_;
};

}  // namespace

bool is_region_name(std::string_view s) {
  // Lowercase words joined by '-', the last one a number: "us-east-1", "us-gov-west-1".
  const auto dash = s.rfind('-');
  if (dash == std::string_view::npos || dash + 1 >= s.size() || s.find('-') == dash) return false;
  const auto digits = s.substr(dash + 1);
  if (!std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return false;
  const auto words = s.substr(0, dash);
  return std::all_of(words.begin(), words.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || c == '-'; }) &&
         words.front() != '-' && words.back() != '-' && words.find("--") == std::string_view::npos;
}

const std::vector<AwsRecord>& Snapshot::of(std::string_view key) const {
  static const std::vector<AwsRecord> none;
  const auto it = records.find(key);
  return it == records.end() ? none : it->second;
}

Snapshot read_snapshot(const std::vector<std::string>& paths) {
  Snapshot s;
  s.roots = paths;
  Collector c(s);
  for (const auto& p : paths)
    c.add_path(p);
  c.read_all();
  c.dispatch_all();
  return s;
}

Snapshot read_snapshot_document(const std::string& file, nlohmann::json doc) {
  Snapshot s;
  s.roots = {file};
  Collector c(s);
  c.add_document(file, std::move(doc));
  c.dispatch_all();
  return s;
}

}  // namespace vpcsim::load::aws
