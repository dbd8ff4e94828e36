// `smsmc timing`: every duration name, the rows it times, what it stands
// for in SMS 1.2, and each profile's values (spec/timing.yaml).
#include "spec/timing.h"
#include "tools/smsmc/commands.h"
#include "tools/smsmc/timed.h"

#include <fmt/core.h>

#include <memory>

namespace smsmc::cli {

namespace {

/// Text for a markdown table cell: no raw HTML, no column breaks.
std::string cell(const std::string& text) {
  std::string out;
  for (const char c : text) {
    if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else if (c == '|') out += "\\|";
    else out += c;
  }
  return out;
}

int run_timing(const std::string& file, bool markdown) {
  const spec::TimingCatalog catalog = file.empty() ? spec::load_timing() : spec::load_timing(file);
  if (markdown) {
    fmt::print("| duration | step (service: rows) | meaning in SMS 1.2 |\n|---|---|---|\n");
    for (const spec::DurationRow& row : spec::duration_rows()) {
      std::string rows;
      for (const std::string& r : row.rows) rows += (rows.empty() ? "" : "<br>") + ("`" + r + "`");
      fmt::print("| `{}` | {}: {} | {} |\n", row.name, row.service, rows, cell(catalog.meanings.at(row.name)));
    }
    fmt::print("\n| duration |");
    for (const spec::TimingProfile& p : catalog.profiles) fmt::print(" `{}` |", p.name);
    fmt::print("\n|---|");
    for (std::size_t i = 0; i < catalog.profiles.size(); ++i) fmt::print("---|");
    fmt::print("\n");
    for (const spec::DurationRow& row : spec::duration_rows()) {
      fmt::print("| `{}` |", row.name);
      for (const spec::TimingProfile& p : catalog.profiles) fmt::print(" {} |", spec::format_duration(p.at(row.name)));
      fmt::print("\n");
    }
    return exit_holds;
  }
  fmt::print("Durations (seconds; each step event declares its name in its machine's header):\n\n");
  for (const spec::DurationRow& row : spec::duration_rows()) {
    fmt::print("{}\n  step: {} {}\n", row.name, row.service, row.event);
    for (const std::string& r : row.rows) fmt::print("    row: {}\n", r);
    fmt::print("  meaning: {}\n\n", catalog.meanings.at(row.name));
  }
  for (const spec::TimingProfile& p : catalog.profiles) {
    fmt::print("profile {}: {}\n", p.name, p.description);
    for (const spec::DurationRow& row : spec::duration_rows()) {
      const auto source = p.sources.find(row.name);
      fmt::print("  {:<24} {:>14}{}\n", row.name, spec::format_duration(p.at(row.name)),
                 source != p.sources.end() && !source->second.empty() ? "  (" + source->second + ")" : "");
    }
    fmt::print("\n");
  }
  return exit_holds;
}

}  // namespace

void add_timing(CLI::App& app, int& exit_code) {
  auto file = std::make_shared<std::string>();
  auto markdown = std::make_shared<bool>(false);
  CLI::App* cmd = app.add_subcommand("timing", "List the step durations, the rows they time, and the timing profiles");
  cmd->add_option("--timing-file", *file, "Read the timing profiles from this file instead of spec/timing.yaml");
  cmd->add_flag("--markdown", *markdown, "Print markdown tables (spec/timing.md embeds them)");
  cmd->callback([file, markdown, &exit_code] { exit_code = run_timing(*file, *markdown); });
}

}  // namespace smsmc::cli
