#pragma once
// Endpoint: one end of a scenario flow or reachability question: a network interface of the
// model (optionally at a specific address of it: a secondary private IP or its public IP),
// or a host on the internet at a given address.

#include <optional>
#include <string>

#include "topology/model/resource_index.h"
#include "topology/net/ip_address.h"

namespace vpcsim::model {

struct Endpoint {
  EniIndex eni;                           // valid: an interface of the model
  std::optional<net::IpAddress> address;  // the address named, if one was
  std::string text;                       // as written, for messages

  bool is_internet() const { return !eni.valid(); }
  // An internet host with no address given gets this one (TEST-NET-3, RFC 5737).
  static constexpr net::IpAddress default_internet_host() {
    return net::IpAddress::v4(0xCB007105u);  // 203.0.113.5
  }
};

}  // namespace vpcsim::model
