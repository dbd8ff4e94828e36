// `smsmc describe`: every service's transition table as markdown, walked from
// the compiled MSM tables (render/describe.h).
#include "render/describe.h"
#include "statemachines/registry.h"
#include "tools/smsmc/commands.h"

#include <fmt/core.h>

#include <memory>

namespace smsmc::cli {

void add_describe(CLI::App& app, int& exit_code) {
  auto machine = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand("describe", "Print every service's transition table (markdown), from the MSM tables");
  cmd->add_option("--machine", *machine, "Only this machine (e.g. despooler)");
  cmd->callback([machine, &exit_code] {
    const std::string text = render::describe(sm::Registry::protocol(), *machine);
    if (text.empty()) throw UsageError("unknown machine '" + *machine + "' (try `smsmc describe` for all)");
    fmt::print("{}", text);
    exit_code = exit_holds;
  });
}

}  // namespace smsmc::cli
