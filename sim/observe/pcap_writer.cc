#include "sim/observe/pcap_writer.h"

#include <pcap/pcap.h>

#include <filesystem>

#include <fmt/format.h>
#include <boost/endian/conversion.hpp>

namespace vpcsim::observe {

namespace {

// Network byte order (big-endian) fields; the low 16 bits of `v` for put16.
void put16(std::vector<std::uint8_t>& b, std::size_t at, std::uint32_t v) {
  boost::endian::store_big_u16(&b[at], static_cast<std::uint16_t>(v));
}
void put32(std::vector<std::uint8_t>& b, std::size_t at, std::uint32_t v) {
  boost::endian::store_big_u32(&b[at], v);
}
// Ones' complement sum (RFC 1071) of `n` bytes from `at`, added to `sum`.
std::uint32_t sum16(const std::vector<std::uint8_t>& b, std::size_t at, std::size_t n,
                    std::uint32_t sum = 0) {
  for (std::size_t i = 0; i + 1 < n; i += 2)
    sum += static_cast<std::uint32_t>(b[at + i] << 8 | b[at + i + 1]);
  if (n % 2) sum += static_cast<std::uint32_t>(b[at + n - 1] << 8);
  return sum;
}
std::uint16_t fold(std::uint32_t sum) {
  while (sum >> 16)
    sum = (sum & 0xffff) + (sum >> 16);
  return static_cast<std::uint16_t>(~sum);
}
void put_address(std::vector<std::uint8_t>& b, std::size_t at, const net::IpAddress& a) {
  if (a.is_v4()) {
    put32(b, at, a.v4_bits());
    return;
  }
  put32(b, at, static_cast<std::uint32_t>(a.hi() >> 32));
  put32(b, at + 4, static_cast<std::uint32_t>(a.hi()));
  put32(b, at + 8, static_cast<std::uint32_t>(a.lo() >> 32));
  put32(b, at + 12, static_cast<std::uint32_t>(a.lo()));
}

}  // namespace

std::vector<std::uint8_t> packet_headers(const path::Packet& p) {
  const bool v6 = p.tuple.src.is_v6();
  const std::size_t ip = v6 ? 40 : 20;
  const std::size_t l4 = p.is_tcp() ? 20 : (p.is_udp() || p.is_icmp()) ? 8 : 0;
  std::vector<std::uint8_t> b(ip + l4, 0);
  const std::uint32_t total = std::max<std::uint32_t>(p.bytes, static_cast<std::uint32_t>(ip + l4));
  if (v6) {
    b[0] = 0x60;
    put16(b, 4, total - 40);  // payload length
    b[6] = p.tuple.protocol;
    b[7] = 64;
    put_address(b, 8, p.tuple.src);
    put_address(b, 24, p.tuple.dst);
  } else {
    b[0] = 0x45;
    put16(b, 2, total);
    b[6] = 0x40;  // don't fragment
    b[8] = 64;
    b[9] = p.tuple.protocol;
    put_address(b, 12, p.tuple.src);
    put_address(b, 16, p.tuple.dst);
    put16(b, 10, fold(sum16(b, 0, 20)));
  }
  if (l4 == 0) return b;
  if (p.is_tcp()) {
    put16(b, ip, p.tuple.src_port);
    put16(b, ip + 2, p.tuple.dst_port);
    b[ip + 12] = 5 << 4;  // data offset: 20 bytes
    b[ip + 13] = p.tcp_flags;
    put16(b, ip + 14, 65535);  // window
  } else if (p.is_udp()) {
    put16(b, ip, p.tuple.src_port);
    put16(b, ip + 2, p.tuple.dst_port);
    put16(b, ip + 4, total - static_cast<std::uint32_t>(ip));
  } else {
    b[ip] = p.icmp_type;
    b[ip + 1] = p.icmp_code;
    put16(b, ip + 4, p.tuple.src_port);  // echo identifier
  }
  // The L4 checksum over the pseudo-header and the header (the payload is not modelled: a
  // reader that checks it will see it as truncated, as with any small snap length).
  if (!p.is_icmp() || v6) {
    std::uint32_t sum = 0;
    if (v6) {
      sum = sum16(b, 8, 32);
      sum += (total - 40) >> 16;
      sum += (total - 40) & 0xffff;
    } else {
      sum = sum16(b, 12, 8);
      sum += total - 20;
    }
    sum += p.tuple.protocol;
    put16(b, ip + (p.is_tcp() ? 16 : p.is_udp() ? 6 : 2), fold(sum16(b, ip, l4, sum)));
  } else {
    put16(b, ip + 2, fold(sum16(b, ip, l4)));
  }
  return b;
}

struct PcapWriter::File {
  pcap_t* dead = nullptr;
  pcap_dumper_t* dumper = nullptr;
  ~File() {
    if (dumper) pcap_dump_close(dumper);
    if (dead) pcap_close(dead);
  }
};

std::string pcap_file_name(std::string_view id) {
  std::string name;
  for (std::size_t i = 0; i < id.size(); ++i) {
    const auto c = static_cast<unsigned char>(id[i]);
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                       c == '-' || c == '_' || (c == '.' && i > 0);
    if (plain)
      name += static_cast<char>(c);
    else
      name += fmt::format("%{:02X}", c);
  }
  return name + ".pcap";
}

PcapWriter::PcapWriter(const model::Topology& topology, std::string dir, std::int64_t start_time)
    : topo_(topology), dir_(std::move(dir)), start_time_(start_time) {
  std::error_code ec;
  std::filesystem::create_directories(dir_, ec);
  if (ec) error_ = fmt::format("cannot create {}: {}", dir_, ec.message());
}

PcapWriter::~PcapWriter() = default;

PcapWriter::File* PcapWriter::file_for(model::EniIndex eni) {
  auto& f = files_[eni.value()];
  if (f) return f->dumper ? f.get() : nullptr;
  f = std::make_unique<File>();
  f->dead = pcap_open_dead_with_tstamp_precision(DLT_RAW, 65535, PCAP_TSTAMP_PRECISION_NANO);
  const auto path = (std::filesystem::path(dir_) / pcap_file_name(topo_.eni(eni).id)).string();
  f->dumper = f->dead ? pcap_dump_open(f->dead, path.c_str()) : nullptr;
  if (!f->dumper && error_.empty())
    error_ = fmt::format("cannot write {}: {}", path, f->dead ? pcap_geterr(f->dead) : "pcap");
  return f->dumper ? f.get() : nullptr;
}

void PcapWriter::on_packet(const engine::PacketEvent& e) {
  if (!error_.empty()) return;
  for (const auto& o : e.result.observations) {
    File* f = file_for(o.eni);
    if (!f) return;
    buf_ = packet_headers(o.packet);
    pcap_pkthdr h{};
    const auto ns = e.time.count();
    h.ts.tv_sec = static_cast<decltype(h.ts.tv_sec)>(start_time_ + ns / 1'000'000'000);
    h.ts.tv_usec = static_cast<decltype(h.ts.tv_usec)>(ns % 1'000'000'000);  // nanoseconds
    h.caplen = static_cast<bpf_u_int32>(buf_.size());
    h.len = std::max<bpf_u_int32>(o.packet.bytes, h.caplen);
    pcap_dump(reinterpret_cast<u_char*>(f->dumper), &h, buf_.data());
    ++records_;
  }
}

void PcapWriter::on_finish(net::SimTime) {
  for (auto& [eni, f] : files_)
    if (f->dumper) pcap_dump_flush(f->dumper);
}

}  // namespace vpcsim::observe
