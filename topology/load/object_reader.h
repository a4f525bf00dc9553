#pragma once
// ObjectReader: typed, pointer-aware access to one JSON object of an input file. Every
// failed read appends a LoadError naming the JSON pointer, the offending value and what
// was expected; finish() reports keys nobody asked for (typos), with suggestions.

#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "topology/load/load_error.h"
#include "topology/net/ip_address.h"
#include "topology/net/ip_prefix.h"
#include "topology/net/port_range.h"
#include "topology/net/protocol.h"
#include "topology/net/sim_time.h"

namespace vpcsim::load {

using Json = nlohmann::json;

// Collects the errors of one file.
class Diagnostics {
 public:
  explicit Diagnostics(std::string file) : file_(std::move(file)) {}
  void error(std::string pointer, std::string message) {
    errors_.push_back({file_, std::move(pointer), std::move(message)});
  }
  const std::string& file() const { return file_; }
  std::vector<LoadError>& errors() { return errors_; }
  bool ok() const { return errors_.empty(); }

 private:
  std::string file_;
  std::vector<LoadError> errors_;
};

// JSON pointer of `key` under `parent` (RFC 6901 escaping).
std::string child_pointer(const std::string& parent, std::string_view key);
std::string child_pointer(const std::string& parent, std::size_t index);
// A value as it appears in a message: strings quoted, others as JSON.
std::string show(const Json& v);

class ObjectReader {
 public:
  // Reports an error (and reads nothing) if `j` is not an object.
  ObjectReader(const Json& j, std::string pointer, Diagnostics& diag);

  bool is_object() const { return obj_ != nullptr; }
  const std::string& pointer() const { return ptr_; }
  std::string pointer(std::string_view key) const { return child_pointer(ptr_, key); }
  Diagnostics& diag() { return diag_; }
  bool has(std::string_view key) const;
  // The raw value of `key` (marked as read), or nullptr.
  const Json* get(std::string_view key);

  std::optional<std::string> string(std::string_view key, bool required = false);
  std::optional<bool> boolean(std::string_view key);
  // An integer (or a string of one) from `min` to `max`; `expected` replaces "an integer from
  // MIN to MAX" in messages when the valid values are narrower than what is read.
  std::optional<std::int64_t> integer(std::string_view key, std::int64_t min, std::int64_t max,
                                      bool required = false, std::string_view expected = {});
  std::optional<net::IpAddress> address(std::string_view key, bool required = false);
  std::optional<net::IpPrefix> prefix(std::string_view key, bool required = false);
  std::optional<net::PortRange> ports(std::string_view key, bool required = false);
  std::optional<net::Protocol> protocol(std::string_view key, bool required = false);
  // A duration: "1.5s", "200ms", "5m", "2h" or a number of seconds, from 0 to `max` (named in
  // the message as `max_text`); anything larger is refused, never wrapped.
  std::optional<net::SimTime> time(std::string_view key, bool required = false,
                                   net::SimTime max = net::kMaxScenarioTime,
                                   std::string_view max_text = net::kMaxScenarioTimeText);
  // One of `choices`; reports the choices when the value is not one of them.
  std::optional<std::string> choice(std::string_view key, const std::vector<std::string>& choices,
                                    bool required = false);
  // Calls `each(element, pointer)` for every element of array `key` (absent = no calls).
  void array(std::string_view key, const std::function<void(const Json&, const std::string&)>& each,
             bool required = false);
  // For arrays of strings.
  std::vector<std::pair<std::string, std::string>> strings(std::string_view key);

  // Reports unknown keys; call after all reads.
  void finish();

  void missing(std::string_view key, std::string_view expected);
  void bad(std::string_view key, const Json& value, std::string_view expected);

 private:
  const Json* obj_ = nullptr;
  std::string ptr_;
  Diagnostics& diag_;
  std::vector<std::string> read_;  // keys asked for, in order (an object has a few)
};

}  // namespace vpcsim::load
