// `smsmc matrix`: the verdict of every property for every variant at one
// (N, M), computed by exhaustive exploration, as a markdown table (the
// README's verdict table is this command's output).
#include "spec/check.h"
#include "spec/shared_parent.h"
#include "spec/variants.h"
#include "tools/smsmc/commands.h"
#include "tools/smsmc/json_report.h"

#include <fmt/core.h>

#include <memory>
#include <thread>

namespace smsmc::cli {

void add_matrix(CLI::App& app, int& exit_code) {
  struct Args {
    int sites = 2;
    int logon_servers = 3;
    bool json = false;
    bool no_symmetry = false;
    ParentArgs parent;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand("matrix", "Check every variant and print the verdict table (markdown)");
  cmd->add_option("--sites,-n", args->sites, "N: number of secondary sites")->capture_default_str();
  cmd->add_option("--logon-servers,-m", args->logon_servers, "M: logon servers per secondary site")->capture_default_str();
  add_parent_options(cmd, args->parent);
  json::add_flag(cmd, args->json);
  cmd->add_flag("--no-symmetry", args->no_symmetry, "Count every state, not one per orbit of interchangeable sites");
  cmd->callback([args, &exit_code] {
    const sm::SharedParent parent = resolve_parent(args->parent);
    std::vector<spec::CheckReport> reports;
    for (const spec::Variant& variant : spec::variants()) {
      spec::Config config{&variant, args->sites, args->logon_servers, spec::Environment::unattended};
      config.parent = parent;
      spec::CheckOptions options;
      options.threads = std::max(1u, std::thread::hardware_concurrency());
      options.symmetry = !args->no_symmetry;
      reports.push_back(spec::check_protocol(config, options));
    }
    if (args->json) {
      exit_code = json::emit_matrix(reports,
                                    {{"sites", args->sites},
                                     {"logon_servers", args->logon_servers},
                                     {"hm", spec::hm_mode_name(parent.hm)},
                                     {"sender_slots", parent.slots_limited() ? json::Json(parent.sender_slots)
                                                                             : json::Json("unlimited")}},
                                    exit_holds);
      return;
    }
    fmt::print("| property |");
    for (const spec::CheckReport& r : reports) fmt::print(" `{}` |", r.config.variant->name);
    fmt::print("\n|---|");
    for (std::size_t i = 0; i < reports.size(); ++i) fmt::print("---|");
    fmt::print("\n");
    for (const spec::PropertyInfo& info : spec::property_catalog()) {
      fmt::print("| `{}`{} |", info.name, info.role == spec::Role::property ? "" : fmt::format(" ({})", spec::role_name(info.role)));
      for (const spec::CheckReport& r : reports) {
        const spec::CheckedProperty* p = r.find(info.name);
        const bool bad = spec::is_failure(p->outcome);
        std::string cell = spec::outcome_name(p->outcome);
        if (p->outcome == spec::Outcome::violated && p->result.path)
          cell = fmt::format("violated ({} steps)", p->result.path->actions.size());
        fmt::print(" {}{}{} |", bad ? "**" : "", cell, bad ? "**" : "");
      }
      fmt::print("\n");
    }
    bool orbits = false;
    for (const spec::CheckReport& r : reports) {
      for (const spec::EnvironmentRun& run : r.runs) orbits |= run.stats.symmetry;
    }
    fmt::print("| states (both environments{}) |", orbits ? "; one per orbit of the sites" : "");
    for (const spec::CheckReport& r : reports) fmt::print(" {} |", r.states());
    const std::string shared = spec::describe_parent(parent);
    std::string flags;
    if (parent.one_hm()) flags += " --hm one-at-a-time";
    if (parent.slots_limited()) flags += fmt::format(" --sender-slots {}", parent.sender_slots);
    fmt::print("\n\nN = {}, M = {}{}; `smsmc matrix --sites {} --logon-servers {}{}`.\n", args->sites,
               args->logon_servers, shared.empty() ? "" : ", shared parent: " + shared, args->sites, args->logon_servers,
               flags);
    exit_code = exit_holds;
  });
}

}  // namespace smsmc::cli
