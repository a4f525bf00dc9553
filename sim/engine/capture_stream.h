#pragma once
// CaptureStream: reads a list of capture files in order (through a Reader such as
// load::PcapReader, which the caller names: the engine depends on no reader) and hands out their
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

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sim/core/worker.h"

namespace vpcsim::engine {

// What a Reader provides: open(path) → std::optional<Error>; read(max, std::vector<Packet>&,
// records&, skipped&) → Result {packet, skipped, end, error}; error(); anomalies() (the file's
// counts by kind, an array).
template <class Reader>
struct CaptureBatch {
  std::size_t file = 0;                          // index into the stream's paths
  std::vector<typename Reader::Packet> packets;  // ip_bytes is empty: the reader's buffer is gone
  std::uint64_t records = 0;  // records read for this batch (packets and skipped)
  std::uint64_t skipped = 0;  // records that were not a usable IP packet
  // The file's last batch: how it ended.
  bool file_end = false;
  bool open_failed = false;  // the file could not be opened (no packets from it)
  std::optional<typename Reader::Error>
      error;                               // opening it or a damaged record (then the file stops)
  typename Reader::Anomalies anomalies{};  // the file's counts by kind
};

template <class Reader>
class CaptureStream {
 public:
  using Batch = CaptureBatch<Reader>;

  // `worker`: reads ahead on it (it must outlive the stream); nullptr: next() reads.
  CaptureStream(std::vector<std::string> paths, core::Worker* worker, std::size_t batch_size = 1024)
      : paths_(std::move(paths)), batch_size_(batch_size == 0 ? 1 : batch_size), worker_(worker) {
    if (!worker_) return;
    in_flight_ = kAhead;
    for (std::size_t i = 0; i < kAhead; ++i)
      worker_->post_urgent([this] { read_ahead(); });
  }
  // stop(), then waits for reading already under way on the worker.
  ~CaptureStream() {
    stop();
    if (!worker_) return;
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return in_flight_ == 0; });
  }

  // No more reading ahead: reads not yet started are dropped and one under way ends after
  // its current chunk of records. For a consumer that stops early (a damaged capture, an
  // output it cannot open): it does not wait for, nor read, captures it will not replay.
  void stop() { stopped_ = true; }
  CaptureStream(const CaptureStream&) = delete;
  CaptureStream& operator=(const CaptureStream&) = delete;

  // The next batch, in file and record order; false when every file has been read. `out`'s
  // storage is recycled: pass the same batch each time.
  bool next(Batch& out);

 private:
  bool produce(Batch& b);  // reads the next batch; false at the end of the last file
  void read_ahead();       // a worker task: one more batch into full_

  std::vector<std::string> paths_;
  std::size_t batch_size_;
  // The reading side (the worker's, or next()'s without one).
  std::size_t file_ = 0;
  bool opened_ = false;
  Reader reader_;

  // With a worker: batches read ahead for the consumer, spent ones to reuse, and how many
  // reads are queued or running. At most kAhead batches are read and not yet consumed.
  // Reading ahead pauses after a batch that ends in an error (`held_`) until the consumer
  // asks for more: it decides whether the next capture is read at all.
  static constexpr std::size_t kAhead = 4;
  static constexpr std::size_t kChunk = 256;  // records per read() between checks of stop()
  core::Worker* worker_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<Batch> full_;
  std::vector<Batch> spare_;
  std::size_t in_flight_ = 0;
  bool done_ = false;  // the last file has been read to its end
  bool held_ = false;  // the last batch read ended in an error; no reading until next()
  std::atomic<bool> stopped_{false};
};

template <class Reader>
bool CaptureStream<Reader>::produce(Batch& b) {
  b.packets.clear();
  b.records = b.skipped = 0;
  b.file_end = b.open_failed = false;
  b.error.reset();
  b.anomalies = {};
  if (file_ == paths_.size()) return false;
  b.file = file_;
  const auto end_file = [&] {
    b.file_end = true;
    b.anomalies = reader_.anomalies();
    ++file_;
    opened_ = false;
    return true;
  };
  if (!opened_) {
    opened_ = true;
    if (auto e = reader_.open(paths_[file_])) {
      b.open_failed = true;
      b.error = std::move(*e);
      return end_file();
    }
  }
  while (b.packets.size() < batch_size_) {
    if (stopped_) return true;  // a partial batch nobody will take
    const auto want = std::min(kChunk, batch_size_ - b.packets.size());
    switch (reader_.read(want, b.packets, b.records, b.skipped)) {
      case Reader::Result::packet:
      case Reader::Result::skipped:
        break;
      case Reader::Result::end:
        return end_file();
      case Reader::Result::error:
        b.error = reader_.error();
        return end_file();
    }
  }
  return true;
}

template <class Reader>
bool CaptureStream<Reader>::next(Batch& out) {
  if (!worker_) return !stopped_ && produce(out);
  std::unique_lock lock(mutex_);
  if (held_ && full_.empty()) {  // the consumer goes on after an error: read ahead again
    held_ = false;
    const std::size_t more = kAhead - in_flight_;
    in_flight_ = kAhead;
    lock.unlock();
    for (std::size_t i = 0; i < more; ++i)
      worker_->post_urgent([this] { read_ahead(); });
    lock.lock();
  }
  changed_.wait(lock, [&] { return !full_.empty() || (in_flight_ == 0 && (done_ || held_)); });
  if (full_.empty()) return false;
  std::swap(out, full_.front());  // the consumer's spent batch goes back for reuse
  spare_.push_back(std::move(full_.front()));
  full_.pop_front();
  if (done_ || held_ || stopped_) return true;
  ++in_flight_;
  lock.unlock();
  worker_->post_urgent([this] { read_ahead(); });  // keep kAhead batches coming
  return true;
}

template <class Reader>
void CaptureStream<Reader>::read_ahead() {
  Batch b;
  {
    const std::lock_guard lock(mutex_);
    if (stopped_ || held_ || done_) {
      --in_flight_;
      changed_.notify_all();  // under the lock: see below
      return;
    }
    if (!spare_.empty()) {
      b = std::move(spare_.back());
      spare_.pop_back();
    }
  }
  // Reads run one at a time on the worker, in order: file_, opened_ and reader_ are theirs.
  const bool more = produce(b);
  {
    const std::lock_guard lock(mutex_);
    if (!more) {
      done_ = true;
    } else if (!stopped_) {
      held_ = b.error.has_value();
      full_.push_back(std::move(b));
    }
    --in_flight_;
    // Under the lock: once in_flight_ is 0 the destructor may return as soon as the lock is
    // free, and this task must not touch the stream after that.
    changed_.notify_all();
  }
}

}  // namespace vpcsim::engine
