#include "spec/check.h"
#include "spec/variants.h"
#include "tools/smsmc/commands.h"
#include "tools/smsmc/report.h"
#include "trace/record.h"
#include "trace/trace.h"

#include <fmt/core.h>

#include <filesystem>
#include <memory>
#include <thread>

namespace smsmc::cli {

namespace {
struct CheckArgs {
  ConfigArgs config;
  std::vector<std::string> properties;
  std::uint64_t max_states = 0;
  double timeout = 0;
  bool dfs = false;
  unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  std::string trace_out;
  std::string trace_dir;
};

std::string describe(const spec::Config& c) {
  return fmt::format("variant {} (N={} secondary {}, M={} logon {} each)", c.variant->name, c.sites,
                     c.sites == 1 ? "site" : "sites", c.logon_servers, c.logon_servers == 1 ? "server" : "servers");
}

int run_check(const CheckArgs& args) {
  const spec::Config config = resolve_config(args.config);
  const spec::Variant* variant = config.variant;
  for (const std::string& name : args.properties) {
    if (spec::find_property(name) == nullptr) throw UsageError("unknown property '" + name + "' (see `smsmc list`)");
  }
  if (args.timeout < 0) throw UsageError("--timeout must not be negative");

  fmt::print("smsmc check: {}\n  {}\n\n", describe(config), variant->summary);
  std::fflush(stdout);
  ProgressLine progress;
  spec::CheckOptions options;
  options.only = args.properties;
  options.max_states = args.max_states;
  options.timeout = args.timeout;
  options.strategy = args.dfs ? mc::Strategy::dfs : mc::Strategy::bfs;
  if (args.threads < 1 || args.threads > 256) throw UsageError("--threads must be between 1 and 256");
  options.threads = args.threads;
  options.progress = [&](spec::Environment env, const mc::Progress& p) { progress.update(spec::environment_name(env), p); };
  const spec::CheckReport report = spec::check_protocol(config, options);
  progress.finish();

  fmt::print("{:<18} {:>12} {:>13} {:>6} {:>9} {:>12}  {}\n", "environment", "states", "transitions", "depth",
             "seconds", "states/s", "explored");
  for (const spec::EnvironmentRun& run : report.runs) {
    const double rate = run.stats.search_seconds > 0 ? static_cast<double>(run.stats.states) / run.stats.search_seconds : 0;
    fmt::print("{:<18} {:>12} {:>13} {:>6} {:>9.3f} {:>12.0f}  {}\n", spec::environment_name(run.environment),
               run.stats.states, run.stats.transitions, run.stats.depth, run.stats.seconds, rate,
               run.stats.complete       ? "all"
               : run.stats.decided_early ? "until every selected property was decided"
                                         : "partial (stopped by " + run.stats.stopped_by + ")");
  }
  fmt::print("\n{:<22} {:<10} {:<16} {}\n", "property", "kind", "verdict", "");
  for (const spec::CheckedProperty& p : report.properties) {
    std::string detail;
    if (p.info->role != spec::Role::property) detail = std::string(spec::role_name(p.info->role)) + " for " + p.info->partner;
    if (p.outcome == spec::Outcome::violated && p.result.path)
      detail = fmt::format("counterexample of {} below", plural(p.result.path->actions.size(), "step", "steps"));
    if (!p.result.note.empty()) detail += (detail.empty() ? "" : "; ") + p.result.note;
    fmt::print("{:<22} {:<10} {:<16} {}\n", p.info->name, mc::expectation_name(p.info->kind),
               spec::outcome_name(p.outcome), detail);
  }

  bool trace_written = false;
  for (const spec::CheckedProperty& p : report.properties) {
    if (p.outcome != spec::Outcome::violated || !p.result.path) continue;
    const trace::Trace trace = trace::counterexample_trace(config, p, args.dfs ? "dfs" : "bfs");
    fmt::print("\nCounterexample for {} ({}, {}{}):\n", p.info->name, spec::environment_name(p.info->environment),
               plural(trace.steps.size(), "step", "steps"), args.dfs ? "" : ", shortest");
    print_trace(stdout, trace);
    if (!args.trace_out.empty() && !trace_written) {
      trace::write_trace_file(args.trace_out, trace);
      fmt::print("  trace written to {}\n", args.trace_out);
      trace_written = true;
    }
    if (!args.trace_dir.empty()) {
      std::filesystem::create_directories(args.trace_dir);
      const std::string file = fmt::format("{}/{}-N{}-M{}-{}.json", args.trace_dir, variant->name, config.sites,
                                           config.logon_servers, p.info->name);
      trace::write_trace_file(file, trace);
      fmt::print("  trace written to {}\n", file);
    }
  }
  for (const spec::CheckedProperty& p : report.properties) {
    if (p.outcome == spec::Outcome::not_found)
      fmt::print("\nWitness {} was not found: {} holds only vacuously, which means the model is wrong.\n", p.info->name,
                 p.info->partner);
  }

  const bool failed = report.failed();
  fmt::print("\nResult: {}{}\n", failed ? "a property is violated" : "every property holds",
             report.complete() ? "" : " (INCOMPLETE: the search was bounded; 'unknown' verdicts are not proofs)");
  return failed ? exit_violated : exit_holds;
}
}  // namespace

void add_check(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<CheckArgs>();
  CLI::App* cmd = app.add_subcommand("check", "Explore every interleaving of a variant exhaustively and check the properties");
  add_config_options(cmd, args->config);
  cmd->add_option("--property,-p", args->properties,
                  "Check only this property (repeatable); its witnesses come along");
  cmd->add_option("--max-states", args->max_states, "Stop after this many states per environment (partial result)");
  cmd->add_option("--timeout", args->timeout, "Stop after this many seconds per environment (partial result)");
  cmd->add_option("--threads,-j", args->threads,
                  "Threads expanding states in the breadth-first search (results do not depend on it)")
      ->capture_default_str();
  cmd->add_flag("--dfs", args->dfs, "Depth-first instead of breadth-first (counterexamples are then not shortest)");
  cmd->add_option("--trace-out", args->trace_out, "Write the first counterexample as a JSON trace to this file");
  cmd->add_option("--trace-dir", args->trace_dir, "Write every counterexample as a JSON trace into this folder");
  cmd->callback([args, &exit_code] { exit_code = run_check(*args); });
}

}  // namespace smsmc::cli
