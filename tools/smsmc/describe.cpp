// `smsmc describe`: every service's transition table as markdown, walked from
// the compiled MSM tables, so the spec's tables can never drift from the code.
#include "statemachines/registry.h"
#include "tools/smsmc/commands.h"

#include <fmt/core.h>

#include <memory>

namespace smsmc::cli {

namespace {
void describe_machine(const sm::MachineInfo& info) {
  fmt::print("## {}\n\n{}\n\n", info.name, info.summary);
  fmt::print("States: ");
  for (std::size_t i = 0; i < info.states.size(); ++i)
    fmt::print("{}`{}`{}", i == 0 ? "" : ", ", info.states[i], i == info.initial ? " (initial)" : "");
  fmt::print(".\n\n| source | event | kind | guard | action | target |\n|---|---|---|---|---|---|\n");
  for (const sm::CompiledRow& row : info.rows) {
    const sm::EventInfo& event = info.events[row.event];
    fmt::print("| {} | `{}` | {} | {} | {} | {} |\n", info.states[row.source], event.name,
               event.spontaneous ? "step" : "message", *row.guard_name ? fmt::format("`{}`", row.guard_name) : "",
               *row.action_name ? fmt::format("`{}`", row.action_name) : "", info.states[row.target]);
  }
  fmt::print("\n");
}
}  // namespace

void add_describe(CLI::App& app, int& exit_code) {
  auto machine = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand("describe", "Print every service's transition table (markdown), from the MSM tables");
  cmd->add_option("--machine", *machine, "Only this machine (e.g. despooler)");
  cmd->callback([machine, &exit_code] {
    bool any = false;
    const sm::Registry& registry = sm::Registry::protocol();
    for (int service = 0; service < registry.size(); ++service) {
      const sm::MachineInfo& info = registry.machine(service);
      if (!machine->empty() && *machine != info.name) continue;
      describe_machine(info);
      any = true;
    }
    if (!any) throw UsageError("unknown machine '" + *machine + "' (try `smsmc describe` for all)");
    exit_code = exit_holds;
  });
}

}  // namespace smsmc::cli
