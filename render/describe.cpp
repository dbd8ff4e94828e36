#include "render/describe.h"

#include <fmt/core.h>

namespace smsmc::render {

namespace {
std::string describe_machine(const sm::MachineInfo& info) {
  std::string out = fmt::format("## {}\n\n{}\n\n", info.name, info.summary);
  out += "States: ";
  for (std::size_t i = 0; i < info.states.size(); ++i)
    out += fmt::format("{}`{}`{}", i == 0 ? "" : ", ", info.states[i], i == info.initial ? " (initial)" : "");
  out += ".\n\n| source | event | kind | guard | action | target |\n|---|---|---|---|---|---|\n";
  for (const sm::CompiledRow& row : info.rows) {
    const sm::EventInfo& event = info.events[row.event];
    out += fmt::format("| {} | `{}` | {} | {} | {} | {} |\n", info.states[row.source], event.name,
                       event.spontaneous ? "step" : "message", *row.guard_name ? fmt::format("`{}`", row.guard_name) : "",
                       *row.action_name ? fmt::format("`{}`", row.action_name) : "", info.states[row.target]);
  }
  return out + "\n";
}
}  // namespace

std::string describe(const sm::Registry& registry, std::string_view only) {
  std::string out;
  for (int service = 0; service < registry.size(); ++service) {
    const sm::MachineInfo& info = registry.machine(service);
    if (!only.empty() && only != info.name) continue;
    out += describe_machine(info);
  }
  return out;
}

}  // namespace smsmc::render
