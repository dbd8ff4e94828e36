// `smsmc list`: the variants, the properties and the checked grids. With
// --markdown it prints the tables the README and spec/ embed, so those are
// generated from the catalogues, never copied (tests/docs_test.cpp checks).
#include "spec/expectations.h"
#include "spec/properties.h"
#include "spec/shared_parent.h"
#include "spec/variants.h"
#include "tools/smsmc/commands.h"

#include <fmt/core.h>

#include <memory>

namespace smsmc::cli {

namespace {

std::string join(const std::vector<int>& values) {
  std::string out;
  for (int v : values) out += (out.empty() ? "" : ", ") + std::to_string(v);
  return "{" + out + "}";
}

void print_text() {
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
}

void print_variants_markdown() {
  fmt::print("| variant | summary |\n|---|---|\n");
  for (const spec::Variant& v : spec::variants()) fmt::print("| `{}` | {} |\n", v.name, v.summary);
}

void print_properties_markdown() {
  fmt::print("| property | kind | role | environment | statement |\n|---|---|---|---|---|\n");
  for (const spec::PropertyInfo& p : spec::property_catalog()) {
    std::string role = spec::role_name(p.role);
    if (*p.partner != '\0') role += fmt::format(" for `{}`", p.partner);
    fmt::print("| `{}` | {} | {} | {} | {} |\n", p.name, mc::expectation_name(p.kind), role,
               spec::environment_name(p.environment), p.statement);
  }
}

void print_grids_markdown() {
  const spec::Expectations expectations = spec::load_expectations(spec::default_expectations_file());
  fmt::print("| profile | explorer | N (sites) | M (logon servers) | runs |\n|---|---|---|---|---|\n");
  for (const auto& [name, grid] : expectations.exhaustive)
    fmt::print("| `{}` | exhaustive | {} | {} | |\n", name, join(grid.sites), join(grid.logon_servers));
  // Each shared parent (spec/shared-parent.md) over the profile's own grid.
  std::string parents;
  for (const spec::SharedParentExpectation& e : expectations.shared_parents)
    parents += (parents.empty() ? "" : "; ") + spec::describe_parent(e.parent);
  for (const auto& [name, grid] : expectations.shared_parent_grids)
    fmt::print("| `{}` | exhaustive, shared parent ({}) | {} | {} | |\n", name, parents, join(grid.sites),
               join(grid.logon_servers));
  for (const auto& [name, grid] : expectations.property_based) {
    std::string schedulers;
    for (const std::string& s : grid.schedulers) schedulers += (schedulers.empty() ? "" : ", ") + s;
    fmt::print("| `{}` | schedules ({}) | {}..{} | {}..{} | {} per scheduler |\n", name, schedulers, grid.min_sites,
               grid.max_sites, grid.min_logon_servers, grid.max_logon_servers, grid.runs);
  }
}

}  // namespace

void add_list(CLI::App& app, int& exit_code) {
  struct Args {
    bool markdown = false;
    std::string section = "all";
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand("list", "List the protocol variants and the properties");
  cmd->add_flag("--markdown", args->markdown, "Print markdown tables (what the README and spec/ embed)");
  cmd->add_option("--section", args->section, "With --markdown: variants, properties, grids or all")
      ->check(CLI::IsMember({"variants", "properties", "grids", "all"}))
      ->capture_default_str();
  cmd->callback([args, &exit_code] {
    if (!args->markdown) {
      if (args->section != "all") throw UsageError("--section needs --markdown");
      print_text();
    } else {
      const bool all = args->section == "all";
      if (all || args->section == "variants") print_variants_markdown();
      if (all) fmt::print("\n");
      if (all || args->section == "properties") print_properties_markdown();
      if (all) fmt::print("\n");
      if (all || args->section == "grids") print_grids_markdown();
    }
    exit_code = exit_holds;
  });
}

}  // namespace smsmc::cli
