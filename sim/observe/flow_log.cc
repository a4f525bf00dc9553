#include "sim/observe/flow_log.h"

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
      now_(&topology) {
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

void FlowLog::flush_through(std::int64_t window) {
  for (; window_ < window; ++window_)
    write_window(window_);
  window_ = window;
}

void FlowLog::write_window(std::int64_t window) {
  if (opt_.header && !header_written_) {
    writer_.write_header();
    header_written_ = true;
  }
  // Records interleaved with NODATA lines in interface-id order.
  table_.close_window([this](const FlowLogKey& key,
                             const FlowLogTotals& totals) { writer_.write_record(key, totals); },
                      [this, window](std::uint32_t eni) {
                        if (opt_.only && eni != opt_.only->value()) return;
                        // A deleted NAT gateway's interface is gone with it: no more records.
                        const auto nat = now_->nat_of_eni(model::EniIndex(eni));
                        const bool gone =
                            nat.valid() && now_->nat_gateway(nat).state == model::NatState::deleted;
                        if (opt_.nodata && !gone) writer_.write_nodata(eni, window);
                      });
  writer_.write_out();
}

}  // namespace vpcsim::observe
