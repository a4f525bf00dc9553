#include "topology/load/capture_stream.h"

#include <algorithm>
#include <utility>

namespace vpcsim::load {

CaptureStream::CaptureStream(std::vector<std::string> paths, core::Worker* worker,
                             std::size_t batch_size)
    : paths_(std::move(paths)), batch_size_(batch_size == 0 ? 1 : batch_size), worker_(worker) {
  if (!worker_) return;
  in_flight_ = kAhead;
  for (std::size_t i = 0; i < kAhead; ++i)
    worker_->post_urgent([this] { read_ahead(); });
}

CaptureStream::~CaptureStream() {
  stop();
  if (!worker_) return;
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return in_flight_ == 0; });
}

void CaptureStream::stop() {
  stopped_ = true;
}

bool CaptureStream::produce(CaptureBatch& b) {
  b.packets.clear();
  b.records = b.skipped = 0;
  b.file_end = b.open_failed = false;
  b.error.reset();
  b.anomalies = {};
  if (file_ == paths_.size()) return false;
  b.file = file_;
  const auto end_file = [&] {
    b.file_end = true;
    for (std::size_t k = 0; k < kPcapAnomalyKinds; ++k)
      b.anomalies[k] = reader_.count(static_cast<PcapAnomaly>(k));
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
      case PcapReader::Result::packet:
      case PcapReader::Result::skipped:
        break;
      case PcapReader::Result::end:
        return end_file();
      case PcapReader::Result::error:
        b.error = reader_.error();
        return end_file();
    }
  }
  return true;
}

bool CaptureStream::next(CaptureBatch& out) {
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

void CaptureStream::read_ahead() {
  CaptureBatch b;
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

}  // namespace vpcsim::load
