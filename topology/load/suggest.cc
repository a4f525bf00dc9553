#include "topology/load/suggest.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <utility>

#include <fmt/format.h>

namespace vpcsim::load {

namespace {

// ASCII lower case: std::tolower in the "C" locale, which vpcsim never changes.
constexpr char fold(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

std::size_t length_difference(std::size_t a, std::size_t b) {
  return a > b ? a - b : b - a;
}

// Levenshtein distance of `a` and `b` (case-insensitive) if at most `cap`, else cap + 1
// (Ukkonen's band): row i only has the cells j with |i - j| <= cap, a cell outside the band
// counts as cap + 1, and the rows stop once one has no cell within the cap (a row's minimum
// never decreases). `row` is scratch space.
std::size_t banded_distance(std::string_view a, std::string_view b, std::size_t cap,
                            std::vector<std::size_t>& row) {
  const std::size_t n = a.size();
  const std::size_t m = b.size();
  cap = std::min(cap, std::max(n, m));  // the distance is never more than the longer length
  const std::size_t over = cap + 1;
  if (length_difference(n, m) > cap) return over;
  row.assign(m + 1, over);
  for (std::size_t j = 0; j <= std::min(m, cap); ++j)
    row[j] = j;
  for (std::size_t i = 1; i <= n; ++i) {
    const std::size_t lo = i > cap ? i - cap : 0;
    const std::size_t hi = std::min(m, i + cap);
    // row holds row i - 1 on [lo - 1, hi]; its cells beyond the band are `over`.
    std::size_t diag;
    std::size_t left;
    std::size_t best;
    std::size_t j;
    if (lo == 0) {
      diag = row[0];
      row[0] = left = best = i;
      j = 1;
    } else {
      diag = row[lo - 1];
      left = best = over;
      j = lo;
    }
    const char ai = fold(a[i - 1]);
    for (; j <= hi; ++j) {
      const std::size_t up = row[j];
      const std::size_t v =
          std::min({up + 1, left + 1, diag + (ai == fold(b[j - 1]) ? 0 : 1), over});
      diag = up;
      row[j] = left = v;
      best = std::min(best, v);
    }
    if (best > cap) return over;
  }
  return row[m];
}

// The distance of one word of at most 64 characters to each of many others, 64 cells at a
// time (Myers's bit-vector algorithm, in Hyyrö's form for the distance of whole strings,
// https://doi.org/10.1145/316542.316550): O(|other|) word operations, whatever the cap.
class WordDistance {
 public:
  explicit WordDistance(std::string_view word) : size_(word.size()) {
    for (std::size_t i = 0; i < word.size(); ++i) {
      const char c = fold(word[i]);
      const std::uint64_t bit = std::uint64_t{1} << i;
      eq_[static_cast<unsigned char>(c)] |= bit;
      if (c >= 'a' && c <= 'z') eq_[static_cast<unsigned char>(c - 'a' + 'A')] |= bit;
    }
  }

  std::size_t size() const { return size_; }

  // Levenshtein distance (case-insensitive) of the word and `other`.
  std::size_t to(std::string_view other) const {
    if (size_ == 0) return other.size();
    const std::uint64_t last = std::uint64_t{1} << (size_ - 1);
    std::uint64_t pv = ~std::uint64_t{0};  // vertical deltas +1 ...
    std::uint64_t mv = 0;                  // ... and -1, down the current column
    std::size_t score = size_;             // the column's last cell
    for (const char ch : other) {
      const std::uint64_t eq = eq_[static_cast<unsigned char>(ch)];
      const std::uint64_t xv = eq | mv;
      const std::uint64_t xh = (((eq & pv) + pv) ^ pv) | eq;
      std::uint64_t ph = mv | ~(xh | pv);
      std::uint64_t mh = pv & xh;
      if (ph & last) {
        ++score;
      } else if (mh & last) {
        --score;
      }
      ph = (ph << 1) | 1;  // the first row is 0, 1, 2, …: each step right adds one
      mh <<= 1;
      pv = mh | ~(xv | ph);
      mv = ph & xv;
    }
    return score;
  }

 private:
  std::size_t size_;
  std::array<std::uint64_t, 256> eq_{};  // bit i: the word's character i matches
};

}  // namespace

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row;
  return banded_distance(a, b, std::max(a.size(), b.size()), row);
}

std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t cap) {
  std::vector<std::size_t> row;
  return banded_distance(a, b, cap, row);
}

std::vector<std::string> nearest(std::string_view word, const std::vector<std::string>& candidates,
                                 std::size_t max) {
  const bool long_word = word.size() > kComparedLength;
  const WordDistance distance(word.substr(0, kComparedLength));
  const std::size_t limit = std::max<std::size_t>(2, distance.size() / 3);  // <= kMaxDistance
  std::vector<std::pair<std::size_t, const std::string*>> scored;
  for (const auto& c : candidates) {
    const std::size_t apart = length_difference(word.size(), c.size());
    // One begins the other: their distance is the difference of their lengths.
    if (word.size() >= 3 && (c.starts_with(word) || word.starts_with(c))) {
      scored.emplace_back(std::min(apart, limit), &c);
      continue;
    }
    if (apart > limit) continue;  // the distance is at least that
    // At most kComparedLength + kMaxDistance characters (those of a long word's candidates
    // are cut too).
    const std::string_view other =
        long_word ? std::string_view(c).substr(0, kComparedLength) : std::string_view(c);
    if (const std::size_t d = distance.to(other); d <= limit) scored.emplace_back(d, &c);
  }
  std::stable_sort(scored.begin(), scored.end(),
                   [](const auto& x, const auto& y) { return x.first < y.first; });
  std::vector<std::string> out;
  for (const auto& [d, c] : scored) {
    if (out.size() == max) break;
    if (std::find(out.begin(), out.end(), *c) == out.end()) out.push_back(*c);
  }
  return out;
}

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
  const auto near = nearest(word, candidates);
  if (near.empty()) return "";
  std::string s = "; did you mean ";
  for (std::size_t i = 0; i < near.size(); ++i) {
    if (i > 0) s += i + 1 == near.size() ? " or " : ", ";
    s += fmt::format("\"{}\"", near[i]);
  }
  return s + "?";
}

}  // namespace vpcsim::load
