// `smsmc threshold`: M*, the least number of logon servers per site at
// which a variant races under a timing profile (spec/threshold.h), with the
// timed counterexample at M* and the verdict at M* - 1.
#include "spec/threshold.h"
#include "spec/variants.h"
#include "tools/smsmc/bounds.h"
#include "tools/smsmc/commands.h"
#include "tools/smsmc/json_report.h"
#include "tools/smsmc/report.h"
#include "tools/smsmc/timed.h"
#include "trace/record.h"

#include <fmt/core.h>

#include <memory>
#include <optional>

namespace smsmc::cli {

namespace {

struct ThresholdArgs {
  std::string variant = "original";
  int sites = 1;
  int max_m = 64;
  bool every_m = false;
  double timeout = 0;
  std::string trace_out;
  TimingArgs timing;
  bool json = false;
};

/// `--json`: the result as one document; the trace file is written as
/// without it.
int emit_json(const ThresholdArgs& args, const spec::Variant& variant, const spec::TimingProfile& profile,
              const spec::ThresholdResult& result) {
  const json::Json settings = {
      {"variant", variant.name},
      {"sites", args.sites},
      {"max_m", args.max_m},
      {"every_m", args.every_m},
      {"timeout", args.timeout},
      {"trace_out", args.trace_out.empty() ? json::Json(nullptr) : json::Json(args.trace_out)},
      {"timing", json::timing_json(profile)},
  };
  const spec::ClosedForm form = spec::closed_form(variant, profile);
  const spec::ClosedForm* known = args.sites == 1 && form.known ? &form : nullptr;
  if (!result.complete) return json::emit_threshold(result, settings, known, nullptr, exit_incomplete);
  if (!result.m_star) return json::emit_threshold(result, settings, known, nullptr, exit_holds);
  std::optional<trace::Trace> trace;
  if (result.run) {
    const spec::Config config{&variant, args.sites, *result.m_star, spec::Environment::unattended};
    const spec::TimedProtocolModel model(config, profile);
    trace = trace::make_timed_trace(model, *result.run, spec::race_property);
    if (!args.trace_out.empty()) trace::write_trace_file(args.trace_out, *trace);
  }
  return json::emit_threshold(result, settings, known, trace ? &*trace : nullptr, exit_violated);
}

int run_threshold(const ThresholdArgs& args) {
  const spec::Variant* variant = spec::find_variant(args.variant);
  if (variant == nullptr) throw UsageError("unknown variant '" + args.variant + "' (see `smsmc list`)");
  spec::validate(spec::Config{variant, args.sites, args.max_m, spec::Environment::unattended});
  const spec::TimingProfile profile = resolve_timing(args.timing);
  if (!args.trace_out.empty()) bounds::check_output_file(args.trace_out, "--trace-out");
  // With --json the header goes to stderr: stdout holds the document alone.
  fmt::print(args.json ? stderr : stdout, "smsmc threshold: variant {}, N={}, timing {}\n", variant->name, args.sites,
             describe_timing(profile));
  spec::ThresholdOptions options;
  options.sites = args.sites;
  options.max_m = args.max_m;
  options.every_m = args.every_m;
  options.timeout = args.timeout;
  const spec::ThresholdResult result = spec::find_threshold(*variant, profile, options);
  if (args.json) return emit_json(args, *variant, profile, result);
  fmt::print("checked M = 0..{} ({} zones stored, {} visited, {:.3f} s)\n",
             static_cast<int>(result.verdicts.size()) - 1, result.zones_stored, result.zones_visited, result.seconds);
  if (args.every_m) {
    std::string line;
    for (std::size_t m = 0; m < result.verdicts.size(); ++m)
      line += fmt::format("{}M={}: {}", m == 0 ? "" : ", ", m, mc::verdict_name(result.verdicts[m]));
    fmt::print("{} {}\n", spec::race_property, line);
  }
  if (args.sites == 1) {
    const spec::ClosedForm form = spec::closed_form(*variant, profile);
    if (form.known)
      fmt::print("closed form (spec/timing.md, N = 1): {}; {}\n", form.formula,
                 form.m_star ? fmt::format("M* = {}", *form.m_star) : std::string("race-free for every M"));
  }
  if (!result.complete) {
    fmt::print("\nResult: INCOMPLETE: a check stopped before its verdict (--timeout)\n");
    return exit_incomplete;
  }
  if (!result.m_star) {
    fmt::print("\nM* : race-free for every M <= {} ({} holds)\n", args.max_m, spec::race_property);
    return exit_holds;
  }
  const int m = *result.m_star;
  if (m == 0)
    fmt::print("\nM* = 0: racy already without logon servers ({} violated at M = 0)\n", spec::race_property);
  else
    fmt::print("\nM* = {}: {} holds at M = {} and is violated at M = {}\n", m, spec::race_property, m - 1, m);
  if (result.run) {
    spec::Config config{variant, args.sites, m, spec::Environment::unattended};
    const spec::TimedProtocolModel model(config, profile);
    fmt::print("\nTimed counterexample at M = {} ({}, fewest steps, earliest times, checked by replay):\n", m,
               plural(result.run->steps.size(), "step", "steps"));
    print_timed_run(stdout, model, *result.run, spec::race_property);
    if (!args.trace_out.empty()) {
      trace::write_trace_file(args.trace_out, trace::make_timed_trace(model, *result.run, spec::race_property));
      fmt::print("  trace written to {}\n", args.trace_out);
    }
  }
  return exit_violated;
}

}  // namespace

void add_threshold(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<ThresholdArgs>();
  CLI::App* cmd = app.add_subcommand(
      "threshold", "Timed mode: M*, the least number of logon servers per site at which a variant races");
  cmd->add_option("--variant,-v", args->variant, "Protocol variant (see `smsmc list`)")->capture_default_str();
  cmd->add_option("--sites,-n", args->sites, "N: number of secondary sites")->capture_default_str();
  cmd->add_option("--max-m", args->max_m, "Largest M to check")->check(CLI::Range(0, spec::max_logon_servers))
      ->capture_default_str();
  cmd->add_flag("--every-m", args->every_m, "Check every M up to --max-m, not only up to M*, and print each verdict");
  cmd->add_option("--timeout", args->timeout, "Stop each check after this many seconds (0: no bound)")
      ->check(bounds::seconds());
  cmd->add_option("--trace-out", args->trace_out, "Write the timed counterexample at M* as a JSON trace (version 3)");
  add_timing_options(cmd, args->timing);
  json::add_flag(cmd, args->json);
  cmd->callback([args, &exit_code] { exit_code = run_threshold(*args); });
}

}  // namespace smsmc::cli
