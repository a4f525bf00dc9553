#include "sim/observe/flow_log.h"

#include <algorithm>
#include <numeric>
#include <utility>

namespace vpcsim::observe {

FlowLog::FlowLog(const model::Topology& topology, FlowLogOptions options, std::ostream& out)
    : opt_(std::move(options)),
      table_(topology),
      writer_(topology,
              FlowLogRecordSettings{.format = opt_.format,
                                    .start_time = opt_.start_time,
                                    .aggregation_seconds = opt_.aggregation_seconds,
                                    .region = opt_.region,
                                    .account_id = opt_.account_id},
              out),
      now_(&topology),
      nodata_left_(topology.enis().size(), opt_.nodata_gap_limit),
      nodata_omitted_(topology.enis().size(), 0) {
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
    FlowLogObservation& q = in_.pending.emplace_back();
    q.key = FlowLogKey{o.eni.value(), o.direction == model::Direction::outbound, o.accepted,
                       o.packet.tuple};
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
    table_.add(in_.pending);
    in_.pending.clear();
    return;
  }
  worker_->post([this, batch = std::move(in_.pending)] { table_.add(batch); });
  in_.pending = {};
  in_.pending.reserve(kHandOver + 8);
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
    writer_.write_header();
    header_written_ = true;
  }
  writer_.flush();
}

std::uint64_t FlowLog::nodata_omitted() const {
  return std::accumulate(nodata_omitted_.begin(), nodata_omitted_.end(), std::uint64_t{0});
}

// The table holds the records of window_ only: every later window before `window` has no
// traffic at all.
void FlowLog::flush_through(std::int64_t window) {
  if (window_ < window) {
    write_window(window_);
    write_idle_windows(window_ + 1, window);
  }
  window_ = window;
}

bool FlowLog::nodata_of(std::uint32_t eni) const {
  if (!opt_.nodata || (opt_.only && eni != opt_.only->value())) return false;
  // A deleted NAT gateway's interface is gone with it: no more records.
  const auto nat = now_->nat_of_eni(model::EniIndex(eni));
  return !(nat.valid() && now_->nat_gateway(nat).state == model::NatState::deleted);
}

void FlowLog::write_window(std::int64_t window) {
  if (opt_.header && !header_written_) {
    writer_.write_header();
    header_written_ = true;
  }
  // Records interleaved with NODATA lines in interface-id order.
  // Traffic ends an interface's idle gap: the next one may have NODATA records again.
  table_.close_window(
      [this](const FlowLogKey& key, const FlowLogTotals& totals) {
        nodata_left_[key.eni] = opt_.nodata_gap_limit;
        writer_.write_record(key, totals);
      },
      [this, window](std::uint32_t eni) {
        if (!nodata_of(eni)) return;
        if (nodata_left_[eni] == 0) {
          ++nodata_omitted_[eni];
          return;
        }
        --nodata_left_[eni];
        writer_.write_nodata(eni, window);
      });
  writer_.write_out();
}

// The same NODATA records, window by window in interface-id order, as closing each of these
// windows would give, without visiting the windows past every interface's limit: each
// interface's omitted windows are counted at once.
void FlowLog::write_idle_windows(std::int64_t from, std::int64_t to) {
  if (!opt_.nodata || from >= to) return;
  const auto span = static_cast<std::uint64_t>(to - from);
  idle_.clear();
  for (const auto eni : table_.interfaces()) {
    if (!nodata_of(eni)) continue;
    const auto written = std::min<std::uint64_t>(nodata_left_[eni], span);
    nodata_omitted_[eni] += span - written;
    if (written != 0) idle_.push_back(eni);
  }
  for (std::int64_t w = from; w < to && !idle_.empty(); ++w) {
    for (const auto eni : idle_) {
      --nodata_left_[eni];
      writer_.write_nodata(eni, w);
    }
    std::erase_if(idle_, [this](std::uint32_t eni) { return nodata_left_[eni] == 0; });
  }
  writer_.write_out();
}

}  // namespace vpcsim::observe
