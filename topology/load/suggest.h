#pragma once
// Spelling suggestions for unknown names: "did you mean …?"
//
// Cost: a candidate is compared only if its length is within the distance limit of the word's,
// with at most kComparedLength characters of the word (a longer word is cut, and so are its
// candidates), 64 cells of the edit-distance table at a time; so one comparison costs
// O(kComparedLength + kMaxDistance) word operations whatever the lengths, and a call is linear
// in the number of candidates (and in the length of the word, for the prefix test).

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace vpcsim::load {

// A word longer than this is compared by its first kComparedLength characters (with those
// of each candidate whose whole length is within the limit of its own): past that, a typo is
// judged on the beginning of the name.
inline constexpr std::size_t kComparedLength = 64;
// The largest edit distance a suggestion may have: that of a kComparedLength-character word.
inline constexpr std::size_t kMaxDistance = kComparedLength / 3;

// Edit distance (Levenshtein, case-insensitive).
std::size_t edit_distance(std::string_view a, std::string_view b);
// The same when it is at most `cap`, else cap + 1; costs O(min(|a|, |b|) * (2 cap + 1)) at
// most, and nothing when the lengths differ by more than `cap`.
std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t cap);

// Up to `max` candidates closest to `word`, nearest first (ties in the candidates' order),
// among those close enough to be a plausible typo: within an edit distance of a third of the
// word's length (at least 2, at most kMaxDistance), or sharing a prefix with it (a word of 3
// characters or more that begins the candidate, or that the candidate begins).
std::vector<std::string> nearest(std::string_view word, const std::vector<std::string>& candidates,
                                 std::size_t max = 3);

// "; did you mean "a" or "b"?" or "" when nothing is near.
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace vpcsim::load
