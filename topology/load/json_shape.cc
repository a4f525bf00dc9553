#include "topology/load/json_shape.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <deque>

#include <fmt/format.h>
#include <boost/unordered/unordered_flat_set.hpp>
#include <nlohmann/json.hpp>

namespace vpcsim::load {
namespace {

// Enough issues to fix a file by; a file with more is broken in one repeated way.
constexpr std::size_t kMaxIssues = 50;
// Objects with more keys than this look keys up in a hash set instead of a list.
constexpr std::size_t kLinearKeys = 16;

class Scanner {
 public:
  Scanner(std::string_view text, std::size_t max_depth) : t_(text), max_depth_(max_depth) {}

  std::vector<JsonShapeIssue> run() {
    skip_space();
    if (!begin_value()) return std::move(issues_);
    while (depth_ > 0 && !stop_) {
      Frame& f = frames_[depth_ - 1];
      skip_space();
      if (at_end()) break;
      const char c = t_[i_];
      const char close = f.object ? '}' : ']';
      if (c == close) {
        ++i_;
        --depth_;
        continue;
      }
      if (f.count > 0) {
        if (c != ',') break;  // not JSON: the parser says so
        ++i_;
        skip_space();
      }
      if (f.object && !member_key(f)) break;
      ++f.count;
      if (!begin_value()) break;
    }
    return std::move(issues_);
  }

 private:
  struct Frame {
    bool object = false;
    std::size_t count = 0;  // members or elements begun
    std::string_view key;   // the current member's key, decoded
    std::vector<std::string_view> keys;
    boost::unordered_flat_set<std::string_view> many_keys;
  };

  bool at_end() const { return i_ >= t_.size(); }

  // Whitespace and the comments the parser allows (// to end of line, /* … */).
  void skip_space() {
    while (!at_end()) {
      const char c = t_[i_];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        ++i_;
      } else if (c == '/' && i_ + 1 < t_.size() && t_[i_ + 1] == '/') {
        const auto end = t_.find('\n', i_);
        i_ = end == std::string_view::npos ? t_.size() : end;
      } else if (c == '/' && i_ + 1 < t_.size() && t_[i_ + 1] == '*') {
        const auto end = t_.find("*/", i_ + 2);
        i_ = end == std::string_view::npos ? t_.size() : end + 2;
      } else {
        return;
      }
    }
  }

  // A string at i_ (its opening quote): returns its raw text between the quotes, or nullopt
  // when it does not end.
  std::optional<std::string_view> string() {
    const auto start = ++i_;
    while (!at_end()) {
      const char c = t_[i_];
      if (c == '\\') {
        i_ += 2;
      } else if (c == '"') {
        return t_.substr(start, i_++ - start);
      } else {
        ++i_;
      }
    }
    return std::nullopt;
  }

  // The key of the next member of `f`, then its colon. False when the text is not JSON.
  bool member_key(Frame& f) {
    if (at_end() || t_[i_] != '"') return false;
    const auto key_at = i_;
    const auto raw = string();
    if (!raw) return false;
    std::string_view key = *raw;
    if (key.find('\\') != std::string_view::npos) {
      try {
        decoded_.push_back(
            nlohmann::json::parse(t_.substr(key_at, i_ - key_at)).get<std::string>());
        key = decoded_.back();
      } catch (const nlohmann::json::exception&) {
        return false;  // a bad escape: the parser reports it
      }
    }
    f.key = key;
    if (seen(f, key)) {
      add_issue(key_at, pointer(),
                fmt::format("key \"{}\" appears twice in this object; JSON readers would keep only "
                            "the last one, so remove or merge one of them",
                            key));
    }
    skip_space();
    if (at_end() || t_[i_] != ':') return false;
    ++i_;
    skip_space();
    return true;
  }

  bool seen(Frame& f, std::string_view key) {
    if (f.keys.size() < kLinearKeys) {
      for (const auto k : f.keys)
        if (k == key) return true;
      f.keys.push_back(key);
      if (f.keys.size() == kLinearKeys) f.many_keys.insert(f.keys.begin(), f.keys.end());
      return false;
    }
    return !f.many_keys.insert(key).second;
  }

  // The value at i_: a container opens a frame; anything else is skipped over.
  bool begin_value() {
    if (at_end()) return false;
    const char c = t_[i_];
    if (c == '{' || c == '[') {
      if (depth_ == max_depth_) {
        add_issue(i_, pointer(),
                  fmt::format("nested deeper than {} levels; vpcsim documents need only a few",
                              max_depth_));
        stop_ = true;
        return false;
      }
      if (frames_.size() == depth_) frames_.emplace_back();
      Frame& f = frames_[depth_++];
      f.object = c == '{';
      f.count = 0;
      f.key = {};
      f.keys.clear();
      f.many_keys.clear();
      ++i_;
      return true;
    }
    if (c == '"') return string().has_value();
    if (c == '-' || (c >= '0' && c <= '9')) return number();
    const auto start = i_;
    while (!at_end() && t_[i_] >= 'a' && t_[i_] <= 'z')
      ++i_;
    return i_ > start;  // true, false, null (or not JSON, which the parser reports)
  }

  bool number() {
    const auto start = i_;
    while (!at_end() && std::string_view("+-0123456789.eE").find(t_[i_]) != std::string_view::npos)
      ++i_;
    const std::string token(t_.substr(start, i_ - start));
    errno = 0;
    const double v = std::strtod(token.c_str(), nullptr);
    if (errno == ERANGE && std::isinf(v)) {
      add_issue(start, pointer(),
                fmt::format("{} is out of range: larger than any number vpcsim can hold", token));
    }
    return true;
  }

  // The JSON pointer of the value being read: the keys and indexes of the open frames.
  std::string pointer() const {
    std::string p;
    for (std::size_t d = 0; d < depth_; ++d) {
      const Frame& f = frames_[d];
      if (f.count == 0) break;  // the container itself
      p += '/';
      if (!f.object) {
        p += std::to_string(f.count - 1);
        continue;
      }
      for (const char c : f.key) {
        if (c == '~')
          p += "~0";
        else if (c == '/')
          p += "~1";
        else
          p += c;
      }
    }
    return p;
  }

  void add_issue(std::size_t at, std::string pointer, std::string message) {
    if (issues_.size() == kMaxIssues) {
      stop_ = true;
      return;
    }
    JsonShapeIssue issue{std::move(pointer), 1, 1, std::move(message)};
    for (std::size_t k = 0; k < at; ++k) {
      if (t_[k] == '\n') {
        ++issue.line;
        issue.column = 1;
      } else {
        ++issue.column;
      }
    }
    issues_.push_back(std::move(issue));
  }

  std::string_view t_;
  std::size_t max_depth_;
  std::size_t i_ = 0;
  std::vector<Frame> frames_;  // frames_[0, depth_) are open; the rest are kept for reuse
  std::size_t depth_ = 0;
  std::deque<std::string> decoded_;  // keys that had escapes, decoded
  std::vector<JsonShapeIssue> issues_;
  bool stop_ = false;
};

}  // namespace

std::vector<JsonShapeIssue> check_json_shape(std::string_view text, std::size_t max_depth) {
  return Scanner(text, max_depth).run();
}

}  // namespace vpcsim::load
