#pragma once
// CaptureStream: reads a list of capture files (PcapReader) in order and hands out their
// packets in batches. With `threaded`, a second thread reads and decodes ahead of the
// consumer (at most a few batches ahead, so memory stays flat however long the capture), and
// the consumer's work on one batch overlaps the decoding of the next: libpcap's reading and
// the decoding are about a third of what a replay costs. Without it, next() reads the batch
// itself. Both give the same batches.
//
// A batch holds up to `batch_size` packets of one file, in record order. The last batch of a
// file says how the file ended: cleanly, or with an error (the file could not be opened, or a
// damaged record: the packets before it are in this batch and the ones before). The stream
// then goes on with the next file; the consumer decides whether to stop.

#include <array>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "topology/load/captured_packet.h"
#include "topology/load/load_error.h"
#include "topology/load/pcap_reader.h"

namespace vpcsim::load {

struct CaptureBatch {
  std::size_t file = 0;                 // index into the stream's paths
  std::vector<CapturedPacket> packets;  // ip_bytes is empty: the reader's buffer is gone
  std::uint64_t records = 0;            // records read for this batch (packets and skipped)
  std::uint64_t skipped = 0;            // records that were not a usable IP packet
  // The file's last batch: how it ended.
  bool file_end = false;
  bool open_failed = false;        // the file could not be opened (no packets from it)
  std::optional<LoadError> error;  // opening it or a damaged record (then the file stops)
  std::array<std::uint64_t, kPcapAnomalyKinds> anomalies{};  // the file's counts by kind
};

class CaptureStream {
 public:
  CaptureStream(std::vector<std::string> paths, bool threaded, std::size_t batch_size = 1024);
  ~CaptureStream();  // stops the reading thread, if any
  CaptureStream(const CaptureStream&) = delete;
  CaptureStream& operator=(const CaptureStream&) = delete;

  // The next batch, in file and record order; false when every file has been read. `out`'s
  // storage is recycled: pass the same batch each time.
  bool next(CaptureBatch& out);

 private:
  bool produce(CaptureBatch& b);  // reads the next batch; false at the end of the last file
  void run();                     // the reading thread

  std::vector<std::string> paths_;
  std::size_t batch_size_;
  std::size_t file_ = 0;
  bool opened_ = false;
  PcapReader reader_;

  // Threaded: full batches waiting for the consumer, and spent ones for the reader to reuse.
  static constexpr std::size_t kAhead = 4;
  bool threaded_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<CaptureBatch> full_;
  std::vector<CaptureBatch> spare_;
  bool done_ = false;  // the reader has queued its last batch
  bool stop_ = false;  // the consumer is gone
  std::thread thread_;
};

}  // namespace vpcsim::load
