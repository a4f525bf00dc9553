#include "sim/engine/conversation.h"

#include <algorithm>

#include "sim/engine/tcp_timers.h"

namespace vpcsim::engine {

using model::EniIndex;
using model::FlowOutcome;
using net::Protocol;
using net::SimTime;
using path::Packet;

namespace {

// ICMP echo types (ICMPv6: RFC 4443).
constexpr std::uint8_t kEchoReply = 0;
constexpr std::uint8_t kEchoRequest = 8;
constexpr std::uint8_t kEchoRequestV6 = 128;
constexpr std::uint8_t kEchoReplyV6 = 129;
constexpr std::uint32_t kPingData = 56;  // ping's default data bytes

bool from_server(Step s) {
  return s == Step::synack || s == Step::response || s == Step::fin_server;
}

}  // namespace

Conversations::Conversations(const model::Scenario& sc, core::Engine<SimulationEvent>& engine,
                             path::PacketPath& path, const ObserverList& observers, RunStats& stats)
    : sc_(sc), engine_(engine), path_(path), observers_(observers), stats_(stats) {
  summaries_.resize(sc.traffic.flows.size());
  for (std::size_t i = 0; i < sc.traffic.flows.size(); ++i)
    summaries_[i].name = sc.traffic.flows[i].name;
}

void Conversations::reserve() {
  std::uint64_t total = 0;
  for (const auto& f : sc_.traffic.flows)
    total += f.repeat;
  convs_.reserve(static_cast<std::size_t>(std::min<std::uint64_t>(total, 1u << 17)));
}

void Conversations::handle(SimTime now, const SimulationEvent& e) {
  Conv& c = convs_[e.conv];
  if (!c.active || c.generation != e.aux) return;  // the conversation is over
  switch (e.kind) {
    case EventKind::arrive:
      return arrive(now, c, e.step);
    case EventKind::retry:
      ++c.retries;
      send(now, c, e.step);
      return;
    case EventKind::give_up:
      return finish(now, c, c.established ? FlowOutcome::interrupted : FlowOutcome::blocked);
    case EventKind::next_exchange:
      return begin_exchange(now, c);
    case EventKind::rst_arrive:
      return finish(now, c, FlowOutcome::reset);
    default:
      return;
  }
}

void Conversations::schedule(SimTime at, const Conv& c, EventKind k, Step s) {
  engine_.schedule_at(at, SimulationEvent{index_of(c), c.generation, k, s});
}

void Conversations::start(SimTime now, std::uint32_t spec_index, std::uint32_t instance) {
  const auto& f = sc_.traffic.flows[spec_index];
  if (instance + 1 < f.repeat) {
    engine_.schedule_at(now + f.every,
                        SimulationEvent{spec_index, instance + 1, EventKind::start, Step::syn});
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
  c.fwd = ports_.open(path_.topology(), f, engine_.rng());  // the topology as it is now
  ++stats_.conversations;
  ++active_;
  stats_.peak_active = std::max(stats_.peak_active, active_);
  if (f.protocol == Protocol::tcp()) {
    send(now, c, Step::syn);
  } else {
    begin_exchange(now, c);
  }
}

// ---- the step machine -----------------------------------------------------------------

void Conversations::begin_exchange(SimTime now, Conv& c) {
  // A TCP exchange without a request is the server's response alone.
  send(now, c, is_tcp(c) && spec(c).request_bytes == 0 ? Step::response : Step::request);
}

void Conversations::after_exchange(SimTime now, Conv& c, bool ok) {
  const auto& f = spec(c);
  if (ok) ++c.completed;
  ++c.exchange;
  c.retries = 0;
  if (c.exchange < f.exchanges)
    return schedule(now + f.gap, c, EventKind::next_exchange, Step::request);
  if (!is_tcp(c)) {
    const auto o = c.completed == f.exchanges ? FlowOutcome::established
                   : c.completed == 0         ? FlowOutcome::blocked
                                              : FlowOutcome::interrupted;
    return finish(now, c, o);
  }
  switch (f.close) {
    case model::CloseKind::fin:
      send(now, c, Step::fin_client);
      return;
    case model::CloseKind::rst:
      send(now, c, Step::rst);
      return finish(now, c, FlowOutcome::established);
    case model::CloseKind::none:
      return finish(now, c, FlowOutcome::established);
  }
}

// A step's packets all reached the other side: the receiver answers.
void Conversations::arrive(SimTime now, Conv& c, Step s) {
  c.retries = 0;
  switch (s) {
    case Step::syn:
      send(now, c, Step::synack);
      return;
    case Step::synack:
      c.established = true;
      send(now, c, Step::handshake_ack);
      return;
    case Step::handshake_ack:
    case Step::request:
      if (spec(c).response_bytes == 0 && is_tcp(c)) return after_exchange(now, c, true);
      send(now, c, Step::response);
      return;
    case Step::response:
      if (!is_tcp(c)) return after_exchange(now, c, true);
      if (send(now, c, Step::ack)) after_exchange(now, c, true);
      return;
    case Step::fin_client:
      send(now, c, Step::fin_server);
      return;
    case Step::fin_server:
      if (send(now, c, Step::last_ack)) finish(now, c, FlowOutcome::established);
      return;
    default:
      return;
  }
}

// A step was dropped: who tries again, when, and when they give up.
void Conversations::dropped(SimTime now, Conv& c, Step s) {
  const auto& f = spec(c);
  if (!is_tcp(c)) return after_exchange(now, c, false);  // UDP, ping: no retransmission
  if (s == Step::rst) return;
  if (s == Step::syn || s == Step::synack) {
    // The client's SYN timer; after its last retransmission, one more timeout to give up.
    const auto timeout = tcp_timers::syn_timeout(c.syn_attempt);
    if (c.syn_attempt >= f.syn_retries)
      return schedule(c.last_syn + timeout, c, EventKind::give_up, s);
    ++c.syn_attempt;
    return schedule(c.last_syn + timeout, c, EventKind::retry, Step::syn);
  }
  // Data: the sender retransmits. A lost ACK makes the server resend its response, a lost
  // last ACK its FIN.
  const Step again = s == Step::ack ? Step::response : s == Step::last_ack ? Step::fin_server : s;
  if (c.retries >= tcp_timers::kDataRetries)
    return schedule(now + tcp_timers::data_rto(c.retries), c, EventKind::give_up, s);
  schedule(now + tcp_timers::data_rto(c.retries), c, EventKind::retry, again);
}

// ---- packets --------------------------------------------------------------------------

// Sends every packet of step `s`; true when all were delivered. Their arrival is scheduled
// (but for the client's ACKs and RST, which nobody answers); a drop is handled at once.
bool Conversations::send(SimTime now, Conv& c, Step s) {
  const bool server = from_server(s);
  if (server && !c.reached) return false;  // nothing reached the server yet
  const auto& tuple = server ? c.rev : c.fwd;
  Burst b{now, c, s, server, tuple.src.is_v6() ? 40u : 20u};
  b.packet.tuple = tuple;
  switch (spec(c).protocol.number()) {
    case Protocol::kTcp:
      send_tcp(b);
      break;
    case Protocol::kUdp:
      send_udp(b);
      break;
    default:
      send_echo(b);
      break;
  }
  if (!c.active) return false;  // an RST ended it meanwhile
  if (!b.delivered) {
    dropped(now, c, s);
    return false;
  }
  if (s != Step::ack && s != Step::last_ack && s != Step::rst)
    schedule(now + b.arrival, c, EventKind::arrive, s);
  return true;
}

void Conversations::send_tcp(Burst& b) {
  using namespace path::tcp;
  const auto& f = spec(b.c);
  const std::uint32_t header = b.ip + 20;
  switch (b.step) {
    case Step::syn:
      b.c.last_syn = b.now;
      ++b.c.syns_sent;
      emit(b, kSyn, header);
      break;
    case Step::synack:
      emit(b, kSyn | kAck, header);
      break;
    case Step::handshake_ack:
      emit(b, kAck, header);
      segments(b, f.request_bytes, header, kAck, kAck | kPsh);
      break;
    case Step::request:
      segments(b, f.request_bytes, header, kAck, kAck | kPsh);
      break;
    case Step::response:
      b.c.response_segments = segments(b, f.response_bytes, header, kAck, kAck | kPsh);
      break;
    case Step::ack:
      for (std::uint32_t i = 0; i < std::max(1u, (b.c.response_segments + 1) / 2); ++i)
        emit(b, kAck, header);
      break;
    case Step::fin_client:
    case Step::fin_server:
      emit(b, kFin | kAck, header);
      break;
    case Step::last_ack:
      emit(b, kAck, header);
      break;
    case Step::rst:
      emit(b, kRst | kAck, header);
      break;
  }
}

// Request or response datagrams; an empty payload is one empty datagram.
void Conversations::send_udp(Burst& b) {
  const auto& f = spec(b.c);
  const std::uint32_t payload = b.server ? f.response_bytes : f.request_bytes;
  if (segments(b, payload, b.ip + 8, 0, 0) == 0) emit(b, 0, b.ip + 8);
}

// ICMP echo request (client) or reply (server).
void Conversations::send_echo(Burst& b) {
  const bool icmp6 = spec(b.c).protocol == Protocol::icmpv6();
  b.packet.icmp_type =
      b.server ? (icmp6 ? kEchoReplyV6 : kEchoReply) : (icmp6 ? kEchoRequestV6 : kEchoRequest);
  b.packet.icmp_code = 0;
  emit(b, 0, b.ip + 8 + kPingData);
}

// `payload` bytes in segments of at most the MSS, each with `header` bytes of headers and
// `flags`, the last with `last_flags`; how many were sent.
std::uint32_t Conversations::segments(Burst& b, std::uint32_t payload, std::uint32_t header,
                                      std::uint8_t flags, std::uint8_t last_flags) {
  const std::uint32_t mss = sc_.traffic.mss;
  std::uint32_t n = payload == 0 ? 0 : (payload + mss - 1) / mss;
  for (std::uint32_t i = 0; i < n; ++i) {
    const std::uint32_t len = std::min(mss, payload - i * mss);
    emit(b, i + 1 == n ? last_flags : flags, header + len);
  }
  return n;
}

// One packet of the burst, with these TCP flags and IP length.
void Conversations::emit(Burst& b, std::uint8_t flags, std::uint32_t bytes) {
  b.packet.tcp_flags = flags;
  b.packet.bytes = bytes;
  SimTime latency{};
  if (!walk(b, latency)) b.delivered = false;
  b.arrival = std::max(b.arrival, latency);
}

// The burst's current packet through the path; true when delivered.
bool Conversations::walk(const Burst& b, SimTime& latency) {
  Conv& c = b.c;
  const bool internet = b.server ? c.server_internet : c.client_internet;
  const EniIndex from = b.server ? c.server : c.client;
  ++stats_.packets;
  if (b.server && c.exempt) {
    // The VPC resolver / metadata service answers; nothing is filtered or logged
    // (https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs.html).
    res_.clear();
    res_.delivered = res_.exempt = true;
    res_.delivered_packet = b.packet;
  } else if (internet) {
    path_.from_internet(b.packet, b.now, res_);
  } else {
    path_.from_eni(from, b.packet, b.now, res_);
  }
  latency = res_.latency;
  if (observers_.packet(PacketEvent{b.now, spec(c), c.instance, b.packet, internet, from, res_},
                        stats_)) {
    if (!b.server && (!c.reached || b.step == Step::syn || b.step == Step::request))
      learn_server(c);
    return true;
  }
  if (!c.drop) c.drop = std::make_unique<FlowDrop>();
  *c.drop = FlowDrop{b.now, b.packet, res_.verdict};
  if (res_.nat_rst) nat_reset(b.now, c, *res_.nat_rst, res_.nat_rst_from);
  return false;
}

// The server side of the conversation: who received the client's packet, and the addresses
// its replies carry (after any NAT on the way).
void Conversations::learn_server(Conv& c) {
  c.reached = true;
  c.exempt = res_.exempt;
  c.server = res_.destination;
  c.server_internet = !res_.destination.valid() && !res_.exempt;
  c.rev = res_.delivered_packet.tuple.reversed();
}

// The NAT gateway answers a packet on a timed-out connection with an RST to the inside host
// (https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-troubleshooting.html), which
// travels back through its subnet's NACL to the client.
void Conversations::nat_reset(SimTime now, Conv& c, const Packet& rst, EniIndex from) {
  path::PathResult r;
  path_.from_eni(from, rst, now, r);
  ++stats_.packets;
  if (observers_.packet(PacketEvent{now, spec(c), c.instance, rst, false, from, r}, stats_))
    schedule(now + r.latency, c, EventKind::rst_arrive, Step::rst);
}

// ---- ends -----------------------------------------------------------------------------

FlowResult Conversations::result_of(const Conv& c, FlowOutcome o) const {
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

void Conversations::finish(SimTime now, Conv& c, FlowOutcome o) {
  auto r = result_of(c, o);
  r.end = now;
  publish_end(r);
  c.active = false;
  --active_;
  // A connection left open (`close: none`) keeps its port for the rest of the run.
  const bool left_open =
      is_tcp(c) && spec(c).close == model::CloseKind::none && o == FlowOutcome::established;
  if (!left_open) ports_.release(c.fwd);
  c.drop.reset();
  free_.push_back(index_of(c));
}

void Conversations::end_open(SimTime end) {
  for (auto& c : convs_) {
    if (!c.active) continue;
    auto r = result_of(c, c.established ? FlowOutcome::established : FlowOutcome::blocked);
    r.finished = false;
    r.end = end;
    publish_end(r);
  }
}

void Conversations::publish_end(const FlowResult& r) {
  summaries_[r.spec].add(r);
  observers_.flow_end(sc_.traffic.flows[r.spec], r);
}

}  // namespace vpcsim::engine
