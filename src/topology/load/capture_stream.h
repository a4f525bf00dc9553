#pragma once
// CaptureStream: reads a list of capture files (PcapReader) in order and hands out their
// packets in batches. Given a core::Worker, the worker reads and decodes ahead of the
// consumer (a few batches ahead, so memory stays flat however long the capture), and the
// consumer's work on one batch overlaps the decoding of the next: libpcap's reading and the
// decoding are about a third of what a replay costs. The worker may run other stages' tasks
// too (the flow log's): one helper thread, so that the busy threads never outnumber the two
// cores. Without a worker, next() reads the batch itself. Both give the same batches.
//
// A batch holds up to `batch_size` packets of one file, in record order. The last batch of a
// file says how the file ended: cleanly, or with an error (the file could not be opened, or a
// damaged record: the packets before it are in this batch and the ones before). The stream
// then goes on with the next file; the consumer decides whether to stop.

#include <array>
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "sim/core/worker.h"

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
  // `worker`: reads ahead on it (it must outlive the stream); nullptr: next() reads.
  CaptureStream(std::vector<std::string> paths, core::Worker* worker,
                std::size_t batch_size = 1024);
  ~CaptureStream();  // stop(), then waits for reading already under way on the worker

  // No more reading ahead: reads not yet started are dropped and one under way ends after
  // its current chunk of records. For a consumer that stops early (a damaged capture, an
  // output it cannot open): it does not wait for, nor read, captures it will not replay.
  void stop();
  CaptureStream(const CaptureStream&) = delete;
  CaptureStream& operator=(const CaptureStream&) = delete;

  // The next batch, in file and record order; false when every file has been read. `out`'s
  // storage is recycled: pass the same batch each time.
  bool next(CaptureBatch& out);

 private:
  bool produce(CaptureBatch& b);  // reads the next batch; false at the end of the last file
  void read_ahead();              // a worker task: one more batch into full_

  std::vector<std::string> paths_;
  std::size_t batch_size_;
  // The reading side (the worker's, or next()'s without one).
  std::size_t file_ = 0;
  bool opened_ = false;
  PcapReader reader_;

  // With a worker: batches read ahead for the consumer, spent ones to reuse, and how many
  // reads are queued or running. At most kAhead batches are read and not yet consumed.
  // Reading ahead pauses after a batch that ends in an error (`held_`) until the consumer
  // asks for more: it decides whether the next capture is read at all.
  static constexpr std::size_t kAhead = 4;
  static constexpr std::size_t kChunk = 256;  // records per read() between checks of stop()
  core::Worker* worker_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<CaptureBatch> full_;
  std::vector<CaptureBatch> spare_;
  std::size_t in_flight_ = 0;
  bool done_ = false;  // the last file has been read to its end
  bool held_ = false;  // the last batch read ended in an error; no reading until next()
  std::atomic<bool> stopped_{false};
};

}  // namespace vpcsim::load
