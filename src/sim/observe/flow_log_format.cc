#include "sim/observe/flow_log_format.h"

#include <fmt/format.h>

#include "topology/load/suggest.h"

namespace vpcsim::observe {

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

std::optional<FlowLogFormat> FlowLogFormat::parse(std::string_view text, std::string& error) {
  FlowLogFormat f;
  f.version = 2;
  std::vector<std::string> names;
  for (const auto& i : flow_log_fields())
    names.emplace_back(i.name);
  std::size_t pos = 0;
  while (pos < text.size()) {
    if (text[pos] == ' ' || text[pos] == '\t') {
      ++pos;
      continue;
    }
    const auto end = text.find_first_of(" \t", pos);
    const auto token =
        text.substr(pos, end == std::string_view::npos ? text.size() - pos : end - pos);
    pos = end == std::string_view::npos ? text.size() : end;
    if (token.size() < 4 || token.substr(0, 2) != "${" || token.back() != '}') {
      error = fmt::format(
          "\"{}\" is not a field; expected ${{field}} tokens separated by spaces, "
          "e.g. '${{version}} ${{interface-id}} ${{srcaddr}}'",
          token);
      return std::nullopt;
    }
    const auto name = token.substr(2, token.size() - 3);
    const FlowLogFieldInfo* found = nullptr;
    for (const auto& i : flow_log_fields()) {
      if (i.name == name) found = &i;
    }
    if (!found) {
      error = fmt::format("unknown flow-log field \"{}\"{}", name, load::did_you_mean(name, names));
      return std::nullopt;
    }
    f.fields.push_back(found->field);
    f.version = std::max(f.version, found->version);
  }
  if (f.fields.empty()) {
    error = "a custom format needs at least one field (AWS: \"you must specify at least one\")";
    return std::nullopt;
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

}  // namespace vpcsim::observe
