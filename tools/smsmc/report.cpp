#include "tools/smsmc/report.h"

#include "spec/variants.h"
#include "tools/smsmc/commands.h"

#include <fmt/core.h>
#include <unistd.h>

namespace smsmc::cli {

void add_config_options(CLI::App* cmd, ConfigArgs& args) {
  cmd->add_option("--variant,-v", args.variant, "Protocol variant (see `smsmc list`)")->capture_default_str();
  cmd->add_option("--sites,-n", args.sites, "N: number of secondary sites")->capture_default_str();
  cmd->add_option("--logon-servers,-m", args.logon_servers, "M: logon servers per secondary site")->capture_default_str();
}

spec::Config resolve_config(const ConfigArgs& args) {
  const spec::Variant* variant = spec::find_variant(args.variant);
  if (variant == nullptr) throw UsageError("unknown variant '" + args.variant + "' (see `smsmc list`)");
  const spec::Config config{variant, args.sites, args.logon_servers, spec::Environment::unattended};
  spec::validate(config);
  return config;
}

std::string plural(std::uint64_t n, const char* one, const char* many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

void print_trace(std::FILE* out, const trace::Trace& trace) {
  std::size_t width = 0;
  for (const trace::TraceStep& step : trace.steps) width = std::max(width, step.actor.size());
  for (std::size_t i = 0; i < trace.steps.size(); ++i) {
    const trace::TraceStep& step = trace.steps[i];
    if (trace.loop_start && *trace.loop_start == i)
      fmt::print(out, "      -- the steps below repeat forever (a fair cycle that never reaches the goal) --\n");
    std::string changes;
    for (const auto& [actor, state] : step.states) {
      changes += changes.empty() ? "" : ", ";
      changes += actor + "=" + state;
    }
    fmt::print(out, "  {:>3}. {:<{}}  {:<28} -> {}\n", i + 1, step.actor, width, step.event, changes);
    for (const trace::TraceLog& line : step.log) fmt::print(out, "       {:<{}}  log: {}\n", line.actor, width, line.text);
  }
  if (trace.steps.empty()) fmt::print(out, "  (the initial state)\n");
}

ProgressLine::ProgressLine() : tty_(isatty(STDERR_FILENO) == 1) {}

void ProgressLine::update(const std::string& label, const mc::Progress& p) {
  if (!tty_) return;
  const double rate = p.seconds > 0 ? static_cast<double>(p.states) / p.seconds : 0;
  fmt::print(stderr, "\r\033[K{}: {} {} states, {:.0f} states/s, depth {}, {:.1f}s", label, p.phase, p.states, rate,
             p.depth, p.seconds);
  std::fflush(stderr);
  dirty_ = true;
}

void ProgressLine::finish() {
  if (tty_ && dirty_) fmt::print(stderr, "\r\033[K");
  dirty_ = false;
}

}  // namespace smsmc::cli
