#include "topology/load/object_reader.h"

#include <algorithm>
#include <charconv>
#include <limits>
#include <system_error>

#include <fmt/format.h>

#include "topology/load/suggest.h"

namespace vpcsim::load {

// nlohmann's json_pointer escapes the token ("~" as "~0", then "/" as "~1"). The parent is
// appended to as it is, not parsed into a json_pointer, so that no parent can make this throw.
std::string child_pointer(const std::string& parent, std::string_view key) {
  return parent + (Json::json_pointer() / std::string(key)).to_string();
}

std::string child_pointer(const std::string& parent, std::size_t index) {
  return parent + (Json::json_pointer() / index).to_string();
}

namespace {

// A message quotes at most this much of a value, and this many levels of it: a value can be
// a megabyte long or nested thousands deep, and a message is one line.
constexpr std::size_t kShowChars = 100;
constexpr int kShowDepth = 3;

std::string dump_scalar(const Json& v) {
  if (v.is_string() && v.get_ref<const std::string&>().size() > kShowChars)
    return Json(v.get_ref<const std::string&>().substr(0, kShowChars) + "…")
        .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return v.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void append_shown(std::string& out, const Json& v, int depth) {
  if (!v.is_structured()) {
    out += dump_scalar(v);
    return;
  }
  const bool object = v.is_object();
  out += object ? '{' : '[';
  if (depth == kShowDepth && !v.empty()) {
    out += "…";
  } else {
    bool first = true;
    for (auto it = v.begin(); it != v.end(); ++it) {
      if (out.size() > kShowChars) {
        out += ",…";
        break;
      }
      if (!first) out += ',';
      first = false;
      if (object) out += dump_scalar(Json(it.key())) + ':';
      append_shown(out, *it, depth + 1);
    }
  }
  out += object ? '}' : ']';
}

}  // namespace

std::string show(const Json& v) {
  std::string out;
  append_shown(out, v, 0);
  return out;
}

namespace {
std::string_view type_name(const Json& v) {
  switch (v.type()) {
    case Json::value_t::null:
      return "null";
    case Json::value_t::object:
      return "an object";
    case Json::value_t::array:
      return "an array";
    case Json::value_t::string:
      return "a string";
    case Json::value_t::boolean:
      return "a boolean";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
      return "an integer";
    case Json::value_t::number_float:
      return "a number";
    default:
      return "a value";
  }
}
}  // namespace

ObjectReader::ObjectReader(const Json& j, std::string pointer, Diagnostics& diag)
    : ptr_(std::move(pointer)), diag_(diag) {
  if (j.is_object()) {
    obj_ = &j;
  } else {
    diag_.error(ptr_.empty() ? "/" : ptr_,
                fmt::format("expected an object {{…}}, found {} {}", type_name(j), show(j)));
  }
}

bool ObjectReader::has(std::string_view key) const {
  return obj_ && obj_->find(key) != obj_->end();
}

const Json* ObjectReader::get(std::string_view key) {
  if (!obj_) return nullptr;
  if (std::find(read_.begin(), read_.end(), key) == read_.end()) read_.emplace_back(key);
  const auto it = obj_->find(key);
  return it == obj_->end() ? nullptr : &*it;
}

void ObjectReader::missing(std::string_view key, std::string_view expected) {
  diag_.error(pointer(key), fmt::format("missing; expected {}", expected));
}

void ObjectReader::bad(std::string_view key, const Json& value, std::string_view expected) {
  diag_.error(pointer(key), fmt::format("{} is not valid; expected {}", show(value), expected));
}

namespace {

// The value at `key`, decoded by `decode(const Json&) -> std::optional<T>`. Absent: nothing,
// and an error when `required`; present but not decodable: an error quoting it. Both errors
// name `expected`.
template <class T, class Decode>
std::optional<T> read_value(ObjectReader& r, std::string_view key, bool required,
                            std::string_view expected, Decode decode) {
  const Json* v = r.get(key);
  if (!v) {
    if (required && r.is_object()) r.missing(key, expected);
    return std::nullopt;
  }
  if (std::optional<T> x = decode(*v)) return x;
  r.bad(key, *v, expected);
  return std::nullopt;
}

// A JSON integer as int64_t; nullopt for anything else, including unsigned values above
// 2^63 - 1, which a plain get<std::int64_t>() would wrap to negative numbers ("protocol":
// 18446744073709551615 read as -1 would mean all traffic).
std::optional<std::int64_t> int64_of(const Json& v) {
  if (v.is_number_unsigned()) {
    const auto u = v.get<std::uint64_t>();
    if (u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
      return std::nullopt;
    return static_cast<std::int64_t>(u);
  }
  if (v.is_number_integer()) return v.get<std::int64_t>();
  return std::nullopt;
}

// A string value parsed by `parse(const std::string&) -> std::optional<T>`.
template <class T, class Parse>
std::optional<T> read_parsed(ObjectReader& r, std::string_view key, bool required,
                             std::string_view expected, Parse parse) {
  return read_value<T>(r, key, required, expected, [&](const Json& v) -> std::optional<T> {
    if (!v.is_string()) return std::nullopt;
    return parse(v.get<std::string>());
  });
}

}  // namespace

std::optional<std::string> ObjectReader::string(std::string_view key, bool required) {
  return read_value<std::string>(*this, key, required, "a string",
                                 [](const Json& v) -> std::optional<std::string> {
                                   if (!v.is_string()) return std::nullopt;
                                   return v.get<std::string>();
                                 });
}

std::optional<bool> ObjectReader::boolean(std::string_view key) {
  return read_value<bool>(*this, key, false, "true or false",
                          [](const Json& v) -> std::optional<bool> {
                            if (!v.is_boolean()) return std::nullopt;
                            return v.get<bool>();
                          });
}

std::optional<std::int64_t> ObjectReader::integer(std::string_view key, std::int64_t min,
                                                  std::int64_t max, bool required,
                                                  std::string_view expected) {
  return read_value<std::int64_t>(
      *this, key, required,
      expected.empty() ? fmt::format("an integer from {} to {}", min, max) : std::string(expected),
      [&](const Json& v) -> std::optional<std::int64_t> {
        std::int64_t x = 0;
        if (v.is_number_integer()) {
          const auto i = int64_of(v);
          if (!i) return std::nullopt;
          x = *i;
        } else if (v.is_string()) {
          const auto s = v.get<std::string>();
          const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), x);
          if (s.empty() || ec != std::errc{} || end != s.data() + s.size()) return std::nullopt;
        } else {
          return std::nullopt;
        }
        if (x < min || x > max) return std::nullopt;
        return x;
      });
}

std::optional<net::IpAddress> ObjectReader::address(std::string_view key, bool required) {
  return read_parsed<net::IpAddress>(*this, key, required,
                                     "an IPv4 or IPv6 address such as \"10.0.1.10\"",
                                     [](const std::string& s) { return net::IpAddress::parse(s); });
}

std::optional<net::IpPrefix> ObjectReader::prefix(std::string_view key, bool required) {
  return read_parsed<net::IpPrefix>(*this, key, required,
                                    "a CIDR block such as \"10.0.0.0/16\" or \"2001:db8::/56\"",
                                    [](const std::string& s) { return net::IpPrefix::parse(s); });
}

std::optional<net::PortRange> ObjectReader::ports(std::string_view key, bool required) {
  return read_value<net::PortRange>(
      *this, key, required, "a port (443), a range (\"1024-65535\") or \"all\"",
      [](const Json& v) -> std::optional<net::PortRange> {
        if (v.is_number_integer()) {
          const auto x = int64_of(v).value_or(-1);
          if (x >= 0 && x <= 65535) return net::PortRange::single(static_cast<std::uint16_t>(x));
        } else if (v.is_string()) {
          return net::PortRange::parse(v.get<std::string>());
        }
        return std::nullopt;
      });
}

std::optional<net::Protocol> ObjectReader::protocol(std::string_view key, bool required) {
  return read_value<net::Protocol>(
      *this, key, required,
      "\"tcp\", \"udp\", \"icmp\", \"icmpv6\", \"all\" (or -1), or a protocol number 0-255",
      [](const Json& v) -> std::optional<net::Protocol> {
        if (v.is_number_integer()) {
          const auto x = int64_of(v).value_or(-2);
          if (x == -1) return net::Protocol::all();
          if (x >= 0 && x <= 255) return net::Protocol(static_cast<std::int16_t>(x));
        } else if (v.is_string()) {
          return net::Protocol::parse(v.get<std::string>());
        }
        return std::nullopt;
      });
}

std::optional<net::SimTime> ObjectReader::time(std::string_view key, bool required,
                                               net::SimTime max, std::string_view max_text) {
  const auto max_seconds = std::chrono::duration_cast<std::chrono::seconds>(max).count();
  return read_value<net::SimTime>(
      *this, key, required,
      fmt::format("a duration such as \"1.5s\", \"200ms\", \"5m\" or a number of seconds, "
                  "from 0 to {}",
                  max_text),
      [&](const Json& v) -> std::optional<net::SimTime> {
        std::optional<net::SimTime> t;
        if (v.is_number_integer()) {
          const auto s = int64_of(v).value_or(-1);
          if (s < 0 || s > max_seconds) return std::nullopt;
          t = std::chrono::seconds(s);
        } else if (v.is_number_float()) {
          const double s = v.get<double>();
          if (!(s >= 0 && s <= static_cast<double>(max_seconds))) return std::nullopt;
          t = net::parse_sim_time(fmt::format("{:.9f}", s));
        } else if (v.is_string()) {
          t = net::parse_sim_time(v.get<std::string>());
        }
        if (!t || *t < net::SimTime() || *t > max) return std::nullopt;
        return t;
      });
}

std::optional<std::string> ObjectReader::choice(std::string_view key,
                                                const std::vector<std::string>& choices,
                                                bool required) {
  std::string expected = "one of ";
  for (std::size_t i = 0; i < choices.size(); ++i) {
    expected += fmt::format("{}\"{}\"", i ? ", " : "", choices[i]);
  }
  return read_value<std::string>(
      *this, key, required, expected, [&](const Json& v) -> std::optional<std::string> {
        if (!v.is_string()) return std::nullopt;
        const auto s = v.get<std::string>();
        if (std::find(choices.begin(), choices.end(), s) == choices.end()) return std::nullopt;
        return s;
      });
}

void ObjectReader::array(std::string_view key,
                         const std::function<void(const Json&, const std::string&)>& each,
                         bool required) {
  const Json* v = get(key);
  if (!v) {
    if (required && obj_) missing(key, "an array […]");
    return;
  }
  if (!v->is_array()) {
    bad(key, *v, "an array […]");
    return;
  }
  const auto base = pointer(key);
  for (std::size_t i = 0; i < v->size(); ++i)
    each((*v)[i], child_pointer(base, i));
}

std::vector<std::pair<std::string, std::string>> ObjectReader::strings(std::string_view key) {
  std::vector<std::pair<std::string, std::string>> out;
  array(key, [&](const Json& e, const std::string& p) {
    if (e.is_string()) {
      out.emplace_back(e.get<std::string>(), p);
    } else {
      diag_.error(p, fmt::format("{} is not valid; expected a string", show(e)));
    }
  });
  return out;
}

void ObjectReader::finish() {
  if (!obj_) return;
  for (const auto& [k, v] : obj_->items()) {
    if (std::find(read_.begin(), read_.end(), k) != read_.end() || (!k.empty() && k[0] == '$') ||
        k == "comment")
      continue;
    std::vector<std::string> known(read_.begin(), read_.end());
    std::sort(known.begin(), known.end());
    std::string msg = "unknown key" + did_you_mean(k, known);
    if (msg == "unknown key") {
      std::string list;
      for (const auto& x : known)
        list += (list.empty() ? "" : ", ") + x;
      msg += "; expected one of: " + list;
    }
    diag_.error(child_pointer(ptr_, k), msg);
  }
}

}  // namespace vpcsim::load
