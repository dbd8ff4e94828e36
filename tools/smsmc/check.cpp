#include "io/read.h"
#include "io/signals.h"
#include "mc/budget.h"
#include "spec/check.h"
#include "spec/variants.h"
#include "tools/smsmc/bounds.h"
#include "tools/smsmc/commands.h"
#include "tools/smsmc/report.h"
#include "trace/record.h"
#include "trace/trace.h"

#include <fmt/core.h>

#include <cstdint>
#include <memory>
#include <new>
#include <thread>

namespace smsmc::cli {

namespace {
struct CheckArgs {
  ConfigArgs config;
  std::vector<std::string> properties;
  std::uint64_t max_states = 0;
  double timeout = 0;
  std::uint64_t max_memory = 0;
  bool dfs = false;
  unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  std::string trace_out;
  std::string trace_dir;
};

std::string describe(const spec::Config& c) {
  return fmt::format("variant {} (N={} secondary {}, M={} logon {} each)", c.variant->name, c.sites,
                     c.sites == 1 ? "site" : "sites", c.logon_servers, c.logon_servers == 1 ? "server" : "servers");
}

/// Why a run stopped, in a user's words, with the flag that moves the bound.
std::string stop_reason(const std::string& stopped_by, const CheckArgs& args) {
  if (stopped_by == "max-states") return fmt::format("--max-states {} was reached", args.max_states);
  if (stopped_by == "timeout") return fmt::format("--timeout {} seconds ran out", args.timeout);
  if (stopped_by == "max-memory")
    return fmt::format("the memory budget of {} was reached (--max-memory)", io::format_bytes(args.max_memory));
  if (stopped_by == "out-of-memory") return "the system refused to allocate more memory";
  if (stopped_by == "signal") return "interrupted by a signal";
  if (stopped_by == "state-id-limit") return "the visited set has no more state ids (2^32 - 1)";
  return stopped_by;
}

void print_table(const spec::CheckReport& report) {
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
  // Which way liveness got its graph: acyclic costs no stored edges (see mc/graph.h).
  for (const spec::EnvironmentRun& run : report.runs) {
    if (!run.stats.liveness_graph.empty())
      fmt::print("liveness graph, {}: {}\n", spec::environment_name(run.environment),
                 run.stats.liveness_graph == "acyclic" ? "acyclic, no edges stored" : run.stats.liveness_graph);
  }
  for (const spec::EnvironmentRun& run : report.runs) {
    if (run.stats.states == 0) continue;
    const auto per_state = [&](std::uint64_t bytes) { return static_cast<double>(bytes) / run.stats.states; };
    fmt::print("bytes per state, {}: visited set {:.1f}, parents and actions {:.1f}, edges {:.1f}\n",
               spec::environment_name(run.environment), per_state(run.stats.visited_bytes),
               per_state(run.stats.path_bytes), per_state(run.stats.edge_bytes));
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
}

/// The counterexamples, each written where asked; a trace that cannot be
/// written is reported and the others are still written.
void print_counterexamples(const spec::Config& config, const spec::CheckReport& report, const CheckArgs& args) {
  bool trace_written = false;
  for (const spec::CheckedProperty& p : report.properties) {
    if (p.outcome != spec::Outcome::violated || !p.result.path) continue;
    const trace::Trace trace = trace::counterexample_trace(config, p, args.dfs ? "dfs" : "bfs");
    fmt::print("\nCounterexample for {} ({}, {}{}):\n", p.info->name, spec::environment_name(p.info->environment),
               plural(trace.steps.size(), "step", "steps"), args.dfs ? "" : ", shortest");
    print_trace(stdout, trace);
    std::vector<std::string> files;
    if (!args.trace_out.empty() && !trace_written) {
      files.push_back(args.trace_out);
      trace_written = true;
    }
    if (!args.trace_dir.empty())
      files.push_back(fmt::format("{}/{}-N{}-M{}-{}.json", args.trace_dir, config.variant->name, config.sites,
                                  config.logon_servers, p.info->name));
    for (const std::string& file : files) {
      try {
        trace::write_trace_file(file, trace);
        fmt::print("  trace written to {}\n", file);
      } catch (const std::runtime_error& e) {
        fmt::print("  trace NOT written: {}\n", e.what());
      }
    }
  }
  for (const spec::CheckedProperty& p : report.properties) {
    if (p.outcome == spec::Outcome::not_found)
      fmt::print("\nWitness {} was not found: {} holds only vacuously, which means the model is wrong.\n", p.info->name,
                 p.info->partner);
  }
}

int run_check(const CheckArgs& args) {
  const spec::Config config = resolve_config(args.config);
  const spec::Variant* variant = config.variant;
  for (const std::string& name : args.properties) {
    if (spec::find_property(name) == nullptr) throw UsageError("unknown property '" + name + "' (see `smsmc list`)");
  }
  // Before the search: an hour of exploration must not end in "cannot write".
  if (!args.trace_out.empty()) bounds::check_output_file(args.trace_out, "--trace-out");
  if (!args.trace_dir.empty()) bounds::check_output_folder(args.trace_dir, "--trace-dir");

  // The first Ctrl-C or SIGTERM stops the search at its next safe point and
  // the partial result below is printed; a second one quits at once.
  const io::StopOnSignals signals;
  const FlushStdoutOnExit flush;
  fmt::print("smsmc check: {}\n  {}\n\n", describe(config), variant->summary);
  std::fflush(stdout);
  ProgressLine progress;
  spec::CheckOptions options;
  options.only = args.properties;
  options.max_states = args.max_states;
  options.timeout = args.timeout;
  options.max_memory = args.max_memory;
  options.stop = &io::stop_flag();
  options.strategy = args.dfs ? mc::Strategy::dfs : mc::Strategy::bfs;
  options.threads = args.threads;
  options.progress = [&](spec::Environment env, const mc::Progress& p) { progress.update(spec::environment_name(env), p); };
  const spec::CheckReport report = spec::check_protocol(config, options);
  progress.finish();

  const bool failed = report.failed();
  const bool complete = report.complete();
  const int code = failed ? exit_violated : complete ? exit_holds : exit_incomplete;
  try {
    print_table(report);
    print_counterexamples(config, report, args);
  } catch (const std::bad_alloc&) {
    fmt::print(stderr, "smsmc: out of memory while printing the report\n");
    return code == exit_holds ? exit_incomplete : code;
  }
  const std::string stopped_by = report.stopped_by();
  if (!complete)
    fmt::print("\nStopped early: {}. {} states explored.\n",
               stopped_by.empty() ? "a liveness check could not finish" : stop_reason(stopped_by, args),
               report.states());
  if (failed)
    fmt::print("\nResult: a property is violated{}\n",
               complete ? "" : " (INCOMPLETE: the search stopped early; 'unknown' verdicts are not proofs)");
  else if (complete)
    fmt::print("\nResult: every property holds\n");
  else
    fmt::print("\nResult: INCOMPLETE: no violation in the states explored, but 'unknown' verdicts are not proofs "
               "(exit {})\n",
               exit_incomplete);
  return code;
}
}  // namespace

void add_check(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<CheckArgs>();
  CLI::App* cmd = app.add_subcommand("check", "Explore every interleaving of a variant exhaustively and check the properties");
  add_config_options(cmd, args->config);
  cmd->add_option("--property,-p", args->properties,
                  "Check only this property (repeatable); its witnesses come along");
  cmd->add_option("--max-states", args->max_states,
                  "Stop after this many states per environment (partial result, exit 3 unless violated; 0: no bound)")
      ->check(bounds::whole_number(0, UINT64_MAX));
  cmd->add_option("--timeout", args->timeout,
                  "Stop after this many seconds per environment (partial result, exit 3 unless violated; 0: no bound)")
      ->check(bounds::seconds());
  const std::uint64_t default_memory = mc::default_memory_limit(mc::system_memory());
  args->max_memory = default_memory;
  cmd->add_option("--max-memory", args->max_memory,
                  "Memory budget per environment for the visited set, per-state arrays and liveness data, e.g. 512M, "
                  "6G (stop with a partial result when reached; 0: no bound; default: 3/4 of the machine's or the "
                  "cgroup's memory)")
      ->transform(bounds::memory_size())
      ->type_name("SIZE")
      ->default_str(io::format_bytes(default_memory));
  cmd->add_option("--threads,-j", args->threads,
                  "Threads expanding states in the breadth-first search (results do not depend on it)")
      ->check(bounds::whole_number(1, 256))
      ->capture_default_str();
  cmd->add_flag("--dfs", args->dfs, "Depth-first instead of breadth-first (counterexamples are then not shortest)");
  cmd->add_option("--trace-out", args->trace_out,
                  "Write the first counterexample as a JSON trace to this file (checked before the search)");
  cmd->add_option("--trace-dir", args->trace_dir,
                  "Write every counterexample as a JSON trace into this folder (created; checked before the search)");
  cmd->callback([args, &exit_code] { exit_code = run_check(*args); });
}

}  // namespace smsmc::cli
