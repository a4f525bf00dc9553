#include "sim/path/eigw_table.h"

namespace vpcsim::path {

void EigwTable::outbound(model::EigwIndex g, const net::FiveTuple& t, net::SimTime now) {
  // Forget a few idle connections first, so that the table holds live ones, not history.
  table_.sweep(sweep_cursor_, 8,
               [now](const Key&, const net::SimTime& expires) { return now > expires; });
  *table_.try_emplace(Key{g.value(), t}).first = now + kIdleTimeout;
}

bool EigwTable::admit_reply(model::EigwIndex g, const net::FiveTuple& t, net::SimTime now) {
  auto* expires = table_.find(Key{g.value(), t.reversed()});
  if (expires == nullptr || now > *expires) return false;
  *expires = now + kIdleTimeout;
  return true;
}

}  // namespace vpcsim::path
