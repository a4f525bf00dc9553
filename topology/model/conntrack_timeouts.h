#pragma once
// ConnTrackTimeouts: the idle timeouts of security-group connection tracking for one
// network interface
// (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/security-group-connection-tracking.html,
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ConnectionTrackingConfiguration.html).

#include "topology/net/sim_time.h"

namespace vpcsim::model {

struct ConnTrackTimeouts {
  net::SimTime tcp_established = net::SimTime(std::chrono::seconds(432000));  // 60..432000 s
  net::SimTime udp = net::SimTime(std::chrono::seconds(30));                  // 30..60 s
  net::SimTime udp_stream = net::SimTime(std::chrono::seconds(180));          // 60..180 s
  net::SimTime other = net::SimTime(std::chrono::seconds(600));               // not configurable
};

}  // namespace vpcsim::model
