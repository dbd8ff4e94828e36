#include "io/signals.h"
#include "sim/explore.h"
#include "spec/variants.h"
#include "tools/smsmc/bounds.h"
#include "tools/smsmc/commands.h"
#include "tools/smsmc/json_report.h"
#include "tools/smsmc/report.h"
#include "tools/smsmc/timed.h"
#include "trace/trace.h"

#include <fmt/core.h>

#include <climits>
#include <memory>

namespace smsmc::cli {

namespace {
/// A schedule keeps its steps (4 bytes each) and replays them while shrinking.
constexpr std::uint64_t max_depth = 10'000'000;

struct SimulateArgs {
  ConfigArgs config;
  std::string scheduler = "uniform";
  int runs = 100;
  std::uint64_t seed = 0;
  std::size_t depth = 0;
  int change_points = 3;
  std::string trace_out;
  bool json = false;

  bool timed = false;
  TimingArgs timing;
};

int emit_json(const spec::Config& config, const SimulateArgs& args, sim::SchedulerKind scheduler,
              const sim::Exploration& result, bool reproducing) {
  if (result.verdict == sim::Exploration::Verdict::error) {
    fmt::print(stderr, "smsmc simulate: {}\n", result.message);
    return json::emit_error("simulate", exit_usage, result.message);
  }
  const json::Json settings = {
      {"scheduler", args.scheduler},
      {"change_points", scheduler == sim::SchedulerKind::pct ? json::Json(args.change_points) : json::Json(nullptr)},
      {"runs", args.runs},
      {"seed", args.seed},
      {"depth", args.depth},
      {"reproducing", reproducing},
  };
  if (result.verdict == sim::Exploration::Verdict::holds)
    return json::emit_simulate(config, settings, result, nullptr, {}, result.stopped ? exit_incomplete : exit_holds);
  const trace::Trace trace = sim::counterexample_trace(*result.counterexample, scheduler, args.seed);
  std::vector<json::TraceFile> files;
  if (!args.trace_out.empty()) {
    files.push_back({result.counterexample->property, args.trace_out, ""});
    try {
      trace::write_trace_file(args.trace_out, trace);
    } catch (const std::runtime_error& e) {
      files.back().error = e.what();
    }
  }
  return json::emit_simulate(config, settings, result, &trace, files, exit_violated);
}

int run_simulate(const SimulateArgs& args) {
  const spec::Config config = resolve_config(args.config);
  if (args.timed) return run_timed_simulate(config, args.timing, args.runs, args.seed, args.trace_out, args.json);
  const spec::Variant* variant = config.variant;
  const std::optional<sim::SchedulerKind> scheduler = sim::find_scheduler(args.scheduler);
  if (!scheduler) throw UsageError("unknown scheduler '" + args.scheduler + "': use uniform or pct");

  // PCT's change points fall on distinct steps of a schedule, and each one
  // costs memory per schedule: no more than the schedule has steps.
  if (*scheduler == sim::SchedulerKind::pct)
    bounds::check_change_points(args.change_points, sim::estimate_run_length(spec::ProtocolModel(config)),
                                fmt::format("N={}, M={}", config.sites, config.logon_servers));
  if (!args.trace_out.empty()) bounds::check_output_file(args.trace_out, "--trace-out");

  sim::ExploreOptions options;
  options.variant = variant;
  options.min_sites = options.max_sites = config.sites;
  options.min_logon_servers = options.max_logon_servers = config.logon_servers;
  options.parent = config.parent;
  options.scheduler = *scheduler;
  options.runs = args.runs;
  options.seed = args.seed;
  options.max_steps = args.depth;
  options.change_points = args.change_points;
  options.reproduce = sim::reproduce_from_environment();
  sim::validate(options);
  const bool reproducing = options.reproduce.count(options.test_id) != 0;
  // The first Ctrl-C or SIGTERM ends the run after the schedule under way.
  const io::StopOnSignals signals;
  const FlushStdoutOnExit flush;
  options.stop = &io::stop_flag();

  // With --json the header goes to stderr: stdout holds the document alone.
  std::FILE* header = args.json ? stderr : stdout;
  fmt::print(header, "smsmc simulate: variant {} (N={}, M={}), scheduler {}{}, {} schedules, seed {}\n", variant->name,
             config.sites, config.logon_servers, args.scheduler,
             *scheduler == sim::SchedulerKind::pct ? fmt::format(" ({} change points)", args.change_points) : "",
             args.runs, args.seed);
  if (reproducing) fmt::print(header, "  reproducing the failure given in RC_PARAMS\n");
  std::fflush(header);
  const sim::Exploration result = sim::explore(options);
  if (args.json) return emit_json(config, args, *scheduler, result, reproducing);

  fmt::print("\n{:>10} {:>12} {:>9} {:>10} {:>10}  {}\n", "schedules", "steps", "seconds", "steps/s", "complete",
             "bounded by --depth");
  const double rate = result.seconds > 0 ? static_cast<double>(result.steps) / result.seconds : 0;
  fmt::print("{:>10} {:>12} {:>9.3f} {:>10.0f} {:>10}  {}\n", result.schedules, result.steps, result.seconds, rate,
             result.complete_runs, result.bounded_runs);

  switch (result.verdict) {
    case sim::Exploration::Verdict::holds:
      if (result.stopped) {
        fmt::print("\nStopped early: interrupted by a signal after {} of {}.\n", result.schedules,
                   plural(static_cast<std::uint64_t>(args.runs), "schedule", "schedules"));
        fmt::print("Result: INCOMPLETE: every property holds on the {} run (exit {})\n",
                   plural(result.schedules, "schedule", "schedules"), exit_incomplete);
        return exit_incomplete;
      }
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
    try {
      trace::write_trace_file(args.trace_out, trace);
      fmt::print("  trace written to {}\n", args.trace_out);
    } catch (const std::runtime_error& e) {
      fmt::print("  trace NOT written: {}\n", e.what());
    }
  }
  if (result.stopped) {
    fmt::print("\nInterrupted while shrinking: the counterexample above is real but may not be minimal.\n"
               "\nResult: {} is violated\n",
               found.property);
    return exit_violated;
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
      ->check(bounds::whole_number(1, INT_MAX))
      ->capture_default_str();
  // CLI11 reads "-1" into an unsigned option as its wrapped value: refuse it.
  cmd->add_option("--seed,-s", args->seed, "RapidCheck seed: the same seed runs the same schedules")
      ->check(bounds::whole_number(0, UINT64_MAX))
      ->capture_default_str();
  cmd->add_option("--depth", args->depth,
                  "Step bound per schedule (0, the default: ten times a full run; at most 10,000,000)")
      ->check(bounds::whole_number(0, max_depth));
  cmd->add_option("--change-points", args->change_points,
                  "pct: priority-change points per schedule (at most the steps of a full run)")
      ->check(bounds::whole_number(0, INT_MAX))
      ->capture_default_str();
  cmd->add_option("--trace-out", args->trace_out,
                  "Write the shrunk counterexample as a JSON trace to this file (checked before the run)");
  json::add_flag(cmd, args->json);
  cmd->add_flag("--timed", args->timed,
                "Timed runs (spec/timing.md): durations drawn inside their intervals, biased to the ends; the first "
                "violation is shrunk and printed with a time on every step");
  add_timing_options(cmd, args->timing);
  cmd->callback([args, &exit_code] { exit_code = run_simulate(*args); });
}

}  // namespace smsmc::cli
