#include "topology/load/suggest.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <numeric>
#include <string>
#include <string_view>
#include <vector>

#include <doctest/doctest.h>

using vpcsim::load::did_you_mean;
using vpcsim::load::edit_distance;
using vpcsim::load::kComparedLength;
using vpcsim::load::kMaxDistance;
using vpcsim::load::nearest;

namespace {

// The suggestions as they were first written: every candidate's full Levenshtein table.
std::size_t full_distance(std::string_view a, std::string_view b) {
  const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c; };
  std::vector<std::size_t> row(b.size() + 1);
  std::iota(row.begin(), row.end(), std::size_t{0});
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] =
          std::min({up + 1, row[j - 1] + 1, diag + (lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

std::vector<std::string> full_nearest(std::string_view word,
                                      const std::vector<std::string>& candidates, std::size_t max) {
  std::vector<std::pair<std::size_t, std::string>> scored;
  const std::size_t limit = std::max<std::size_t>(2, word.size() / 3);
  for (const auto& c : candidates) {
    const std::size_t d = full_distance(word, c);
    const bool prefix = word.size() >= 3 && (c.rfind(word, 0) == 0 || word.rfind(c, 0) == 0);
    if (d <= limit || prefix) scored.emplace_back(prefix ? std::min(d, limit) : d, c);
  }
  std::stable_sort(scored.begin(), scored.end(),
                   [](const auto& x, const auto& y) { return x.first < y.first; });
  std::vector<std::string> out;
  for (const auto& [d, c] : scored) {
    if (out.size() == max) break;
    if (std::find(out.begin(), out.end(), c) == out.end()) out.push_back(c);
  }
  return out;
}

// A small deterministic generator (splitmix64) for the randomised comparisons.
struct Gen {
  std::uint64_t s;
  std::uint64_t next() {
    std::uint64_t z = s += 0x9e3779b97f4a7c15ull;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }
};

}  // namespace

TEST_CASE("edit_distance is Levenshtein, case-insensitive and symmetric") {
  CHECK(edit_distance("kitten", "sitting") == 3);
  CHECK(edit_distance("sitting", "kitten") == 3);
  CHECK(edit_distance("", "") == 0);
  CHECK(edit_distance("", "abc") == 3);
  CHECK(edit_distance("abc", "") == 3);
  CHECK(edit_distance("cidr", "cidr") == 0);
  CHECK(edit_distance("CIDR", "cidr") == 0);
  CHECK(edit_distance("vpc-main", "vpc-mian") == 2);  // a transposition is two edits
  CHECK(edit_distance("subnet", "subnets") == 1);
  CHECK(edit_distance("flaw", "lawn") == 2);
}

TEST_CASE("nearest: plausible typos only, nearest first, at most max") {
  const std::vector<std::string> keys{"cidr", "vpc",   "ipv6_cidr", "route_table", "network_acl",
                                      "az",   "az_id", "name",      "id"};
  CHECK(nearest("cidr_block", keys) == std::vector<std::string>{"cidr"});  // shared prefix
  CHECK(nearest("route_tabel", keys) == std::vector<std::string>{"route_table"});
  CHECK(nearest("nmae", keys).front() == "name");
  CHECK(nearest("zzzzzzzzzz", keys).empty());
  const std::vector<std::string> ids{"sg-web", "sg-app", "sg-db", "sg-default-main"};
  const auto near = nearest("sg-wb", ids);
  REQUIRE_FALSE(near.empty());
  CHECK(near.front() == "sg-web");
  CHECK(near.size() <= 3);
  CHECK(nearest("sg-ap", ids, 1) == std::vector<std::string>{"sg-app"});
  // Duplicates in the candidates are reported once.
  CHECK(nearest("web", {"web", "web", "wbe"}) == std::vector<std::string>{"web", "wbe"});
}

TEST_CASE("did_you_mean phrasing") {
  CHECK(did_you_mean("cidr_block", {"cidr", "vpc"}) == "; did you mean \"cidr\"?");
  CHECK(did_you_mean("ab", {"ax", "ay"}) == "; did you mean \"ax\" or \"ay\"?");
  CHECK(did_you_mean("ab", {"ax", "ay", "az"}) == "; did you mean \"ax\", \"ay\" or \"az\"?");
  CHECK(did_you_mean("qqqqqqqq", {"cidr", "vpc"}).empty());
  CHECK(did_you_mean("x", {}).empty());
}

TEST_CASE("edit_distance with a cap: exact within it, cap + 1 beyond") {
  CHECK(edit_distance("kitten", "sitting", 3) == 3);
  CHECK(edit_distance("kitten", "sitting", 2) == 3);
  CHECK(edit_distance("kitten", "sitting", 0) == 1);
  CHECK(edit_distance("kitten", "kitten", 0) == 0);
  CHECK(edit_distance("KITTEN", "kitten", 0) == 0);
  CHECK(edit_distance("", "abc", 5) == 3);
  CHECK(edit_distance("", "abc", 1) == 2);  // the lengths alone say more than 1
  CHECK(edit_distance("abc", "", 100) == 3);
  CHECK(edit_distance("flaw", "lawn", 2) == 2);
  CHECK(edit_distance("flaw", "lawn", 1) == 2);
  // 200,000 characters: the band keeps this to a few cells a row, and unrelated strings stop
  // after cap + 1 rows (the full table would be 4 * 10^10 cells).
  const std::string a(200'000, 'a');
  std::string b = a;
  b[123'456] = 'b';
  CHECK(edit_distance(a, b, 2) == 1);
  CHECK(edit_distance(a, b + "c", 2) == 2);
  CHECK(edit_distance(a, std::string(200'000, 'z'), 2) == 3);
  CHECK(edit_distance(a, a + "xyz", 2) == 3);
}

TEST_CASE("nearest: the limit is a third of the word's length, at least 2, at most 21") {
  CHECK(kMaxDistance == 21);
  const auto within = [](const std::string& word, std::size_t edits) {
    // `edits` substitutions at the end (never a prefix of the word, nor the word of it).
    std::string c = word;
    for (std::size_t i = 0; i < edits; ++i)
      c[c.size() - 1 - i] = c[c.size() - 1 - i] == '#' ? '%' : '#';
    return !nearest(word, {c}).empty();
  };
  CHECK(within("ab", 2));  // at least 2 ...
  CHECK_FALSE(within("abcde", 3));
  CHECK(within("abcdefghijkl", 4));  // ... a third of 12 ...
  CHECK_FALSE(within("abcdefghijkl", 5));
  std::string w64;
  for (std::size_t i = 0; i < kComparedLength; ++i)
    w64 += static_cast<char>('a' + i % 26);
  CHECK(within(w64, 21));  // ... 21 at 64 characters ...
  CHECK_FALSE(within(w64, 22));
  // ... and past 64, only the first 64 characters count, with at most 21 edits there and
  // lengths at most 21 apart.
  const std::string w90 = w64 + std::string(26, 'q');
  std::string c90 = w90;
  c90[0] = '#';
  c90.back() = '#';
  CHECK(nearest(w90, {c90}) == std::vector<std::string>{c90});
  std::string far = w64;
  far[40] = '#';
  far.append(50, 'r');
  CHECK(nearest(w90, {far}).empty());
  std::string shorter = w90.substr(0, 61);  // 29 characters shorter
  shorter[0] = '#';
  CHECK(nearest(w90, {shorter}).empty());
}

TEST_CASE("nearest: a 200,000-character unknown word is answered, comparing 64 characters") {
  const std::vector<std::string> keys{"cidr", "vpc",   "ipv6_cidr", "route_table", "network_acl",
                                      "az",   "az_id", "name",      "id"};
  const std::string huge(200'000, 'x');
  CHECK(nearest(huge, keys).empty());
  CHECK(did_you_mean(huge, keys).empty());
  // A known name it begins with is still suggested (the prefix rule reads the whole word).
  CHECK(nearest("route_table" + huge, keys) == std::vector<std::string>{"route_table"});
  // A long candidate: equal on the first 64 characters and as long, or one the word begins.
  std::string near = huge;
  near.back() = 'y';
  std::string first_differs = huge;
  first_differs.front() = 'y';
  const std::vector<std::string> long_ones{std::string(199'000, 'x') + "y", near, first_differs,
                                           huge + "tail"};
  CHECK(nearest(huge, long_ones) == std::vector<std::string>{near, first_differs, huge + "tail"});
  // Many such candidates: each comparison is bounded, so this stays linear in the input.
  std::vector<std::string> many(50, near);
  many.push_back("x");
  CHECK(nearest(huge, many, 1) == std::vector<std::string>{near});
}

TEST_CASE("nearest: the same suggestions as comparing every candidate in full (words <= 64)") {
  Gen g{20261202};
  const std::string alphabet = "abcABC-_xyz0123";
  const auto random_word = [&](std::size_t length, std::size_t letters) {
    std::string s;
    for (std::size_t i = 0; i < length; ++i)
      s += alphabet[g.below(letters)];
    return s;
  };
  const auto typo = [&](std::string s, std::size_t edits) {
    for (std::size_t e = 0; e < edits; ++e) {
      const std::size_t at = g.below(s.size() + 1);
      switch (g.below(3)) {
        case 0:
          s.insert(s.begin() + static_cast<std::ptrdiff_t>(at), alphabet[g.below(5)]);
          break;
        case 1:
          if (at < s.size()) s.erase(at, 1);
          break;
        default:
          if (at < s.size()) s[at] = alphabet[g.below(6)];
      }
    }
    return s;
  };
  int differ = 0, suggested = 0;
  for (int round = 0; round < 2000; ++round) {
    const std::size_t letters = 2 + g.below(alphabet.size() - 1);
    const std::string word = random_word(g.below(kComparedLength + 1), letters);
    std::vector<std::string> candidates;
    for (std::size_t i = 0, n = g.below(10); i < n; ++i) {
      switch (g.below(4)) {
        case 0:
          candidates.push_back(random_word(g.below(70), letters));
          break;
        case 1:
          candidates.push_back(typo(word, g.below(25)));
          break;
        case 2:
          candidates.push_back(word.substr(0, g.below(word.size() + 1)) +
                               random_word(g.below(4), letters));
          break;
        default:
          candidates.push_back(candidates.empty() ? word : candidates[g.below(candidates.size())]);
      }
    }
    const std::size_t max = round % 7 == 0 ? 100 : g.below(5);
    const auto got = nearest(word, candidates, max);
    if (got != full_nearest(word, candidates, max)) ++differ;
    if (!got.empty()) ++suggested;
  }
  CHECK(differ == 0);
  CHECK(suggested > 500);  // the comparison saw many suggestions, not only empty answers
}
