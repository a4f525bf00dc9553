#pragma once
// Resource references: a string in an input file that names one resource of a kind by its
// id, name or alias ("vpc-main", "web", "i-0abc"), looked up in that kind's NameIndex (the
// names declared so far while a topology is read, or a loaded topology's). An unknown name is
// an error at its JSON pointer, with the nearest known names.

#include <string>
#include <string_view>

#include <fmt/format.h>

#include "topology/load/object_reader.h"
#include "topology/load/suggest.h"
#include "topology/model/name_index.h"
#include "topology/model/resource_index.h"

namespace vpcsim::load {

// The resource of kind `k` that `text`, found at `pointer`, names; else an error and an
// invalid index.
template <class Index>
Index resolve_reference(const model::NameIndex& names, model::ResourceKind k,
                        const std::string& text, const std::string& pointer, Diagnostics& diag) {
  if (const auto i = names.find_one(text)) return Index(*i);
  diag.error(pointer, fmt::format("unknown {} \"{}\"{}", model::kind_name(k), text,
                                  did_you_mean(text, names.keys())));
  return Index();
}

// The resource of kind `k` that the string `r[key]` names. An absent key is an error only if
// `required`; either way the index is invalid.
template <class Index>
Index read_reference(ObjectReader& r, std::string_view key, model::ResourceKind k,
                     const model::NameIndex& names, bool required = true) {
  const auto text = r.string(key, required);
  if (!text) return Index();
  return resolve_reference<Index>(names, k, *text, r.pointer(key), r.diag());
}

}  // namespace vpcsim::load
