#include "sim/observe/flow_log.h"

#include <algorithm>
#include <array>
#include <numeric>
#include <string>

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

std::size_t FlowLog::KeyHash::operator()(const Key& k) const noexcept {
  return std::hash<net::FiveTuple>{}(k.tuple) ^
         ((std::size_t{k.eni} << 2 | std::size_t{k.egress} << 1 | k.accepted) *
          0x9e3779b97f4a7c15ull);
}

FlowLog::FlowLog(const model::Topology& topology, FlowLogOptions options, std::ostream& out)
    : topo_(topology), now_(&topology), opt_(std::move(options)), out_(out) {
  const auto n = static_cast<std::uint32_t>(topo_.enis().size());
  by_id_.resize(n);
  std::iota(by_id_.begin(), by_id_.end(), 0u);
  std::sort(by_id_.begin(), by_id_.end(), [&](std::uint32_t a, std::uint32_t b) {
    return topo_.enis()[a].id < topo_.enis()[b].id;
  });
  rank_.resize(n);
  for (std::uint32_t i = 0; i < n; ++i)
    rank_[by_id_[i]] = i;
  active_.assign(n, false);
  lead_text_.resize(n);
  const auto interface_field = [](model::FlowLogField f) {
    return f == F::version || f == F::account_id || f == F::interface_id || f == F::vpc_id ||
           f == F::subnet_id || f == F::instance_id || f == F::region || f == F::az_id;
  };
  while (lead_ < opt_.format.fields.size() && interface_field(opt_.format.fields[lead_]))
    ++lead_;
  if (opt_.worker) {
    worker_ = opt_.worker;
    in_.batch = kHandOver;
  }
}

FlowLog::~FlowLog() {
  if (worker_) worker_->settle();
}

template <class F>
void FlowLog::stage(F&& f) {
  if (worker_)
    worker_->post(std::forward<F>(f));
  else
    f();
}

void FlowLog::on_packet(const engine::PacketEvent& e) {
  if (e.result.observations.empty()) return;
  const std::int64_t window = net::whole_seconds(e.time) / opt_.aggregation_seconds;
  if (window != in_.open_window) {
    submit();
    stage([this, window] { flush_through(window); });
    in_.open_window = window;
  }
  for (const auto& o : e.result.observations) {
    if (opt_.only && o.eni != *opt_.only) continue;
    Pending& q = in_.pending.emplace_back();
    q.key =
        Key{o.eni.value(), o.direction == model::Direction::outbound, o.accepted, o.packet.tuple};
    if (!o.packet.is_tcp() && !o.packet.is_udp()) q.key.tuple.src_port = q.key.tuple.dst_port = 0;
    q.time = e.time;
    q.bytes = o.packet.bytes;
    q.tcp_flags = o.packet.is_tcp() ? flow_log_tcp_flags(o.packet.tcp_flags) : 0;
    q.traffic_path = o.traffic_path;
  }
  if (in_.pending.size() >= in_.batch) submit();
}

void FlowLog::submit() {
  if (in_.pending.empty()) return;
  if (!worker_) {
    drain(in_.pending);
    in_.pending.clear();
    return;
  }
  worker_->post([this, batch = std::move(in_.pending)]() mutable { drain(batch); });
  in_.pending = {};
  in_.pending.reserve(kHandOver + 8);
}

// Applies the buffered observations in order, kBatch at a time. Looking a batch up in three
// passes (prefetch the index slots, then the records they name, then update) overlaps the
// cache misses of many lookups instead of paying for them one after another; the result is
// the same as applying each observation as it came.
void FlowLog::drain(std::vector<Pending>& all) {
  for (std::size_t from = 0; from < all.size(); from += kBatch) {
    auto* begin = all.data() + from;
    auto* end = all.data() + std::min(all.size(), from + kBatch);
    reserve_index(count_ + static_cast<std::size_t>(end - begin));
    const std::size_t mask = index_.size() - 1;
    for (auto* q = begin; q != end; ++q) {
      q->hash = KeyHash{}(q->key);  // here, not in on_packet(): off the simulating thread
      __builtin_prefetch(&index_[q->hash & mask]);
    }
    for (const auto* q = begin; q != end; ++q) {
      const auto slot = index_[q->hash & mask];
      if (slot != 0) __builtin_prefetch(&rec(slot - 1));
    }
    for (const auto* q = begin; q != end; ++q) {
      Totals& t = record(q->key, q->hash, q->time);
      ++t.packets;
      t.bytes += q->bytes;
      t.last = q->time;
      t.tcp_flags |= q->tcp_flags;
      if (q->traffic_path != 0) t.traffic_path = q->traffic_path;
    }
  }
}

void FlowLog::reserve_index(std::size_t records) {
  if (records * 2 <= index_.size()) return;
  // Grow the index to keep it at most half full; records keep their numbers.
  std::size_t size = std::max<std::size_t>(1024, index_.size());
  while (records * 2 > size)
    size *= 2;
  index_.assign(size, 0);
  const std::size_t mask = size - 1;
  for (std::uint32_t n = 0; n < count_; ++n) {
    std::size_t i = KeyHash{}(rec(n).first) & mask;
    while (index_[i] != 0)
      i = (i + 1) & mask;
    index_[i] = n + 1;
  }
}

FlowLog::Totals& FlowLog::record(const Key& k, std::size_t hash, net::SimTime now) {
  const std::size_t mask = index_.size() - 1;
  std::size_t i = hash & mask;
  for (; index_[i] != 0; i = (i + 1) & mask) {
    auto& r = rec(index_[i] - 1);
    if (r.first == k) return r.second;
  }
  index_[i] = count_ + 1;
  Entry& r = append();
  r.first = k;
  r.second = Totals{};
  r.second.first = now;
  active_[k.eni] = true;
  return r.second;
}

FlowLog::Entry& FlowLog::append() {
  if ((count_ >> kChunkBits) == chunks_.size())
    chunks_.push_back(std::make_unique<Entry[]>(std::size_t{1} << kChunkBits));
  return rec(count_++);
}

void FlowLog::on_change(const engine::ChangeEvent& e) {
  // Records up to the change belong to the windows before it; the interfaces that exist
  // from now on are the new topology's.
  submit();
  stage([this, after = &e.after] { now_ = after; });
}

void FlowLog::on_finish(net::SimTime end) {
  submit();
  const std::int64_t last = net::whole_seconds(end) / opt_.aggregation_seconds + 1;
  stage([this, last] { flush_through(last); });
  in_.open_window = last;
  if (worker_) worker_->wait();
  if (opt_.header && !header_written_) {
    out_ << opt_.format.header() << '\n';
    header_written_ = true;
  }
  flush_buffer();
  out_.flush();
}

void FlowLog::flush_buffer() {
  out_.write(buf_.data(), static_cast<std::streamsize>(buf_.size()));
  buf_.clear();
}

void FlowLog::flush_through(std::int64_t window) {
  for (; window_ < window; ++window_)
    write_window(window_);
  window_ = window;
}

// The window's records in output order: by interface (id order), then first packet, then
// direction, tuple and action.
void FlowLog::order_records() {
  order_.resize(count_);
  const auto tie_less = [&](std::uint32_t a, std::uint32_t b) {
    const auto& ka = rec(a).first;
    const auto& kb = rec(b).first;
    if (ka.egress != kb.egress) return ka.egress < kb.egress;
    if (ka.tuple != kb.tuple) return ka.tuple < kb.tuple;
    return ka.accepted > kb.accepted;
  };
  bool by_time = true;
  for (std::uint32_t n = 1; n < count_ && by_time; ++n)
    by_time = !(rec(n).second.first < rec(n - 1).second.first);
  if (by_time) {
    // Packets are observed in time order, so records are created in first-packet order: a
    // stable counting sort by interface keeps that order within each interface, and only
    // records of one interface that begin at the same instant need comparing.
    rank_start_.assign(rank_.size() + 1, 0);
    for (std::uint32_t n = 0; n < count_; ++n)
      ++rank_start_[rank_[rec(n).first.eni] + 1];
    for (std::size_t r = 1; r < rank_start_.size(); ++r)
      rank_start_[r] += rank_start_[r - 1];
    for (std::uint32_t n = 0; n < count_; ++n)
      order_[rank_start_[rank_[rec(n).first.eni]]++] = n;
    for (std::size_t i = 0; i < order_.size();) {
      std::size_t j = i + 1;
      while (j < order_.size() && rec(order_[j]).first.eni == rec(order_[i]).first.eni &&
             rec(order_[j]).second.first == rec(order_[i]).second.first)
        ++j;
      if (j - i > 1)
        std::sort(order_.begin() + static_cast<std::ptrdiff_t>(i),
                  order_.begin() + static_cast<std::ptrdiff_t>(j), tie_less);
      i = j;
    }
    return;
  }
  // Otherwise sort compact (interface rank, first packet, record) triples; only ties on both
  // look at the records themselves.
  struct SortKey {
    std::uint32_t rank;
    std::uint32_t record;
    std::int64_t first;
  };
  std::vector<SortKey> keys(count_);
  for (std::uint32_t n = 0; n < count_; ++n)
    keys[n] = {rank_[rec(n).first.eni], n, rec(n).second.first.count()};
  std::sort(keys.begin(), keys.end(), [&](const SortKey& a, const SortKey& b) {
    if (a.rank != b.rank) return a.rank < b.rank;
    if (a.first != b.first) return a.first < b.first;
    return tie_less(a.record, b.record);
  });
  for (std::uint32_t n = 0; n < count_; ++n)
    order_[n] = keys[n].record;
}

void FlowLog::write_window(std::int64_t window) {
  if (opt_.header && !header_written_) {
    out_ << opt_.format.header() << '\n';
    header_written_ = true;
  }
  order_records();
  // Records interleaved with NODATA lines in interface-id order.
  std::size_t r = 0;
  for (const auto eni : by_id_) {
    if (opt_.only && eni != opt_.only->value()) continue;
    if (!active_[eni]) {
      // A deleted NAT gateway's interface is gone with it: no more records.
      const auto nat = now_->nat_of_eni(model::EniIndex(eni));
      const bool gone = nat.valid() && now_->nat_gateway(nat).state == model::NatState::deleted;
      if (opt_.nodata && !gone) write_nodata(eni, window);
      continue;
    }
    for (; r < order_.size() && rec(order_[r]).first.eni == eni; ++r)
      write_record(rec(order_[r]).first, rec(order_[r]).second);
    active_[eni] = false;
  }
  count_ = 0;
  std::fill(index_.begin(), index_.end(), 0u);
  flush_buffer();
}

// One record being appended to the output buffer: fields are separated by single spaces.
struct FlowLogLine {
  std::string& buf;
  std::size_t start;
  void separate() {
    if (buf.size() != start) buf += ' ';
  }
};

namespace {

using Line = FlowLogLine;

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
void put_ip(Line& line, const net::IpAddress& a) {
  line.separate();
  if (a.is_v4()) {  // dotted quad from a table of the 256 octets, no temporary string
    static const auto octets = [] {
      std::array<std::array<char, 4>, 256> t{};  // digits, then their count in [3]
      for (unsigned v = 0; v < 256; ++v) {
        const auto text = std::to_string(v);
        std::copy(text.begin(), text.end(), t[v].begin());
        t[v][3] = static_cast<char>(text.size());
      }
      return t;
    }();
    char out[15];
    std::size_t n = 0;
    const auto b = a.v4_bits();
    for (int shift = 24; shift >= 0; shift -= 8) {
      const auto& o = octets[(b >> shift) & 0xffu];
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

}  // namespace

// The leading run of interface fields (v2: version, account-id, interface-id) of `eni`'s
// records, formatted once.
const std::string& FlowLog::lead_text(std::uint32_t eni) {
  auto& text = lead_text_[eni];
  if (text.empty()) {
    Line line{text, 0};
    for (std::size_t i = 0; i < lead_; ++i)
      put_interface_field(line, opt_.format.fields[i], topo_.eni(model::EniIndex(eni)));
  }
  return text;
}

// The fields that describe the interface itself, the same in traffic and NODATA records.
bool FlowLog::put_interface_field(Line& line, model::FlowLogField f, const model::Eni& eni) {
  const auto& subnet = topo_.subnet(eni.subnet);
  switch (f) {
    case F::version:
      put_num(line, int{opt_.format.version});
      return true;
    case F::account_id:
      put(line, opt_.account_id);
      return true;
    case F::interface_id:
      put(line, eni.id);
      return true;
    case F::vpc_id:
      put(line, topo_.vpc(subnet.vpc).id);
      return true;
    case F::subnet_id:
      put(line, subnet.id);
      return true;
    case F::instance_id:
      put(line, eni.owner.kind == model::OwnerKind::instance ? or_dash(eni.owner.id) : "-");
      return true;
    case F::region:
      put(line, opt_.region);
      return true;
    case F::az_id:
      put(line, or_dash(subnet.az_id));
      return true;
    default:
      return false;
  }
}

void FlowLog::write_record(const Key& k, const Totals& t) {
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
  Line line{buf_, buf_.size()};
  if (lead_) buf_ += lead_text(k.eni);
  for (std::size_t i = lead_; i < opt_.format.fields.size(); ++i) {
    const auto f = opt_.format.fields[i];
    if (put_interface_field(line, f, eni)) continue;
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
        put_num(line, opt_.start_time + net::whole_seconds(t.first));
        break;
      case F::end:
        put_num(line, opt_.start_time + net::whole_seconds(t.last));
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
  }
  buf_ += '\n';
  ++written_;
  if (buf_.size() >= kFlushBytes) flush_buffer();
}

void FlowLog::write_nodata(std::uint32_t index, std::int64_t window) {
  const auto& eni = topo_.eni(model::EniIndex(index));
  const std::int64_t start = opt_.start_time + window * opt_.aggregation_seconds;
  Line line{buf_, buf_.size()};
  if (lead_) buf_ += lead_text(index);
  for (std::size_t i = lead_; i < opt_.format.fields.size(); ++i) {
    const auto f = opt_.format.fields[i];
    if (put_interface_field(line, f, eni)) continue;
    switch (f) {
      case F::start:
        put_num(line, start);
        break;
      case F::end:
        put_num(line, start + opt_.aggregation_seconds);
        break;
      case F::log_status:
        put(line, "NODATA");
        break;
      default:
        put(line, "-");
        break;
    }
  }
  buf_ += '\n';
  ++written_;
  if (buf_.size() >= kFlushBytes) flush_buffer();
}

}  // namespace vpcsim::observe
