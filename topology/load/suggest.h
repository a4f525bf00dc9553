#pragma once
// Spelling suggestions for unknown names: "did you mean …?"

#include <string>
#include <string_view>
#include <vector>

namespace vpcsim::load {

// Edit distance (Levenshtein, case-insensitive).
std::size_t edit_distance(std::string_view a, std::string_view b);

// Up to `max` candidates closest to `word`, nearest first, among those close enough to be
// a plausible typo (or sharing a prefix with it).
std::vector<std::string> nearest(std::string_view word, const std::vector<std::string>& candidates,
                                 std::size_t max = 3);

// "; did you mean "a" or "b"?" or "" when nothing is near.
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace vpcsim::load
