#include "sim/analysis/matrix.h"

#include <map>

#include "sim/analysis/internet_sources.h"
#include "sim/analysis/reach.h"

namespace vpcsim::analysis {

std::vector<std::pair<std::string, model::Endpoint>> matrix_endpoints(const model::Topology& t,
                                                                      bool internet) {
  std::vector<std::pair<std::string, model::Endpoint>> out;
  for (std::uint32_t i = 0; i < t.enis().size(); ++i) {
    const auto e = model::EniIndex(i);
    if (t.nat_of_eni(e).valid()) continue;
    const auto& eni = t.eni(e);
    model::Endpoint ep;
    ep.eni = e;
    ep.text = eni.name.empty() ? eni.id : eni.name;
    out.emplace_back(ep.text, ep);
  }
  if (internet) {
    model::Endpoint ep;
    ep.text = "internet";
    out.emplace_back("internet", ep);
  }
  return out;
}

namespace {

MatrixCell pair_cell(Reachability& r, const model::Topology& t, const model::Endpoint& from,
                     const model::Endpoint& to, const MatrixQuery& q) {
  MatrixCell c;
  if (!q.port && q.protocol.has_ports()) {
    // From "the internet": every port some public source reaches (internet_sources.h).
    const auto s = from.is_internet() && !from.address ? internet_port_space(t, to).any
                                                       : reachable_ports(t, from, to);
    c.ports = port_space_text(s);
    c.reachable = !s.empty();
    return c;
  }
  const auto a = r.reach({from, to, q.protocol, q.port.value_or(0)}, false);
  // From "the internet": reachable when any public source is (internet_sources.h), not only
  // the one host asked first; a blocked cell keeps that host's verdict.
  if (from.is_internet() && !from.address && !a.reachable && q.port) {
    c.reachable = !internet_sources(t, to, q.protocol, *q.port).reachable.empty();
    if (c.reachable) return c;
  }
  c.reachable = a.reachable;
  if (const auto b = a.block()) c.verdict = b->verdict;
  return c;
}

}  // namespace

Matrix reach_matrix(const model::Topology& t, const MatrixQuery& q) {
  const auto endpoints = matrix_endpoints(t, q.internet);
  Reachability r(t);
  Matrix m;
  if (q.grouping == Grouping::none) {
    for (const auto& [label, ep] : endpoints)
      m.labels.push_back(label);
    const auto n = endpoints.size();
    m.cells.resize(n * n);
    for (std::size_t i = 0; i < n; ++i) {
      for (std::size_t j = 0; j < n; ++j) {
        auto& c = m.cells[i * n + j];
        if (i == j) {
          c.self = true;
          continue;
        }
        c = pair_cell(r, t, endpoints[i].second, endpoints[j].second, q);
      }
    }
    return m;
  }
  // Groups: by security group (an interface in several groups is in each) or by subnet.
  std::map<std::string, std::vector<std::size_t>> groups;
  for (std::size_t i = 0; i < endpoints.size(); ++i) {
    const auto& ep = endpoints[i].second;
    if (ep.is_internet()) {
      groups["internet"].push_back(i);
      continue;
    }
    const auto& eni = t.eni(ep.eni);
    if (q.grouping == Grouping::subnet) {
      groups[t.subnet(eni.subnet).id].push_back(i);
    } else if (q.grouping == Grouping::tag) {
      const auto tag = eni.tags.find(q.tag_key);
      groups[tag == eni.tags.end() ? "(no " + q.tag_key + ")" : q.tag_key + "=" + tag->second]
          .push_back(i);
    } else {
      for (const auto g : eni.security_groups)
        groups[t.security_group(g).id].push_back(i);
    }
  }
  std::vector<const std::vector<std::size_t>*> members;
  for (const auto& [name, list] : groups) {
    m.labels.push_back(name);
    members.push_back(&list);
  }
  const auto n = m.labels.size();
  m.cells.resize(n * n);
  // Each pair of interfaces is asked once, whatever groups it is in.
  std::map<std::pair<std::size_t, std::size_t>, MatrixCell> asked;
  for (std::size_t gi = 0; gi < n; ++gi) {
    for (std::size_t gj = 0; gj < n; ++gj) {
      auto& c = m.cells[gi * n + gj];
      std::size_t pairs = 0, ok = 0;
      for (const auto a : *members[gi]) {
        for (const auto b : *members[gj]) {
          if (a == b) continue;
          auto it = asked.find({a, b});
          if (it == asked.end())
            it = asked
                     .emplace(std::pair{a, b},
                              pair_cell(r, t, endpoints[a].second, endpoints[b].second, q))
                     .first;
          ++pairs;
          if (it->second.reachable) {
            ++ok;
          } else if (pairs - ok == 1) {  // the first blocked pair
            c.verdict = it->second.verdict;
          }
          if (c.ports.empty()) c.ports = it->second.ports;
        }
      }
      c.self = pairs == 0;
      c.reachable = pairs > 0 && ok == pairs;
      c.partial = ok > 0 && ok < pairs;
    }
  }
  return m;
}

}  // namespace vpcsim::analysis
