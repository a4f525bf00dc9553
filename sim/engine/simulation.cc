#include "sim/engine/simulation.h"

#include <algorithm>

#include <fmt/format.h>

#include <boost/unordered/unordered_flat_map.hpp>
#include "sim/engine/conversation_addresses.h"

namespace vpcsim::engine {

using model::EniIndex;
using model::FlowOutcome;
using net::SimTime;
using path::Packet;

namespace {

// What a conversation is doing; each step is one or more packets from one side.
enum class Step : std::uint8_t {
  syn,            // client: SYN
  synack,         // server: SYN-ACK
  handshake_ack,  // client: ACK, then the first request's segments
  request,        // client: request segments (UDP datagrams, ICMP echo request)
  response,       // server: response segments (UDP datagrams, ICMP echo reply)
  ack,            // client: ACKs for the response (one per two segments)
  fin_client,     // client: FIN-ACK
  fin_server,     // server: FIN-ACK
  last_ack,       // client: ACK of the server's FIN
  rst,            // client: RST-ACK
};

bool from_server(Step s) {
  return s == Step::synack || s == Step::response || s == Step::fin_server;
}

enum class Kind : std::uint8_t {
  start,          // a flow's next conversation starts (conv = spec index, aux = instance)
  arrive,         // a step's packets reached the other side
  retry,          // a dropped step's sender tries again
  give_up,        // a SYN's last timeout expired
  next_exchange,  // the gap between exchanges is over
  rst_arrive,     // a NAT gateway's RST reached the client
  change,         // a timeline change (aux = its index)
};

struct Event {
  std::uint32_t conv = 0;
  std::uint32_t aux = 0;  // conversation generation (stale-event check), instance or index
  Kind kind = Kind::start;
  Step step = Step::syn;
};

// Linux: tcp_retries2 = 15 retransmissions of data, RTO from 200 ms doubling to 120 s.
constexpr std::uint32_t kDataRetries = 15;
constexpr SimTime kMinRto = net::SimTime(std::chrono::milliseconds(200));
constexpr SimTime kMaxRto = net::SimTime(std::chrono::seconds(120));

SimTime data_rto(std::uint32_t retries) {
  SimTime rto = kMinRto;
  for (std::uint32_t i = 0; i < retries && rto < kMaxRto; ++i)
    rto = rto * 2;
  return std::min(rto, kMaxRto);
}

struct Conv {
  std::uint32_t spec = 0;
  std::uint32_t instance = 0;
  std::uint32_t generation = 0;
  bool active = false;
  bool client_internet = false;
  bool server_internet = false;
  bool reached = false;  // a packet reached the server: rev and server are known
  bool exempt = false;   // the server is the VPC resolver / metadata service
  bool established = false;
  std::uint8_t syn_attempt = 0;  // SYN retransmissions so far
  std::uint8_t retries = 0;      // retransmissions of the current step
  EniIndex client;
  EniIndex server;
  net::FiveTuple fwd;  // as the client sends
  net::FiveTuple rev;  // as the server sends
  std::uint32_t exchange = 0;
  std::uint32_t completed = 0;
  std::uint32_t response_segments = 0;
  SimTime start{};
  SimTime last_syn{};
  std::uint32_t syns_sent = 0;
  std::unique_ptr<FlowDrop> drop;  // the latest drop of this conversation
};

}  // namespace

class Simulation::Impl {
 public:
  Impl(const model::Scenario& sc, SimulationOptions opt)
      : sc_(sc),
        opt_(opt),
        state_(*sc.topology, opt.seed),
        path_(*sc.topology, state_, sc.traffic.latency, opt.record_hops),
        engine_(opt.seed) {
    topologies_.push_back(sc.topology);
    data_ = sc.topology->data();
    summaries_.resize(sc.traffic.flows.size());
    for (std::size_t i = 0; i < sc.traffic.flows.size(); ++i)
      summaries_[i].name = sc.traffic.flows[i].name;
  }

  void run() {
    // Room for every conversation up to a bound, so the table does not grow by copying.
    std::uint64_t total = 0;
    for (const auto& f : sc_.traffic.flows)
      total += f.repeat;
    convs_.reserve(static_cast<std::size_t>(std::min<std::uint64_t>(total, 1u << 17)));
    for (std::uint32_t i = 0; i < sc_.traffic.flows.size(); ++i)
      engine_.schedule_at(sc_.traffic.flows[i].start, Event{i, 0, Kind::start, Step::syn});
    for (std::uint32_t i = 0; i < sc_.timeline.size(); ++i)
      engine_.schedule_at(sc_.timeline[i].at, Event{0, i, Kind::change, Step::syn});
    stats_.events += engine_.run(
        [this](core::Engine<Event>&, SimTime now, Event& e) { handle(now, e); }, opt_.until);
    // Cut short by `until` (events still due): the run covers the time up to `until`.
    end_ = engine_.pending() > 0 ? opt_.until : engine_.now();
    for (auto& c : convs_) {
      if (!c.active) continue;
      auto r = result_of(c, c.established ? FlowOutcome::established : FlowOutcome::blocked);
      r.finished = false;
      r.end = end_;
      publish_end(r);
    }
    for (auto* o : observers_)
      o->on_finish(end_);
  }

  const model::Scenario& sc_;
  SimulationOptions opt_;
  std::vector<std::shared_ptr<const model::Topology>> topologies_;
  model::TopologyData data_;
  path::PathState state_;
  path::PacketPath path_;
  core::Engine<Event> engine_;
  std::vector<Observer*> observers_;
  std::vector<FlowSummary> summaries_;
  RunStats stats_;
  std::vector<std::string> warnings_;
  SimTime end_{};

 private:
  std::vector<Conv> convs_;
  std::vector<std::uint32_t> free_;
  std::uint64_t active_ = 0;
  // Open conversations by their first tuple (how many share it), so that new ones pick
  // source ports that are free.
  boost::unordered_flat_map<net::FiveTuple, std::uint32_t, std::hash<net::FiveTuple>> in_use_;
  path::PathResult res_;

  const model::Topology& topo() const { return *topologies_.back(); }
  const model::FlowSpec& spec(const Conv& c) const { return sc_.traffic.flows[c.spec]; }
  bool is_tcp(const Conv& c) const { return spec(c).protocol == 6; }

  void handle(SimTime now, const Event& e) {
    if (e.kind == Kind::start) return start(now, e.conv, e.aux);
    if (e.kind == Kind::change) return change(now, e.aux);
    Conv& c = convs_[e.conv];
    if (!c.active || c.generation != e.aux) return;  // the conversation is over
    switch (e.kind) {
      case Kind::arrive:
        return arrive(now, c, e.step);
      case Kind::retry:
        ++c.retries;
        return go(now, c, e.step);
      case Kind::give_up:
        return finish(now, c, c.established ? FlowOutcome::interrupted : FlowOutcome::blocked);
      case Kind::next_exchange:
        return begin_exchange(now, c);
      case Kind::rst_arrive:
        return finish(now, c, FlowOutcome::reset);
      default:
        return;
    }
  }

  void schedule(SimTime at, const Conv& c, Kind k, Step s) {
    engine_.schedule_at(at, Event{index_of(c), c.generation, k, s});
  }
  std::uint32_t index_of(const Conv& c) const {
    return static_cast<std::uint32_t>(&c - convs_.data());
  }

  // ---- conversations ------------------------------------------------------------------

  void start(SimTime now, std::uint32_t spec_index, std::uint32_t instance) {
    const auto& f = sc_.traffic.flows[spec_index];
    if (instance + 1 < f.repeat) {
      engine_.schedule_at(now + f.every, Event{spec_index, instance + 1, Kind::start, Step::syn});
    }
    std::uint32_t slot;
    if (!free_.empty()) {
      slot = free_.back();
      free_.pop_back();
    } else {
      slot = static_cast<std::uint32_t>(convs_.size());
      convs_.emplace_back();
    }
    Conv& c = convs_[slot];
    const auto generation = c.generation + 1;
    c = Conv{};
    c.generation = generation;
    c.active = true;
    c.spec = spec_index;
    c.instance = instance;
    c.start = now;
    c.client = f.from.eni;
    c.client_internet = f.from.is_internet();
    c.fwd = first_tuple(f);
    ++in_use_.try_emplace(c.fwd, 0).first->second;
    ++stats_.conversations;
    ++active_;
    stats_.peak_active = std::max(stats_.peak_active, active_);
    if (f.protocol == 6) {
      send(now, c, Step::syn);
    } else {
      begin_exchange(now, c);
    }
  }

  // The 5-tuple of the client's first packet (conversation_addresses.h), with a source
  // port from the client's ephemeral range
  // (https://docs.aws.amazon.com/vpc/latest/userguide/nacl-ephemeral-ports.html).
  net::FiveTuple first_tuple(const model::FlowSpec& f) {
    const auto addresses = conversation_addresses(topo(), f.from, f.to, f.protocol);
    net::FiveTuple tuple;
    tuple.protocol = f.protocol;
    tuple.src = addresses.client;
    tuple.dst = addresses.server;
    if (f.protocol == 6 || f.protocol == 17) {
      const auto range = client_ports(topo(), f.from);
      tuple.dst_port = f.port;
      if (f.source_port) {
        tuple.src_port = *f.source_port;  // as the scenario says, even if already in use
      } else {
        free_port(tuple, range.from(), range.to(), false);
      }
    } else {
      // ICMP echo: the identifier stands in both port fields (path::Packet).
      free_port(tuple, 0, 65535, true);
    }
    return tuple;
  }

  // Draws the source port (ICMP: the echo identifier) at random from [lo, hi], skipping
  // ports of the client's conversations still open to the same destination, as a kernel
  // does; when every port is taken the last draw is shared.
  void free_port(net::FiveTuple& tuple, std::uint16_t lo, std::uint16_t hi, bool icmp_id) {
    const auto set = [&](std::uint64_t port) {
      tuple.src_port = static_cast<std::uint16_t>(port);
      if (icmp_id) tuple.dst_port = tuple.src_port;
    };
    for (int attempt = 0; attempt < 16; ++attempt) {
      set(engine_.rng().between(lo, hi));
      if (!in_use_.contains(tuple)) return;
    }
    const std::uint64_t span = std::uint64_t{hi} - lo + 1;
    const std::uint64_t first = tuple.src_port - lo;
    for (std::uint64_t k = 1; k < span; ++k) {
      set(lo + (first + k) % span);
      if (!in_use_.contains(tuple)) return;
    }
    set(lo + first);
  }

  void begin_exchange(SimTime now, Conv& c) {
    const auto& f = spec(c);
    if (is_tcp(c) && f.request_bytes == 0) return go(now, c, Step::response);
    send(now, c, Step::request);
  }

  void after_exchange(SimTime now, Conv& c, bool ok) {
    const auto& f = spec(c);
    if (ok) ++c.completed;
    ++c.exchange;
    c.retries = 0;
    if (c.exchange < f.exchanges)
      return schedule(now + f.gap, c, Kind::next_exchange, Step::request);
    if (!is_tcp(c)) {
      const auto o = c.completed == f.exchanges ? FlowOutcome::established
                     : c.completed == 0         ? FlowOutcome::blocked
                                                : FlowOutcome::interrupted;
      return finish(now, c, o);
    }
    switch (f.close) {
      case model::CloseKind::fin:
        return go(now, c, Step::fin_client);
      case model::CloseKind::rst:
        send(now, c, Step::rst);
        return finish(now, c, FlowOutcome::established);
      case model::CloseKind::none:
        return finish(now, c, FlowOutcome::established);
    }
  }

  // A step's packets all reached the other side: the receiver answers.
  void arrive(SimTime now, Conv& c, Step s) {
    c.retries = 0;
    switch (s) {
      case Step::syn:
        return go(now, c, Step::synack);
      case Step::synack:
        c.established = true;
        return go(now, c, Step::handshake_ack);
      case Step::handshake_ack:
      case Step::request:
        if (spec(c).response_bytes == 0 && is_tcp(c)) return after_exchange(now, c, true);
        return go(now, c, Step::response);
      case Step::response:
        if (!is_tcp(c)) return after_exchange(now, c, true);
        if (send(now, c, Step::ack)) after_exchange(now, c, true);
        return;
      case Step::fin_client:
        return go(now, c, Step::fin_server);
      case Step::fin_server:
        if (send(now, c, Step::last_ack)) finish(now, c, FlowOutcome::established);
        return;
      default:
        return;
    }
  }

  // A step was dropped: who tries again, when, and when they give up.
  void dropped(SimTime now, Conv& c, Step s) {
    const auto& f = spec(c);
    if (!is_tcp(c)) return after_exchange(now, c, false);  // UDP, ping: no retransmission
    if (s == Step::rst) return;
    if (s == Step::syn || s == Step::synack) {
      // The client's SYN timer: 1 s, then doubling (Linux), tcp_syn_retries retransmissions;
      // after the last one it waits one more timeout before giving up.
      const auto timeout = net::SimTime(std::chrono::seconds(std::int64_t{1} << c.syn_attempt));
      if (c.syn_attempt >= f.syn_retries)
        return schedule(c.last_syn + timeout, c, Kind::give_up, s);
      ++c.syn_attempt;
      return schedule(c.last_syn + timeout, c, Kind::retry, Step::syn);
    }
    // Data: the sender retransmits. A lost ACK makes the server resend its response, a
    // lost last ACK its FIN.
    const Step again = s == Step::ack ? Step::response : s == Step::last_ack ? Step::fin_server : s;
    if (c.retries >= kDataRetries) return schedule(now + data_rto(c.retries), c, Kind::give_up, s);
    schedule(now + data_rto(c.retries), c, Kind::retry, again);
  }

  // ---- packets --------------------------------------------------------------------------

  void go(SimTime now, Conv& c, Step s) { send(now, c, s); }

  // Sends every packet of step `s`; true when all were delivered.
  bool send(SimTime now, Conv& c, Step s) {
    const auto& f = spec(c);
    const bool server = from_server(s);
    if (server && !c.reached) return false;  // nothing reached the server yet
    const auto& tuple = server ? c.rev : c.fwd;
    const bool v6 = tuple.src.is_v6();
    const std::uint32_t ip = v6 ? 40 : 20;
    Packet p;
    p.tuple = tuple;
    bool ok = true;
    SimTime arrival{};
    const auto emit = [&](std::uint8_t flags, std::uint32_t bytes) {
      p.tcp_flags = flags;
      p.bytes = bytes;
      SimTime latency{};
      if (!walk(now, c, s, p, server, latency)) ok = false;
      arrival = std::max(arrival, latency);
    };
    const auto segments = [&](std::uint32_t payload, std::uint32_t header, std::uint8_t flags,
                              std::uint8_t last_flags) {
      const std::uint32_t mss = sc_.traffic.mss;
      std::uint32_t n = payload == 0 ? 0 : (payload + mss - 1) / mss;
      for (std::uint32_t i = 0; i < n; ++i) {
        const std::uint32_t len = std::min(mss, payload - i * mss);
        emit(i + 1 == n ? last_flags : flags, header + len);
      }
      return n;
    };
    using namespace path::tcp;
    const std::uint32_t tcp_header = ip + 20;
    switch (f.protocol) {
      case 6:
        switch (s) {
          case Step::syn:
            c.last_syn = now;
            ++c.syns_sent;
            emit(kSyn, tcp_header);
            break;
          case Step::synack:
            emit(kSyn | kAck, tcp_header);
            break;
          case Step::handshake_ack:
            emit(kAck, tcp_header);
            segments(f.request_bytes, tcp_header, kAck, kAck | kPsh);
            break;
          case Step::request:
            segments(f.request_bytes, tcp_header, kAck, kAck | kPsh);
            break;
          case Step::response:
            c.response_segments = segments(f.response_bytes, tcp_header, kAck, kAck | kPsh);
            break;
          case Step::ack:
            for (std::uint32_t i = 0; i < std::max(1u, (c.response_segments + 1) / 2); ++i)
              emit(kAck, tcp_header);
            break;
          case Step::fin_client:
          case Step::fin_server:
            emit(kFin | kAck, tcp_header);
            break;
          case Step::last_ack:
            emit(kAck, tcp_header);
            break;
          case Step::rst:
            emit(kRst | kAck, tcp_header);
            break;
        }
        break;
      case 17: {
        const std::uint32_t payload = server ? f.response_bytes : f.request_bytes;
        if (segments(payload, ip + 8, 0, 0) == 0) emit(0, ip + 8);
        break;
      }
      default: {
        // ICMP echo (ping's default 56 data bytes): request type 8 / 128, reply 0 / 129.
        const bool icmp6 = f.protocol == 58;
        p.icmp_type = server ? (icmp6 ? 129 : 0) : (icmp6 ? 128 : 8);
        p.icmp_code = 0;
        emit(0, ip + 8 + 56);
        break;
      }
    }
    if (!c.active) return false;  // an RST ended it meanwhile
    if (!ok) {
      dropped(now, c, s);
      return false;
    }
    if (s != Step::ack && s != Step::last_ack && s != Step::rst)
      schedule(now + arrival, c, Kind::arrive, s);
    return true;
  }

  // One packet through the path; true when delivered.
  bool walk(SimTime now, Conv& c, Step s, const Packet& p, bool server, SimTime& latency) {
    const bool internet = server ? c.server_internet : c.client_internet;
    ++stats_.packets;
    if (server && c.exempt) {
      // The VPC resolver / metadata service answers; nothing is filtered or logged
      // (https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs.html).
      res_.clear();
      res_.delivered = res_.exempt = true;
      res_.delivered_packet = p;
    } else if (internet) {
      path_.from_internet(p, now, res_);
    } else {
      path_.from_eni(server ? c.server : c.client, p, now, res_);
    }
    for (auto* o : observers_)
      o->on_packet(
          PacketEvent{now, spec(c), c.instance, p, internet, server ? c.server : c.client, res_});
    latency = res_.latency;
    if (res_.exempt) ++stats_.exempt;
    if (res_.delivered) {
      ++stats_.delivered;
      if (!server && (!c.reached || s == Step::syn || s == Step::request)) learn_server(c);
      return true;
    }
    ++stats_.dropped;
    ++stats_.drops_by_reason[static_cast<std::size_t>(res_.reason)];
    if (!c.drop) c.drop = std::make_unique<FlowDrop>();
    *c.drop = FlowDrop{now, p, res_.reason, res_.resource, res_.rule};
    if (res_.nat_rst) nat_reset(now, c, *res_.nat_rst, res_.nat_rst_from);
    return false;
  }

  // The server side of the conversation: who received the client's packet, and the
  // addresses its replies carry (after any NAT on the way).
  void learn_server(Conv& c) {
    c.reached = true;
    c.exempt = res_.exempt;
    c.server = res_.destination;
    c.server_internet = !res_.destination.valid() && !res_.exempt;
    c.rev = res_.delivered_packet.tuple.reversed();
  }

  // The NAT gateway answers a packet on a timed-out connection with an RST to the inside
  // host (https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-troubleshooting.html),
  // which travels back through its subnet's NACL to the client.
  void nat_reset(SimTime now, Conv& c, const Packet& rst, EniIndex from) {
    path::PathResult r;
    path_.from_eni(from, rst, now, r);
    ++stats_.packets;
    for (auto* o : observers_)
      o->on_packet(PacketEvent{now, spec(c), c.instance, rst, false, from, r});
    if (r.delivered) {
      ++stats_.delivered;
      schedule(now + r.latency, c, Kind::rst_arrive, Step::rst);
    } else {
      ++stats_.dropped;
      ++stats_.drops_by_reason[static_cast<std::size_t>(r.reason)];
    }
  }

  // ---- ends -----------------------------------------------------------------------------

  FlowResult result_of(const Conv& c, FlowOutcome o) const {
    FlowResult r;
    r.spec = c.spec;
    r.instance = c.instance;
    r.outcome = o;
    r.start = c.start;
    r.tuple = c.fwd;
    r.exchanges_completed = c.completed;
    r.attempts = c.syns_sent;
    if (o != FlowOutcome::established && c.drop) r.drop = *c.drop;
    return r;
  }

  void finish(SimTime now, Conv& c, FlowOutcome o) {
    auto r = result_of(c, o);
    r.end = now;
    publish_end(r);
    c.active = false;
    --active_;
    // A connection left open (`close: none`) keeps its port for the rest of the run.
    const bool left_open =
        is_tcp(c) && spec(c).close == model::CloseKind::none && o == FlowOutcome::established;
    if (auto n = in_use_.find(c.fwd); n != in_use_.end() && !left_open && --n->second == 0)
      in_use_.erase(n);
    c.drop.reset();
    free_.push_back(index_of(c));
  }

  void publish_end(const FlowResult& r) {
    auto& s = summaries_[r.spec];
    if (r.finished)
      ++s.outcomes[static_cast<std::size_t>(r.outcome)];
    else
      ++s.unfinished;
    if (!s.first) s.first = r;
    if (!s.first_failure && (!r.finished || r.outcome != FlowOutcome::established))
      s.first_failure = r;
    for (auto* o : observers_)
      o->on_flow_end(sc_.traffic.flows[r.spec], r);
  }

  // ---- timeline -------------------------------------------------------------------------

  void change(SimTime now, std::uint32_t index) {
    const auto& ch = sc_.timeline[index];
    auto next = data_;
    auto refused = model::apply_change(next, ch);
    if (refused.empty()) {
      data_ = std::move(next);
      topologies_.push_back(std::make_shared<const model::Topology>(data_));
      path_.set_topology(*topologies_.back());
      ++stats_.changes;
    } else {
      warnings_.push_back(fmt::format("{}: {} at {}: {}", ch.pointer,
                                      model::change_kind_name(ch.kind), now, refused));
    }
    for (auto* o : observers_)
      o->on_change(ChangeEvent{now, ch, topo(), refused});
  }
};

Simulation::Simulation(const model::Scenario& scenario, SimulationOptions options)
    : impl_(std::make_unique<Impl>(scenario, options)) {}
Simulation::~Simulation() = default;

void Simulation::add_observer(Observer& o) {
  impl_->observers_.push_back(&o);
}
void Simulation::run() {
  impl_->run();
}
const std::vector<FlowSummary>& Simulation::flows() const {
  return impl_->summaries_;
}
const RunStats& Simulation::stats() const {
  return impl_->stats_;
}
SimTime Simulation::end_time() const {
  return impl_->end_;
}
const std::vector<std::string>& Simulation::warnings() const {
  return impl_->warnings_;
}
const model::Topology& Simulation::topology() const {
  return *impl_->topologies_.back();
}
std::size_t Simulation::tracked_connections() const {
  return impl_->state_.conntrack.size();
}

}  // namespace vpcsim::engine
