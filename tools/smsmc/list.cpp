#include "spec/properties.h"
#include "spec/variants.h"
#include "tools/smsmc/commands.h"

#include <fmt/core.h>

namespace smsmc::cli {

void add_list(CLI::App& app, int& exit_code) {
  CLI::App* cmd = app.add_subcommand("list", "List the protocol variants and the properties");
  cmd->callback([&exit_code] {
    fmt::print("Variants (--variant):\n");
    for (const spec::Variant& v : spec::variants()) fmt::print("  {:<26} {}\n", v.name, v.summary);
    fmt::print("\nProperties (--property):\n");
    for (const spec::PropertyInfo& p : spec::property_catalog()) {
      std::string role = spec::role_name(p.role);
      if (*p.partner != '\0') role += std::string(" for ") + p.partner;
      fmt::print("  {:<22} {:<10} {:<34} {}\n", p.name, mc::expectation_name(p.kind), role,
                 spec::environment_name(p.environment));
      fmt::print("  {:<22} {}\n", "", p.statement);
    }
    exit_code = exit_holds;
  });
}

}  // namespace smsmc::cli
