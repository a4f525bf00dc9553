#pragma once
// FlowLogFormat: which fields a flow-log record has, in which order: the default version 2
// format, or a custom list of fields. The version of a custom format is the highest version
// among its fields (https://docs.aws.amazon.com/vpc/latest/userguide/flow-log-records.html).
// load/flow_log_format_reader.h parses the "${field} ${field} …" text.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace vpcsim::model {

enum class FlowLogField : std::uint8_t {
  version,
  account_id,
  interface_id,
  srcaddr,
  dstaddr,
  srcport,
  dstport,
  protocol,
  packets,
  bytes,
  start,
  end,
  action,
  log_status,  // v2
  vpc_id,
  subnet_id,
  instance_id,
  tcp_flags,
  type,
  pkt_srcaddr,
  pkt_dstaddr,  // v3
  region,
  az_id,
  sublocation_type,
  sublocation_id,  // v4
  pkt_src_aws_service,
  pkt_dst_aws_service,
  flow_direction,
  traffic_path,  // v5
  ecs_cluster_arn,
  ecs_cluster_name,
  ecs_container_instance_arn,  // v7
  ecs_container_instance_id,
  ecs_container_id,
  ecs_second_container_id,
  ecs_service_name,
  ecs_task_definition_arn,
  ecs_task_arn,
  ecs_task_id,
  reject_reason,  // v8
};

struct FlowLogFieldInfo {
  FlowLogField field;
  std::string_view name;  // as AWS spells it: "pkt-srcaddr"
  std::uint8_t version;
};
const std::vector<FlowLogFieldInfo>& flow_log_fields();

struct FlowLogFormat {
  std::vector<FlowLogField> fields;
  std::uint8_t version = 2;

  static FlowLogFormat default_v2();
  // The header line: the field names separated by spaces.
  std::string header() const;
};

}  // namespace vpcsim::model
