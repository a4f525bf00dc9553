#include "sim/observe/flow_log_record.h"

#include <algorithm>
#include <array>
#include <string_view>
#include <utility>

#include <fmt/format.h>

#include "sim/path/packet.h"

namespace vpcsim::observe {

using F = model::FlowLogField;

std::uint8_t flow_log_tcp_flags(std::uint8_t f) {
  using namespace path::tcp;
  std::uint8_t v = 0;
  if (f & kFin) v |= 1;
  if (f & kRst) v |= 4;
  if (f & kSyn) v |= (f & kAck) ? 18 : 2;
  return v;
}

namespace {

// One record being appended to the output buffer: fields are separated by single spaces.
struct Line {
  std::string& buf;
  std::size_t start;
  void separate() {
    if (buf.size() != start) buf += ' ';
  }
};

void put(Line& line, std::string_view s) {
  line.separate();
  line.buf += s;
}
template <class T>
void put_num(Line& line, T v) {
  line.separate();
  const fmt::format_int f(v);
  line.buf.append(f.data(), f.size());
}

// The decimal digits of every octet, then their count in [3]: dotted quads without a
// temporary string.
constexpr auto kOctets = [] {
  std::array<std::array<char, 4>, 256> t{};
  for (unsigned v = 0; v < 256; ++v) {
    unsigned n = 0;
    if (v >= 100) t[v][n++] = static_cast<char>('0' + v / 100);
    if (v >= 10) t[v][n++] = static_cast<char>('0' + v / 10 % 10);
    t[v][n++] = static_cast<char>('0' + v % 10);
    t[v][3] = static_cast<char>(n);
  }
  return t;
}();

void put_ip(Line& line, const net::IpAddress& a) {
  line.separate();
  if (a.is_v4()) {
    char out[15];
    std::size_t n = 0;
    const auto b = a.v4_bits();
    for (int shift = 24; shift >= 0; shift -= 8) {
      const auto& o = kOctets[(b >> shift) & 0xffu];
      std::copy_n(o.data(), 3, out + n);  // always 3: the array has room, n counts the real ones
      n += static_cast<std::size_t>(o[3]);
      if (shift) out[n++] = '.';
    }
    line.buf.append(out, n);
    return;
  }
  line.buf += a.to_string();
}

std::string_view or_dash(const std::string& s) {
  return s.empty() ? std::string_view("-") : s;
}

bool is_interface_field(F f) {
  return f == F::version || f == F::account_id || f == F::interface_id || f == F::vpc_id ||
         f == F::subnet_id || f == F::instance_id || f == F::region || f == F::az_id;
}

// The fields that describe the interface itself, the same in traffic and NODATA records.
bool put_interface_field(Line& line, F f, const model::Eni& eni, const model::Topology& topo,
                         const FlowLogRecordSettings& set) {
  const auto& subnet = topo.subnet(eni.subnet);
  switch (f) {
    case F::version:
      put_num(line, int{set.format.version});
      return true;
    case F::account_id:
      // "The AWS account ID of the owner of the source network interface": the owner of its
      // VPC here (https://docs.aws.amazon.com/vpc/latest/userguide/flow-log-records.html).
      put(line, topo.vpc(subnet.vpc).account_id.empty() ? set.account_id
                                                        : topo.vpc(subnet.vpc).account_id);
      return true;
    case F::interface_id:
      put(line, eni.id);
      return true;
    case F::vpc_id:
      put(line, topo.vpc(subnet.vpc).id);
      return true;
    case F::subnet_id:
      put(line, subnet.id);
      return true;
    case F::instance_id:
      put(line, eni.owner.kind == model::OwnerKind::instance ? or_dash(eni.owner.id) : "-");
      return true;
    case F::region:
      // "The Region that contains the network interface": its VPC's (same page).
      put(line, topo.vpc(subnet.vpc).region.empty() ? set.region : topo.vpc(subnet.vpc).region);
      return true;
    case F::az_id:
      put(line, or_dash(subnet.az_id));
      return true;
    default:
      return false;
  }
}

}  // namespace

FlowLogRecordWriter::FlowLogRecordWriter(const model::Topology& topology,
                                         FlowLogRecordSettings settings, std::ostream& out)
    : topo_(topology), set_(std::move(settings)), out_(out) {
  lead_text_.resize(topo_.enis().size());
  while (lead_ < set_.format.fields.size() && is_interface_field(set_.format.fields[lead_]))
    ++lead_;
}

void FlowLogRecordWriter::write_header() {
  buf_ += set_.format.header();
  buf_ += '\n';
}

const std::string& FlowLogRecordWriter::lead_text(std::uint32_t eni) {
  auto& text = lead_text_[eni];
  if (text.empty()) {
    Line line{text, 0};
    for (std::size_t i = 0; i < lead_; ++i)
      put_interface_field(line, set_.format.fields[i], topo_.eni(model::EniIndex(eni)), topo_,
                          set_);
  }
  return text;
}

// Traffic and NODATA records walk the format alike; they differ in the fields that are not
// about the interface.
template <class Field>
void FlowLogRecordWriter::write_line(std::uint32_t index, const model::Eni& eni, Field&& field) {
  Line line{buf_, buf_.size()};
  if (lead_) buf_ += lead_text(index);
  const auto& fields = set_.format.fields;
  for (std::size_t i = lead_; i < fields.size(); ++i) {
    const auto f = fields[i];
    if (!put_interface_field(line, f, eni, topo_, set_)) field(line, f);
  }
  buf_ += '\n';
  ++written_;
  if (buf_.size() >= kFlushBytes) write_out();
}

void FlowLogRecordWriter::write_record(const FlowLogKey& k, const FlowLogTotals& t) {
  const auto& eni = topo_.eni(model::EniIndex(k.eni));
  const bool v6 = k.tuple.src.is_v6();
  // The interface's own side is its primary private address
  // (https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs.html, limitations).
  const auto own = [&](const net::IpAddress& packet_address) {
    if (v6)
      return eni.owns(packet_address) || eni.ipv6_addresses.empty() ? packet_address
                                                                    : eni.ipv6_addresses.front();
    return eni.primary_ip();
  };
  const auto src =
      k.egress ? (eni.owns(k.tuple.src) ? k.tuple.src : own(k.tuple.src)) : k.tuple.src;
  const auto dst = k.egress ? k.tuple.dst : own(k.tuple.dst);
  write_line(k.eni, eni, [&](Line& line, F f) {
    switch (f) {
      case F::srcaddr:
        put_ip(line, src);
        break;
      case F::dstaddr:
        put_ip(line, dst);
        break;
      case F::srcport:
        put_num(line, k.tuple.src_port);
        break;
      case F::dstport:
        put_num(line, k.tuple.dst_port);
        break;
      case F::protocol:
        put_num(line, int{k.tuple.protocol});
        break;
      case F::packets:
        put_num(line, t.packets);
        break;
      case F::bytes:
        put_num(line, t.bytes);
        break;
      case F::start:
        put_num(line, set_.start_time + net::whole_seconds(t.first));
        break;
      case F::end:
        put_num(line, set_.start_time + net::whole_seconds(t.last));
        break;
      case F::action:
        put(line, k.accepted ? "ACCEPT" : "REJECT");
        break;
      case F::log_status:
        put(line, "OK");
        break;
      case F::tcp_flags:
        put_num(line, int{t.tcp_flags});
        break;
      case F::type:
        put(line, v6 ? "IPv6" : "IPv4");
        break;
      case F::pkt_srcaddr:
        put_ip(line, k.tuple.src);
        break;
      case F::pkt_dstaddr:
        put_ip(line, k.tuple.dst);
        break;
      case F::flow_direction:
        put(line, k.egress ? "egress" : "ingress");
        break;
      case F::traffic_path:
        if (k.egress && t.traffic_path != 0)
          put_num(line, int{t.traffic_path});
        else
          put(line, "-");
        break;
      default:
        put(line, "-");
        break;  // sublocations, AWS service names, ECS, reject-reason
    }
  });
}

void FlowLogRecordWriter::write_nodata(std::uint32_t index, std::int64_t window) {
  const std::int64_t start = set_.start_time + window * set_.aggregation_seconds;
  write_line(index, topo_.eni(model::EniIndex(index)), [&](Line& line, F f) {
    switch (f) {
      case F::start:
        put_num(line, start);
        break;
      case F::end:
        put_num(line, start + set_.aggregation_seconds);
        break;
      case F::log_status:
        put(line, "NODATA");
        break;
      default:
        put(line, "-");
        break;
    }
  });
}

void FlowLogRecordWriter::write_out() {
  out_.write(buf_.data(), static_cast<std::streamsize>(buf_.size()));
  buf_.clear();
}

void FlowLogRecordWriter::flush() {
  write_out();
  out_.flush();
}

}  // namespace vpcsim::observe
