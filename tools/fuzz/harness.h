#pragma once
// Fuzz harnesses: one function per reader of untrusted input, each taking the bytes of one
// input and doing what vpcsim does with such a file. Built into the normal test suite (every
// saved input under tests/fixtures/fuzz/<harness>/ is replayed there, so a crash once found
// stays fixed) and, with clang, into libFuzzer targets (tools/fuzz/targets, ./dev.sh fuzz).
// A harness must not crash, hang or leak, whatever the bytes: it returns normally.

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace vpcsim::fuzz {

// A scenario document (JSON with comments), loaded as `vpcsim validate` does.
void scenario_loader(const std::uint8_t* data, std::size_t size);
// A flow-log format string ("${version} ${srcaddr} …").
void flow_log_format(const std::uint8_t* data, std::size_t size);
// An endpoint as given to reach --from (resolved against the bundled three-tier design).
void endpoint_resolver(const std::uint8_t* data, std::size_t size);
// A capture (pcap or pcapng), read record by record.
void pcap_reader(const std::uint8_t* data, std::size_t size);
// A capture replayed against three-tier with flow logs: the whole replay path.
void replay(const std::uint8_t* data, std::size_t size);
// A file of describe-* output in an account's Region folder, imported as `vpcsim validate`
// imports an AWS snapshot, native loading included.
void aws_snapshot(const std::uint8_t* data, std::size_t size);

struct Harness {
  std::string_view name;
  void (*run)(const std::uint8_t*, std::size_t);
};
inline constexpr Harness kHarnesses[] = {{"scenario_loader", scenario_loader},
                                         {"flow_log_format", flow_log_format},
                                         {"endpoint_resolver", endpoint_resolver},
                                         {"pcap_reader", pcap_reader},
                                         {"replay", replay},
                                         {"aws_snapshot", aws_snapshot}};

}  // namespace vpcsim::fuzz
