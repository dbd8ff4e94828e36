#include "io/read.h"
#include "io/signals.h"
#include "mc/budget.h"
#include "spec/check.h"
#include "spec/shared_parent.h"
#include "spec/variants.h"
#include "tools/smsmc/bounds.h"
#include "tools/smsmc/commands.h"
#include "tools/smsmc/json_report.h"
#include "tools/smsmc/report.h"
#include "tools/smsmc/timed.h"
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
  bool no_symmetry = false;
  bool compact_states = false;
  unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  std::string trace_out;
  std::string trace_dir;
  bool json = false;

  bool timed = false;
  TimingArgs timing;
};

std::string describe(const spec::Config& c) {
  const std::string parent = spec::describe_parent(c.parent);
  return fmt::format("variant {} (N={} secondary {}, M={} logon {} each{})", c.variant->name, c.sites,
                     c.sites == 1 ? "site" : "sites", c.logon_servers, c.logon_servers == 1 ? "server" : "servers",
                     parent.empty() ? "" : "; shared parent: " + parent);
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

/// Whether the counts are of orbits: said before the numbers, since they
/// differ from a --no-symmetry run's.
void print_symmetry(const spec::CheckReport& report, bool requested) {
  bool applied = false;
  for (const spec::EnvironmentRun& run : report.runs) applied |= run.stats.symmetry;
  if (applied)
    fmt::print("symmetry reduction: on (the {} sites are interchangeable; states are counted one per orbit; "
               "--no-symmetry counts every state)\n\n",
               report.config.sites);
  else if (!requested)
    fmt::print("symmetry reduction: off (--no-symmetry)\n\n");
  else
    fmt::print("symmetry reduction: not applicable ({})\n\n",
               report.config.sites < 2 ? "one site" : "the sites are not interchangeable");
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
    fmt::print("bytes per state, {}: visited set {:.1f} (keys {:.1f}, slots {:.1f}), parents and actions {:.1f}, "
               "edges {:.1f}\n",
               spec::environment_name(run.environment), per_state(run.stats.visited_bytes),
               per_state(run.stats.visited_key_bytes), per_state(run.stats.visited_slot_bytes),
               per_state(run.stats.path_bytes), per_state(run.stats.edge_bytes));
  }
  // How the visited set stored a state (mc/compact_store.h): collapsed or plain.
  for (const spec::EnvironmentRun& run : report.runs) {
    if (!run.stats.visited_encoding.empty())
      fmt::print("visited set, {}: {}\n", spec::environment_name(run.environment), run.stats.visited_encoding);
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

/// Writes a counterexample where asked (the first one to --trace-out, every
/// one into --trace-dir); a trace that cannot be written is reported and
/// the others are still written.
std::vector<json::TraceFile> write_trace(const spec::Config& config, const spec::CheckedProperty& p,
                                         const trace::Trace& trace, const CheckArgs& args, bool& trace_written) {
  std::vector<json::TraceFile> files;
  if (!args.trace_out.empty() && !trace_written) {
    files.push_back({p.info->name, args.trace_out, ""});
    trace_written = true;
  }
  if (!args.trace_dir.empty())
    files.push_back({p.info->name,
                     fmt::format("{}/{}-N{}-M{}{}{}-{}.json", args.trace_dir, config.variant->name, config.sites,
                                 config.logon_servers, config.parent.one_hm() ? "-hm-one-at-a-time" : "",
                                 config.parent.slots_limited() ? fmt::format("-slots-{}", config.parent.sender_slots)
                                                               : "",
                                 p.info->name),
                     ""});
  for (json::TraceFile& f : files) {
    try {
      trace::write_trace_file(f.file, trace);
    } catch (const std::runtime_error& e) {
      f.error = e.what();
    }
  }
  return files;
}

std::string explorer(const CheckArgs& args) { return args.dfs ? "dfs" : "bfs"; }

/// The counterexamples, each printed and written where asked.
void print_counterexamples(const spec::Config& config, const spec::CheckReport& report, const CheckArgs& args) {
  bool trace_written = false;
  for (const spec::CheckedProperty& p : report.properties) {
    if (p.outcome != spec::Outcome::violated || !p.result.path) continue;
    const trace::Trace trace = trace::counterexample_trace(config, p, explorer(args));
    fmt::print("\nCounterexample for {} ({}, {}{}):\n", p.info->name, spec::environment_name(p.info->environment),
               plural(trace.steps.size(), "step", "steps"), args.dfs ? "" : ", shortest");
    print_trace(stdout, trace);
    for (const json::TraceFile& f : write_trace(config, p, trace, args, trace_written)) {
      if (f.error.empty())
        fmt::print("  trace written to {}\n", f.file);
      else
        fmt::print("  trace NOT written: {}\n", f.error);
    }
  }
  for (const spec::CheckedProperty& p : report.properties) {
    if (p.outcome == spec::Outcome::not_found)
      fmt::print("\nWitness {} was not found: {} holds only vacuously, which means the model is wrong.\n", p.info->name,
                 p.info->partner);
  }
}

int emit_json(const spec::Config& config, const spec::CheckReport& report, const CheckArgs& args, int code) {
  std::vector<json::TraceFile> files;
  bool trace_written = false;
  for (const spec::CheckedProperty& p : report.properties) {
    if (p.outcome != spec::Outcome::violated || !p.result.path) continue;
    for (json::TraceFile& f :
         write_trace(config, p, trace::counterexample_trace(config, p, explorer(args)), args, trace_written))
      files.push_back(std::move(f));
  }
  const json::Json settings = {
      {"properties", args.properties}, {"strategy", explorer(args)},  {"threads", args.threads},
      {"max_states", args.max_states}, {"timeout", args.timeout},     {"max_memory", args.max_memory},
  };
  return json::emit_check(report, settings, explorer(args), files, code);
}

int run_check(const CheckArgs& args) {
  const spec::Config config = resolve_config(args.config);
  if (args.timed)
    return run_timed_check(config, args.timing, args.properties, args.timeout, args.max_states, args.trace_out,
                           args.json);
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
  // With --json the header goes to stderr: stdout holds the document alone.
  fmt::print(args.json ? stderr : stdout, "smsmc check: {}\n  {}\n\n", describe(config), variant->summary);
  std::fflush(args.json ? stderr : stdout);
  ProgressLine progress;
  spec::CheckOptions options;
  options.only = args.properties;
  options.max_states = args.max_states;
  options.timeout = args.timeout;
  options.max_memory = args.max_memory;
  options.stop = &io::stop_flag();
  options.strategy = args.dfs ? mc::Strategy::dfs : mc::Strategy::bfs;
  options.threads = args.threads;
  options.compact_states = args.compact_states;
  options.symmetry = !args.no_symmetry;
  options.progress = [&](spec::Environment env, const mc::Progress& p) { progress.update(spec::environment_name(env), p); };
  const spec::CheckReport report = spec::check_protocol(config, options);
  progress.finish();

  const bool failed = report.failed();
  const bool complete = report.complete();
  const int code = failed ? exit_violated : complete ? exit_holds : exit_incomplete;
  if (args.json) return emit_json(config, report, args, code);
  try {
    print_symmetry(report, options.symmetry);
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
                  "Threads expanding and storing states in the breadth-first search (results do not depend on it)")
      ->check(bounds::whole_number(1, 256))
      ->capture_default_str();
  cmd->add_flag("--no-symmetry", args->no_symmetry,
               "Explore every state instead of one per orbit of interchangeable sites (same verdicts and "
               "counterexample lengths; counts are then the concrete ones)");
  cmd->add_flag("--compact-states", args->compact_states,
               "Store states as SPIN-style COLLAPSE keys (about a third of the bytes per state; slower, and "
               "insertion then runs on one thread): for runs that would not fit in memory otherwise");
  cmd->add_flag("--dfs", args->dfs, "Depth-first instead of breadth-first (counterexamples are then not shortest)");
  cmd->add_option("--trace-out", args->trace_out,
                  "Write the first counterexample as a JSON trace to this file (checked before the search)");
  cmd->add_option("--trace-dir", args->trace_dir,
                  "Write every counterexample as a JSON trace into this folder (created; checked before the search)");
  json::add_flag(cmd, args->json);
  cmd->add_flag("--timed", args->timed,
                "Timed mode (spec/timing.md): zone-based exploration under a timing profile, timed counterexamples, "
                "best and worst time to every site upgraded");
  add_timing_options(cmd, args->timing);
  cmd->callback([args, &exit_code] { exit_code = run_check(*args); });
}

}  // namespace smsmc::cli
