#pragma once
// PcapReader: streams a pcap or pcapng capture (through libpcap, nanosecond precision) and
// decodes each record into a net::CapturedPacket (the frame by decode_frame, frame_decoder.h;
// the anomaly kinds are in pcap_anomaly.h). Link types: Ethernet (any number of 802.1Q /
// 802.1ad tags), Linux cooked v1 and v2 (SLL, SLL2), raw IP (DLT_RAW, LINKTYPE_RAW,
// LINKTYPE_IPV4/IPV6) and BSD loopback (DLT_NULL, DLT_LOOP). IPv4 and IPv6 (extension
// headers walked) carrying TCP, UDP, ICMP, ICMPv6 or any other protocol.
//
// Streaming: one record in memory at a time, no allocation per record. Records that are not
// a usable IP packet, or whose record header does not hold together (a time that cannot be
// represented, more bytes captured than were on the wire), are skipped and counted by kind; a
// damaged file ends with an error that names the file and the record number, after every good
// record before it was returned.
//
// Times come from libpcap, which applies pcapng's if_tsresol (powers of 10 and 2) and
// if_tsoffset; the reader range-checks what it returns (kPcapMaxEpochSec).

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "topology/load/frame_decoder.h"
#include "topology/load/load_error.h"
#include "topology/load/pcap_anomaly.h"
#include "topology/net/captured_packet.h"

struct pcap;
struct pcap_pkthdr;

namespace vpcsim::load {

// Record times are accepted from the epoch up to, not including, 2100-01-01T00:00:00Z. int64
// nanoseconds since the epoch end in 2262-04; below 2100 (4.1e18 ns), the sum of two accepted
// times, an accepted time plus up to 162 years, and the difference of two accepted times all
// stay within int64. Later times (pcapng ticks past 2262, classic pcap's ts_sec 0xffffffff =
// 2106) and earlier ones (a negative if_tsoffset) are bad_timestamp.
inline constexpr std::int64_t kPcapMaxEpochSec = 4'102'444'800;  // 2100-01-01T00:00:00Z

class PcapReader {
 public:
  enum class Result : std::uint8_t { packet, skipped, end, error };
  // What engine::CaptureStream<PcapReader> needs to know of a reader.
  using Packet = net::CapturedPacket;
  using Error = LoadError;
  using Anomalies = std::array<std::uint64_t, kPcapAnomalyKinds>;

  PcapReader() = default;
  ~PcapReader();
  PcapReader(const PcapReader&) = delete;
  PcapReader& operator=(const PcapReader&) = delete;

  // Opens `path`; an error names the file and gives libpcap's message, or the link type
  // that is not supported. Reopening closes the previous file and resets the counters.
  std::optional<LoadError> open(const std::string& path);

  // Reads the next record. packet: `out` holds it. skipped: `out.record` is the record's
  // number and last_skip() says why. end: no more records. error: error() says what and
  // where; every later call returns error again. Each call consumes one record.
  Result next(net::CapturedPacket& out);
  // Reads up to `max_records` records in one call (pcap_dispatch: less overhead per record
  // than next()), appending their packets to `out` with empty ip_bytes and adding to
  // `records` and `skipped`. packet: more records may follow; end: the file is over; error:
  // a damaged record, after the packets before it were appended.
  Result read(std::size_t max_records, std::vector<net::CapturedPacket>& out,
              std::uint64_t& records, std::uint64_t& skipped);

  const LoadError& error() const { return error_; }
  PcapAnomaly last_skip() const { return last_skip_; }
  std::uint64_t count(PcapAnomaly a) const { return anomalies_[static_cast<std::size_t>(a)]; }
  const Anomalies& anomalies() const { return anomalies_; }  // every kind, by its value
  std::uint64_t records() const { return record_; }          // records read so far
  int link_type() const { return link_type_; }               // libpcap DLT_ value
  const std::string& file() const { return file_; }

 private:
  struct Batch {
    PcapReader* self;
    std::vector<net::CapturedPacket>* out;
    std::uint64_t records;
    std::uint64_t skipped;
  };
  static void on_record(unsigned char* user, const pcap_pkthdr* hdr, const unsigned char* data);
  Result decode(const pcap_pkthdr& hdr, const unsigned char* data, net::CapturedPacket& out);
  Result skip(PcapAnomaly a);
  Result fail(std::string message);
  void close();

  ::pcap* pcap_ = nullptr;
  std::string file_;
  LoadError error_;
  LinkLayer link_ = LinkLayer::ethernet;
  int link_type_ = 0;
  std::uint64_t record_ = 0;
  bool failed_ = false;
  bool sec_u32_ = false;  // classic pcap: ts_sec is unsigned 32-bit, libpcap sign-extends it
  bool have_origin_ = false;
  std::int64_t origin_sec_ = 0;
  std::int64_t origin_nsec_ = 0;
  std::int64_t origin_ns_ = 0;  // the origin in nanoseconds since the epoch
  std::int64_t last_ns_ = 0;    // previous record's time since the origin
  PcapAnomaly last_skip_ = PcapAnomaly::truncated;
  Anomalies anomalies_{};
};

}  // namespace vpcsim::load
