#pragma once
// Shared helpers for the engine::Simulation tests.

#include <string>

namespace vpcsim::test::simulation_fixture {

// One HTTPS conversation from the internet to web (a flow of a "traffic.flows" array).
inline const char* const kHttps =
    R"({"name": "https", "from": "internet", "to": "web", "protocol": "tcp", "port": 443})";

}  // namespace vpcsim::test::simulation_fixture
