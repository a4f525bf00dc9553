#include "topology/model/flow_log_format.h"

#include <fmt/format.h>

namespace vpcsim::model {

const std::vector<FlowLogFieldInfo>& flow_log_fields() {
  using F = FlowLogField;
  static const std::vector<FlowLogFieldInfo> fields = {
      {F::version, "version", 2},
      {F::account_id, "account-id", 2},
      {F::interface_id, "interface-id", 2},
      {F::srcaddr, "srcaddr", 2},
      {F::dstaddr, "dstaddr", 2},
      {F::srcport, "srcport", 2},
      {F::dstport, "dstport", 2},
      {F::protocol, "protocol", 2},
      {F::packets, "packets", 2},
      {F::bytes, "bytes", 2},
      {F::start, "start", 2},
      {F::end, "end", 2},
      {F::action, "action", 2},
      {F::log_status, "log-status", 2},
      {F::vpc_id, "vpc-id", 3},
      {F::subnet_id, "subnet-id", 3},
      {F::instance_id, "instance-id", 3},
      {F::tcp_flags, "tcp-flags", 3},
      {F::type, "type", 3},
      {F::pkt_srcaddr, "pkt-srcaddr", 3},
      {F::pkt_dstaddr, "pkt-dstaddr", 3},
      {F::region, "region", 4},
      {F::az_id, "az-id", 4},
      {F::sublocation_type, "sublocation-type", 4},
      {F::sublocation_id, "sublocation-id", 4},
      {F::pkt_src_aws_service, "pkt-src-aws-service", 5},
      {F::pkt_dst_aws_service, "pkt-dst-aws-service", 5},
      {F::flow_direction, "flow-direction", 5},
      {F::traffic_path, "traffic-path", 5},
      {F::ecs_cluster_arn, "ecs-cluster-arn", 7},
      {F::ecs_cluster_name, "ecs-cluster-name", 7},
      {F::ecs_container_instance_arn, "ecs-container-instance-arn", 7},
      {F::ecs_container_instance_id, "ecs-container-instance-id", 7},
      {F::ecs_container_id, "ecs-container-id", 7},
      {F::ecs_second_container_id, "ecs-second-container-id", 7},
      {F::ecs_service_name, "ecs-service-name", 7},
      {F::ecs_task_definition_arn, "ecs-task-definition-arn", 7},
      {F::ecs_task_arn, "ecs-task-arn", 7},
      {F::ecs_task_id, "ecs-task-id", 7},
      {F::reject_reason, "reject-reason", 8},
  };
  return fields;
}

FlowLogFormat FlowLogFormat::default_v2() {
  FlowLogFormat f;
  for (const auto& i : flow_log_fields()) {
    if (i.version == 2) f.fields.push_back(i.field);
  }
  return f;
}

std::string FlowLogFormat::header() const {
  std::string out;
  for (const auto f : fields) {
    if (!out.empty()) out += ' ';
    out += flow_log_fields()[static_cast<std::size_t>(f)].name;
  }
  return out;
}

}  // namespace vpcsim::model
