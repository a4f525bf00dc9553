#pragma once
// Packet: what the path decides on, the model's packet header (topology/net/packet_header.h).

#include "topology/net/packet_header.h"

namespace vpcsim::path {

using Packet = net::PacketHeader;
namespace tcp = net::tcp;

}  // namespace vpcsim::path
