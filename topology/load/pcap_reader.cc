#include "topology/load/pcap_reader.h"

#include <pcap/pcap.h>
#include <stdio_ext.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <utility>

#include <fmt/format.h>

namespace vpcsim::load {

namespace {

// libpcap's DLT_ values for link types that differ by platform or may be missing.
constexpr int kDltRawA = 12;        // DLT_RAW on most platforms
constexpr int kDltRawB = 14;        // DLT_RAW on OpenBSD (and BSD/OS' DLT_ATM_RFC1483)
constexpr int kLinktypeRaw = 101;   // LINKTYPE_RAW (libpcap maps it to DLT_RAW)
constexpr int kLinktypeIpv4 = 228;  // DLT_IPV4
constexpr int kLinktypeIpv6 = 229;  // DLT_IPV6
constexpr int kLinktypeSll2 = 276;  // DLT_LINUX_SLL2
constexpr int kLinktypeLoop = 108;  // DLT_LOOP (OpenBSD loopback, network byte order)

// Nanoseconds since the epoch of a record's time, or -1 if it is not in [1970,
// kPcapMaxEpochSec) with a fraction below one second. `nsec` is already in nanoseconds (the
// reader opens captures with nanosecond precision: libpcap scales a classic file's
// microseconds by 1000, so 1,000,000 us and more arrive as 1e9 ns and more).
std::int64_t epoch_ns(std::int64_t sec, std::int64_t nsec) {
  if (sec < 0 || sec >= kPcapMaxEpochSec || nsec < 0 || nsec >= 1'000'000'000) return -1;
  return sec * 1'000'000'000 + nsec;  // < 4.2e18: no overflow
}

}  // namespace

PcapReader::~PcapReader() {
  close();
}

void PcapReader::close() {
  if (pcap_ != nullptr) pcap_close(pcap_);
  pcap_ = nullptr;
}

std::optional<LoadError> PcapReader::open(const std::string& path) {
  close();
  file_ = path;
  error_ = {};
  record_ = 0;
  failed_ = false;
  sec_u32_ = false;
  have_origin_ = false;
  last_ns_ = 0;
  anomalies_ = {};
  char errbuf[PCAP_ERRBUF_SIZE] = {};
  if (path == "-") {
    pcap_ = pcap_open_offline_with_tstamp_precision("-", PCAP_TSTAMP_PRECISION_NANO, errbuf);
  } else {
    // Our own FILE with a large buffer: libpcap reads each record with two small freads, and
    // stdio's default 4 KiB buffer would make a read(2) per few dozen records.
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (f == nullptr) {
      failed_ = true;
      error_ = {path, "", fmt::format("cannot read capture: {}", std::strerror(errno))};
      return error_;
    }
    std::setvbuf(f, nullptr, _IOFBF, std::size_t{1} << 20);
    // One thread reads this file at a time (the reader is not shared): no locking per fread.
    __fsetlocking(f, FSETLOCKING_BYCALLER);
    pcap_ = pcap_fopen_offline_with_tstamp_precision(f, PCAP_TSTAMP_PRECISION_NANO, errbuf);
    if (pcap_ == nullptr) std::fclose(f);  // on failure libpcap leaves the file to us
  }
  if (pcap_ == nullptr) {
    failed_ = true;
    // libpcap's words for a file that is not a capture at all, said as what was expected.
    const std::string_view why = errbuf;
    error_ = {path, "",
              why == "unknown file format" ? "not a capture (unknown file format); expected a "
                                             "pcap or pcapng file, e.g. from tcpdump -w"
              : why.find("only got 0") != std::string_view::npos
                  ? "the file is empty; expected a pcap or pcapng capture"
                  : fmt::format("cannot read capture: {}", why)};
    return error_;
  }
  // Classic pcap (2.x; 543.0 for DG/UX) stores ts_sec as 32 bits, unsigned in the format's
  // definition; libpcap reads it signed (0x80000000 and later as before 1970). pcapng: 1.x.
  sec_u32_ = pcap_major_version(pcap_) != 1;
  link_type_ = pcap_datalink(pcap_);
  switch (link_type_) {
    case DLT_EN10MB:
      link_ = LinkLayer::ethernet;
      break;
    case DLT_LINUX_SLL:
      link_ = LinkLayer::sll;
      break;
    case kLinktypeSll2:
      link_ = LinkLayer::sll2;
      break;
    case kDltRawA:
    case kDltRawB:
    case kLinktypeRaw:
    case kLinktypeIpv4:
    case kLinktypeIpv6:
      link_ = LinkLayer::raw;
      break;
    case DLT_NULL:
    case kLinktypeLoop:
      link_ = LinkLayer::null;
      break;
    default: {
      const char* name = pcap_datalink_val_to_name(link_type_);
      failed_ = true;
      error_ = {path, "",
                fmt::format("unsupported link type {} ({}); supported: Ethernet, Linux cooked "
                            "(SLL, SLL2), raw IPv4/IPv6, BSD loopback",
                            link_type_, name != nullptr ? name : "unknown")};
      close();
      return error_;
    }
  }
  return std::nullopt;
}

PcapReader::Result PcapReader::skip(PcapAnomaly a) {
  ++anomalies_[static_cast<std::size_t>(a)];
  last_skip_ = a;
  return Result::skipped;
}

PcapReader::Result PcapReader::fail(std::string message) {
  failed_ = true;
  error_ = {file_, fmt::format("record {}", record_ + 1), std::move(message)};
  close();
  return Result::error;
}

PcapReader::Result PcapReader::next(net::CapturedPacket& out) {
  if (failed_) return Result::error;
  if (pcap_ == nullptr) return Result::end;
  pcap_pkthdr* hdr = nullptr;
  const u_char* data = nullptr;
  const int rc = pcap_next_ex(pcap_, &hdr, &data);
  if (rc == PCAP_ERROR_BREAK) {  // -2: end of file
    close();
    return Result::end;
  }
  if (rc != 1) return fail(pcap_geterr(pcap_));
  return decode(*hdr, data, out);
}

// pcap_dispatch's callback for read(): decodes one record into the batch.
void PcapReader::on_record(unsigned char* user, const pcap_pkthdr* hdr, const unsigned char* data) {
  auto& b = *reinterpret_cast<Batch*>(user);
  ++b.records;
  // Decoded on the stack, then copied whole: the batch's memory may have just been read by
  // another thread, and many small stores into it would each wait for its cache line.
  net::CapturedPacket c;
  if (b.self->decode(*hdr, data, c) == Result::skipped) {
    ++b.skipped;
    return;
  }
  c.ip_bytes = {};
  b.out->push_back(c);
}

PcapReader::Result PcapReader::read(std::size_t max_records, std::vector<net::CapturedPacket>& out,
                                    std::uint64_t& records, std::uint64_t& skipped) {
  if (failed_) return Result::error;
  if (pcap_ == nullptr) return Result::end;
  Batch b{this, &out, 0, 0};
  const int want = static_cast<int>(std::min<std::size_t>(max_records, 1 << 20));
  const int rc =
      pcap_dispatch(pcap_, want < 1 ? 1 : want, on_record, reinterpret_cast<u_char*>(&b));
  records += b.records;
  skipped += b.skipped;
  if (rc == 0) {  // a capture file: no more records
    close();
    return Result::end;
  }
  if (rc < 0) return fail(pcap_geterr(pcap_));
  return Result::packet;
}

PcapReader::Result PcapReader::decode(const pcap_pkthdr& h, const unsigned char* data,
                                      net::CapturedPacket& out) {
  const pcap_pkthdr* hdr = &h;
  ++record_;
  out = net::CapturedPacket{};
  out.record = record_;
  out.wire_length = hdr->len;
  // The record header first: neither a bad length nor a bad time becomes the origin.
  if (hdr->caplen > hdr->len) return skip(PcapAnomaly::bad_record_length);
  std::int64_t sec = hdr->ts.tv_sec;
  if (sec_u32_ && sec < 0 && sec >= INT32_MIN) sec += std::int64_t{1} << 32;
  const std::int64_t ns = epoch_ns(sec, hdr->ts.tv_usec);  // nanoseconds: the reader asked
  if (ns < 0) return skip(PcapAnomaly::bad_timestamp);
  if (!have_origin_) {
    have_origin_ = true;
    origin_sec_ = sec;
    origin_nsec_ = hdr->ts.tv_usec;
    origin_ns_ = ns;
  }
  out.origin_sec = origin_sec_;
  out.origin_nsec = origin_nsec_;
  const std::int64_t t = ns - origin_ns_;  // both below 4.2e18: no overflow
  if (t < last_ns_) ++anomalies_[static_cast<std::size_t>(PcapAnomaly::time_backwards)];
  last_ns_ = t;
  out.time = net::SimTime(t);

  const FrameAnomaly a = decode_frame(link_, data, hdr->caplen, out);
  if (!a) return Result::packet;
  if (*a == PcapAnomaly::unsupported_protocol) {  // noted, not skipped
    ++anomalies_[static_cast<std::size_t>(PcapAnomaly::unsupported_protocol)];
    return Result::packet;
  }
  return skip(*a);
}

}  // namespace vpcsim::load
