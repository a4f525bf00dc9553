#include "topology/load/pcap_anomaly.h"

namespace vpcsim::load {

std::string_view to_string(PcapAnomaly a) {
  switch (a) {
    case PcapAnomaly::truncated:
      return "truncated";
    case PcapAnomaly::non_ip:
      return "non-IP";
    case PcapAnomaly::fragment:
      return "IP fragment";
    case PcapAnomaly::bad_ip_header:
      return "bad IP header";
    case PcapAnomaly::unsupported_protocol:
      return "unsupported protocol";
    case PcapAnomaly::time_backwards:
      return "time went backwards";
    case PcapAnomaly::bad_timestamp:
      return "bad timestamp";
    case PcapAnomaly::bad_record_length:
      return "bad record length";
    case PcapAnomaly::bad_transport_header:
      return "bad transport header";
  }
  return "?";
}

}  // namespace vpcsim::load
