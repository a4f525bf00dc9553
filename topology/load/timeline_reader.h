#pragma once
// TimelineReader: a scenario's "timeline" section: configuration changes at given times
// (authorize or revoke a security group rule, replace or delete a network ACL entry, associate
// a network ACL, delete a NAT gateway), names resolved against the topology.

#include <string>
#include <string_view>
#include <vector>

#include "topology/load/object_reader.h"
#include "topology/load/section_reader.h"
#include "topology/model/config_change.h"

namespace vpcsim::load {

class TimelineReader : private SectionReader {
 public:
  TimelineReader(Diagnostics& diag, const model::Topology& topo) : SectionReader(diag, topo) {}

  // The section `j`, at JSON pointer `p`: its changes, sorted by time (stable).
  std::vector<model::ConfigChange> read(const Json& j, const std::string& p);

 private:
  // The action of change `r` and its fields; false if the action is missing or unknown.
  bool change(ObjectReader& r, model::ConfigChange& c);
  void sg_rule_change(ObjectReader& r, const std::string& action, model::ConfigChange& c);
  void nacl_entry_change(ObjectReader& r, const std::string& action, model::ConfigChange& c);
  void associate_nacl(ObjectReader& r, model::ConfigChange& c);
  model::Direction direction(ObjectReader& r);
  // The resource of kind `k` that `r[key]` (required) names.
  template <class Index>
  Index find(model::ResourceKind k, ObjectReader& r, std::string_view key);
  // Rules in changes use the topology's grammar (rule_reader.h).
  model::SgRule sg_rule(const Json& j, const std::string& p);
  model::NaclEntry nacl_entry(const Json& j, const std::string& p);
};

}  // namespace vpcsim::load
