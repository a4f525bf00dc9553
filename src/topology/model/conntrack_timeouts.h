#pragma once
// ConnTrackTimeouts: the idle timeouts of security-group connection tracking for one
// network interface (aws-semantics §2.4.3, API_ConnectionTrackingConfiguration).

#include "sim/core/sim_time.h"

namespace vpcsim::model {

struct ConnTrackTimeouts {
  core::SimTime tcp_established = core::SimTime::s(432000);  // 60..432000 s
  core::SimTime udp = core::SimTime::s(30);                  // 30..60 s
  core::SimTime udp_stream = core::SimTime::s(180);          // 60..180 s
  core::SimTime other = core::SimTime::s(600);               // not configurable
};

}  // namespace vpcsim::model
