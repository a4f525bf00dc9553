#include "topology/load/json_source.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string_view>
#include <system_error>

#include <fmt/format.h>

#include "topology/load/json_shape.h"

namespace vpcsim::load {

namespace {

// The parser's message quotes what it last read, raw: bytes that are not printable ASCII
// (an ill-formed UTF-8 byte, a terminal escape) are shown as "\xNN" instead.
std::string printable_ascii(std::string_view s) {
  std::string out;
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u >= 0x7f)
      out += fmt::format("\\x{:02x}", u);
    else
      out += c;
  }
  return out;
}

}  // namespace

std::optional<nlohmann::json> parse_json(const std::string& text, const std::string& file,
                                         std::vector<LoadError>& errors) {
  if (auto issues = check_json_shape(text); !issues.empty()) {
    for (auto& i : issues) {
      errors.push_back({file,
                        fmt::format("{} (line {}, column {})", i.pointer.empty() ? "/" : i.pointer,
                                    i.line, i.column),
                        std::move(i.message)});
    }
    return std::nullopt;
  }
  try {
    return nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/true,
                                 /*ignore_comments=*/true);
  } catch (const nlohmann::json::parse_error& e) {
    // e.byte is the 1-based offset of the character where parsing stopped.
    const std::size_t at = e.byte == 0 ? 0 : std::min(e.byte - 1, text.size());
    std::size_t line = 1, col = 1;
    for (std::size_t i = 0; i < at; ++i) {
      if (text[i] == '\n') {
        ++line;
        col = 1;
      } else {
        ++col;
      }
    }
    std::string what = e.what();
    // nlohmann's message: "[json.exception.parse_error.101] parse error at line 3, column 7:
    // syntax error while parsing object - …"; keep the part after the last ": " prefix.
    if (const auto p = what.find("syntax error"); p != std::string::npos) what = what.substr(p);
    errors.push_back({file, fmt::format("line {}, column {}", line, col),
                      fmt::format("malformed JSON: {}", printable_ascii(what))});
    return std::nullopt;
  } catch (const nlohmann::json::exception& e) {
    // Anything else the parser refuses (check_json_shape catches the cases known to reach
    // here, such as a number out of range, with their location).
    errors.push_back({file, "", fmt::format("malformed JSON: {}", printable_ascii(e.what()))});
    return std::nullopt;
  }
}

std::size_t max_input_bytes() {
  static const std::size_t bytes = [] {
    constexpr std::size_t kDefaultMiB = 256;
    const char* v = std::getenv("VPCSIM_MAX_INPUT_MB");
    std::size_t mib = kDefaultMiB;
    if (v && *v) {
      const std::string_view text(v);
      const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), mib);
      if (ec != std::errc{} || end != text.data() + text.size() || mib == 0 ||
          mib > (std::size_t{1} << 20))
        mib = kDefaultMiB;
    }
    return mib << 20;
  }();
  return bytes;
}

namespace {

std::string too_large(std::size_t limit) {
  return fmt::format(
      "larger than {} MiB, the most vpcsim reads of one JSON file (set "
      "VPCSIM_MAX_INPUT_MB to raise it)",
      limit >> 20);
}

}  // namespace

std::optional<std::string> read_file(const std::string& path, std::vector<LoadError>& errors) {
  const auto fail = [&](std::string message) {
    errors.push_back({path, "", std::move(message)});
    return std::nullopt;
  };
  const std::size_t limit = max_input_bytes();
  const bool standard_input = path == "-";
  const int fd = standard_input ? STDIN_FILENO : ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return fail(fmt::format("cannot open file: {}", std::strerror(errno)));
  struct Closer {
    int fd;
    bool owned;
    ~Closer() {
      if (owned) ::close(fd);
    }
  } closer{fd, !standard_input};
  struct stat st {};
  if (::fstat(fd, &st) != 0) return fail(fmt::format("cannot read file: {}", std::strerror(errno)));
  // A regular file, or a pipe (standard input, a shell's <(…)); not a directory or a device,
  // which would read forever (/dev/zero) or not at all.
  if (S_ISDIR(st.st_mode)) return fail("is a directory; expected a JSON file");
  if (!S_ISREG(st.st_mode) && !S_ISFIFO(st.st_mode))
    return fail("is not a regular file (a device or socket); expected a JSON file");
  if (S_ISREG(st.st_mode) && static_cast<std::uint64_t>(st.st_size) > limit)
    return fail(
        fmt::format("{} MiB: {}", static_cast<std::uint64_t>(st.st_size) >> 20, too_large(limit)));
  // One read of the size for a regular file, large blocks for a pipe; a file whose size says
  // 0 (/proc) is read the same way. A read error is an error, not the end of the file.
  std::string text;
  if (S_ISREG(st.st_mode)) text.reserve(static_cast<std::size_t>(st.st_size) + 1);
  constexpr std::size_t kBlock = 1 << 20;
  for (;;) {
    const auto at = text.size();
    const auto block = std::max(kBlock, text.capacity() - at);
    text.resize(at + block);
    const auto n = ::read(fd, text.data() + at, block);
    if (n < 0) {
      if (errno == EINTR) {
        text.resize(at);
        continue;
      }
      return fail(fmt::format("cannot read file: {}", std::strerror(errno)));
    }
    text.resize(at + static_cast<std::size_t>(n));
    if (n == 0) break;
    if (text.size() > limit) return fail(too_large(limit));
  }
  return text;
}

std::optional<nlohmann::json> read_json_file(const std::string& path,
                                             std::vector<LoadError>& errors) {
  auto text = read_file(path, errors);
  if (!text) return std::nullopt;
  return parse_json(*text, path, errors);
}

}  // namespace vpcsim::load
