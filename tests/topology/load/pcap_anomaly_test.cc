#include "topology/load/pcap_anomaly.h"

#include <cstddef>

#include <doctest/doctest.h>

using vpcsim::load::kPcapAnomalyKinds;
using vpcsim::load::PcapAnomaly;

TEST_CASE("pcap: every anomaly kind has a name for the replay summary") {
  for (std::size_t k = 0; k < kPcapAnomalyKinds; ++k) {
    CAPTURE(k);
    CHECK(vpcsim::load::to_string(static_cast<PcapAnomaly>(k)) != "?");
  }
  CHECK(vpcsim::load::to_string(PcapAnomaly::bad_timestamp) == "bad timestamp");
  CHECK(vpcsim::load::to_string(PcapAnomaly::bad_record_length) == "bad record length");
  CHECK(vpcsim::load::to_string(PcapAnomaly::bad_transport_header) == "bad transport header");
}
