#include "sim/explore.h"
#include "spec/variants.h"
#include "tools/smsmc/commands.h"
#include "tools/smsmc/report.h"
#include "trace/trace.h"

#include <fmt/core.h>

#include <memory>

namespace smsmc::cli {

namespace {
struct SimulateArgs {
  ConfigArgs config;
  std::string scheduler = "uniform";
  int runs = 100;
  std::uint64_t seed = 0;
  std::size_t depth = 0;
  int change_points = 3;
  std::string trace_out;
};

int run_simulate(const SimulateArgs& args) {
  const spec::Config config = resolve_config(args.config);
  const spec::Variant* variant = config.variant;
  const std::optional<sim::SchedulerKind> scheduler = sim::find_scheduler(args.scheduler);
  if (!scheduler) throw UsageError("unknown scheduler '" + args.scheduler + "': use uniform or pct");

  sim::ExploreOptions options;
  options.variant = variant;
  options.min_sites = options.max_sites = config.sites;
  options.min_logon_servers = options.max_logon_servers = config.logon_servers;
  options.scheduler = *scheduler;
  options.runs = args.runs;
  options.seed = args.seed;
  options.max_steps = args.depth;
  options.change_points = args.change_points;
  options.reproduce = sim::reproduce_from_environment();
  sim::validate(options);
  const bool reproducing = options.reproduce.count(options.test_id) != 0;

  fmt::print("smsmc simulate: variant {} (N={}, M={}), scheduler {}{}, {} schedules, seed {}\n", variant->name,
             config.sites, config.logon_servers, args.scheduler,
             *scheduler == sim::SchedulerKind::pct ? fmt::format(" ({} change points)", args.change_points) : "",
             args.runs, args.seed);
  if (reproducing) fmt::print("  reproducing the failure given in RC_PARAMS\n");
  std::fflush(stdout);
  const sim::Exploration result = sim::explore(options);

  fmt::print("\n{:>10} {:>12} {:>9} {:>10} {:>10}  {}\n", "schedules", "steps", "seconds", "steps/s", "complete",
             "bounded by --depth");
  const double rate = result.seconds > 0 ? static_cast<double>(result.steps) / result.seconds : 0;
  fmt::print("{:>10} {:>12} {:>9.3f} {:>10.0f} {:>10}  {}\n", result.schedules, result.steps, result.seconds, rate,
             result.complete_runs, result.bounded_runs);

  switch (result.verdict) {
    case sim::Exploration::Verdict::holds:
      fmt::print("\nResult: every property holds on {}\n", plural(result.schedules, "schedule", "schedules"));
      return exit_holds;
    case sim::Exploration::Verdict::error:
      fmt::print(stderr, "smsmc simulate: {}\n", result.message);
      return exit_usage;
    case sim::Exploration::Verdict::violated: break;
  }

  const sim::Counterexample& found = *result.counterexample;
  const trace::Trace trace = sim::counterexample_trace(found, *scheduler, args.seed);
  if (reproducing)
    fmt::print("\nReproduced: {} violated in {} (scheduler seed {}):\n", found.property,
               plural(trace.steps.size(), "step", "steps"), found.schedule_seed);
  else
    fmt::print("\nSchedule {} violated {}; shrunk in {} of {} candidates to {} (scheduler seed {}):\n",
               result.schedules, found.property, result.shrinks_accepted, result.shrink_candidates,
               plural(trace.steps.size(), "step", "steps"), found.schedule_seed);
  print_trace(stdout, trace);
  if (!args.trace_out.empty()) {
    trace::write_trace_file(args.trace_out, trace);
    fmt::print("  trace written to {}\n", args.trace_out);
  }
  fmt::print("\nReproduce with: smsmc simulate --variant {} --sites {} --logon-servers {} --scheduler {} --runs {} "
             "--seed {}{}{}\n",
             variant->name, config.sites, config.logon_servers, args.scheduler, args.runs, args.seed,
             args.depth != 0 ? fmt::format(" --depth {}", args.depth) : "",
             *scheduler == sim::SchedulerKind::pct ? fmt::format(" --change-points {}", args.change_points) : "");
  fmt::print("or, to skip the search and the shrinking, prefix it with\n  RC_PARAMS=\"{}\"\n", result.rc_params);
  fmt::print("\nResult: {} is violated\n", found.property);
  return exit_violated;
}
}  // namespace

void add_simulate(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<SimulateArgs>();
  CLI::App* cmd = app.add_subcommand(
      "simulate", "Run random schedules of a variant (RapidCheck) and shrink the first violation to a minimal trace");
  add_config_options(cmd, args->config);
  cmd->add_option("--scheduler", args->scheduler, "uniform (random enabled action) or pct (actor priorities)")
      ->capture_default_str();
  cmd->add_option("--runs,-k", args->runs, "Schedules to run before the variant is declared to pass")
      ->capture_default_str();
  // CLI11 reads "-1" into an unsigned option as its wrapped value: refuse it.
  cmd->add_option("--seed,-s", args->seed, "RapidCheck seed: the same seed runs the same schedules")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  cmd->add_option("--depth", args->depth, "Step bound per schedule (default: ten times a full run)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--change-points", args->change_points, "pct: priority-change points per schedule")
      ->capture_default_str();
  cmd->add_option("--trace-out", args->trace_out, "Write the shrunk counterexample as a JSON trace to this file");
  cmd->callback([args, &exit_code] { exit_code = run_simulate(*args); });
}

}  // namespace smsmc::cli
