#include "tools/fuzz/harness.h"

#include <sys/mman.h>
#include <unistd.h>

#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "sim/engine/replay.h"
#include "sim/observe/flow_log.h"
#include "topology/load/aws/aws_import.h"
#include "topology/load/endpoint_resolver.h"
#include "topology/load/flow_log_format_reader.h"
#include "topology/load/json_source.h"
#include "topology/load/pcap_reader.h"
#include "topology/load/scenario_loader.h"

namespace vpcsim::fuzz {
namespace {

std::string text_of(const std::uint8_t* data, std::size_t size) {
  return std::string(reinterpret_cast<const char*>(data), size);
}

// The bundled default design, loaded once per process.
const model::Scenario& three_tier() {
  static const model::Scenario sc = [] {
    auto r = load::load_scenario(VPCSIM_SOURCE_DIR "/scenarios/three-tier/scenario.json");
    if (!r.scenario) std::abort();  // the harness's own input is broken: not a finding
    return std::move(*r.scenario);
  }();
  return sc;
}

// The bytes as a file that libpcap can open: an in-memory file, closed when done.
class MemoryFile {
 public:
  MemoryFile(const std::uint8_t* data, std::size_t size)
      : fd_(::memfd_create("vpcsim-fuzz", MFD_CLOEXEC)) {
    if (fd_ < 0) return;
    std::size_t done = 0;
    while (done < size) {
      const auto n = ::write(fd_, data + done, size - done);
      if (n <= 0) break;
      done += static_cast<std::size_t>(n);
    }
  }
  ~MemoryFile() {
    if (fd_ >= 0) ::close(fd_);
  }
  MemoryFile(const MemoryFile&) = delete;
  MemoryFile& operator=(const MemoryFile&) = delete;
  std::string path() const { return "/proc/self/fd/" + std::to_string(fd_); }
  bool ok() const { return fd_ >= 0; }

 private:
  int fd_;
};

}  // namespace

void scenario_loader(const std::uint8_t* data, std::size_t size) {
  (void)load::load_scenario_text(text_of(data, size), "fuzz.json");
}

void aws_snapshot(const std::uint8_t* data, std::size_t size) {
  std::vector<load::LoadError> errors;
  auto doc = load::parse_json(text_of(data, size), "fuzz.json", errors);
  if (!doc) return;
  auto snapshot = std::make_unique<load::aws::Snapshot>(
      load::aws::read_snapshot_document("111122223333/us-east-1/fuzz.json", std::move(*doc)));
  (void)load::aws::load_aws_topology(std::move(snapshot), {});
}

void flow_log_format(const std::uint8_t* data, std::size_t size) {
  std::string why;
  (void)load::parse_flow_log_format(text_of(data, size), why);
}

void endpoint_resolver(const std::uint8_t* data, std::size_t size) {
  (void)load::resolve_endpoint(*three_tier().topology, text_of(data, size));
}

void pcap_reader(const std::uint8_t* data, std::size_t size) {
  const MemoryFile file(data, size);
  if (!file.ok()) return;
  load::PcapReader reader;
  if (reader.open(file.path())) return;
  net::CapturedPacket p;
  while (true) {
    const auto r = reader.next(p);
    if (r == load::PcapReader::Result::end || r == load::PcapReader::Result::error) break;
  }
}

void replay(const std::uint8_t* data, std::size_t size) {
  const MemoryFile file(data, size);
  if (!file.ok()) return;
  load::PcapReader reader;
  if (reader.open(file.path())) return;
  const auto& sc = three_tier();
  engine::ReplayOptions ro;
  ro.seed = sc.seed;
  engine::Replay replay(*sc.topology, ro);
  std::ostringstream log;
  observe::FlowLogOptions fl;
  // A few NODATA windows per idle gap, not the 1,440 a user gets: mutated timestamps spread
  // records over years, and writing every interface's idle windows made each input cost
  // ~15 ms (228 executions/s). The same code runs, a few times instead of thousands.
  fl.nodata_gap_limit = 3;
  observe::FlowLog flow_log(*sc.topology, fl, log);
  replay.add_observer(flow_log);
  std::vector<net::CapturedPacket> batch;
  std::optional<std::int64_t> origin;
  std::uint64_t records = 0, skipped = 0;
  while (true) {
    batch.clear();
    const auto r = reader.read(256, batch, records, skipped);
    if (!batch.empty()) {
      if (!origin) origin = batch.front().time.count();
      replay.packets(batch, *origin);
    }
    if (r == load::PcapReader::Result::end || r == load::PcapReader::Result::error) break;
  }
  replay.finish();
}

}  // namespace vpcsim::fuzz
