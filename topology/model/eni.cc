#include "topology/model/eni.h"

namespace vpcsim::model {

std::string_view owner_kind_name(OwnerKind k) {
  switch (k) {
    case OwnerKind::instance:
      return "instance";
    case OwnerKind::alb:
      return "alb";
    case OwnerKind::nlb:
      return "nlb";
    case OwnerKind::rds:
      return "rds";
    case OwnerKind::nat_gateway:
      return "nat";
    case OwnerKind::lambda:
      return "lambda";
    case OwnerKind::gwlb_endpoint:
      return "gwlb_endpoint";
    case OwnerKind::other:
      return "other";
  }
  return "other";
}

}  // namespace vpcsim::model
