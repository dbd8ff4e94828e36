#include "tools/smsmc/report.h"

#include "io/text.h"
#include "spec/shared_parent.h"
#include "spec/variants.h"
#include "tools/smsmc/commands.h"

#include <fmt/core.h>
#include <unistd.h>

namespace smsmc::cli {

void add_parent_options(CLI::App* cmd, ParentArgs& args) {
  cmd->add_option("--hm", args.hm,
                  "The parent's Hierarchy Manager: one-job-per-site (every site's upgrade on its own) or "
                  "one-at-a-time (one HM serves one site at a time; spec/shared-parent.md)")
      ->capture_default_str();
  cmd->add_option("--sender-slots", args.sender_slots,
                  fmt::format("Packages the parent's Sender carries at once over all sites: unlimited, or 1..{} "
                              "(spec/shared-parent.md)",
                              spec::max_sender_slots))
      ->capture_default_str();
}

sm::SharedParent resolve_parent(const ParentArgs& args) {
  sm::SharedParent parent;
  const std::optional<sm::HmMode> hm = spec::parse_hm_mode(args.hm);
  if (!hm) throw UsageError("--hm takes one-job-per-site or one-at-a-time, got " + io::quoted(args.hm, 64));
  parent.hm = *hm;
  const std::optional<int> slots = spec::parse_sender_slots(args.sender_slots);
  if (!slots)
    throw UsageError(fmt::format("--sender-slots takes unlimited or a whole number 1..{}, got {}",
                                 spec::max_sender_slots, io::quoted(args.sender_slots, 64)));
  parent.sender_slots = *slots;
  return parent;
}

void add_config_options(CLI::App* cmd, ConfigArgs& args) {
  cmd->add_option("--variant,-v", args.variant, "Protocol variant (see `smsmc list`)")->capture_default_str();
  cmd->add_option("--sites,-n", args.sites, "N: number of secondary sites")->capture_default_str();
  cmd->add_option("--logon-servers,-m", args.logon_servers, "M: logon servers per secondary site")->capture_default_str();
  add_parent_options(cmd, args.parent);
}

spec::Config resolve_config(const ConfigArgs& args) {
  const spec::Variant* variant = spec::find_variant(args.variant);
  if (variant == nullptr) throw UsageError("unknown variant '" + args.variant + "' (see `smsmc list`)");
  spec::Config config{variant, args.sites, args.logon_servers, spec::Environment::unattended};
  config.parent = resolve_parent(args.parent);
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
