#include "io/text.h"
#include "spec/properties.h"
#include "spec/shared_parent.h"
#include "tools/smsmc/bounds.h"
#include "tools/smsmc/commands.h"
#include "tools/smsmc/json_report.h"
#include "tools/smsmc/report.h"
#include "trace/replay.h"

#include <fmt/core.h>

#include <memory>

namespace smsmc::cli {

io::ReadLimits trace_read_limits(std::uint64_t max_input_size) {
  io::ReadLimits limits;
  limits.max_bytes = max_input_size;
  limits.how_to_raise = "raise the limit with --max-input-size";
  return limits;
}

void add_max_input_size(CLI::App* cmd, std::uint64_t& max_input_size) {
  max_input_size = io::default_max_input_bytes;
  cmd->add_option("--max-input-size", max_input_size, "Refuse trace files larger than this (0: no bound)")
      ->transform(bounds::memory_size())
      ->type_name("SIZE")
      ->default_str("64M");
}

trace::Replay load_and_replay(const std::string& file, bool ignore_fingerprint, std::uint64_t max_input_size) {
  try {
    // read_trace_file's messages name the file: "FILE: is a directory, ...",
    // "FILE: malformed trace: field 'sites' ...".
    const trace::Trace trace = trace::read_trace_file(file, trace_read_limits(max_input_size));
    trace::ReplayOptions options;
    options.check_fingerprint = !ignore_fingerprint;
    return trace::replay_trace(trace, options);
  } catch (const trace::TraceError& e) {
    throw UsageError(e.what());
  } catch (const trace::TraceMismatch& e) {
    throw UsageError(io::printable(file, 1024) + " does not fit this model: " + e.what());
  }
}

namespace {
struct ReplayArgs {
  std::string file;
  bool ignore_fingerprint = false;
  bool quiet = false;
  std::uint64_t max_input_size = 0;
  bool json = false;
};

int run_replay(const ReplayArgs& args) {
  const trace::Replay r = load_and_replay(args.file, args.ignore_fingerprint, args.max_input_size);
  if (args.json)
    return json::emit_replay(r, {{"file", args.file}, {"ignore_fingerprint", args.ignore_fingerprint}},
                             r.violation() ? exit_violated : exit_holds);
  const trace::Trace& t = r.trace;
  const std::string parent = spec::describe_parent(t.parent);
  fmt::print("smsmc replay: {}\n  variant {}, N={}, M={}{}, {}; found by {}{}; {}; fingerprint {} ({})\n", args.file,
             t.variant, t.sites, t.logon_servers, parent.empty() ? "" : ", shared parent: " + parent,
             spec::environment_name(t.environment), t.explorer,
             t.seed ? fmt::format(" (seed {})", *t.seed) : "", plural(t.steps.size(), "step", "steps"), t.fingerprint,
             r.fingerprint_matches ? "matches this model" : "DIFFERS from this model");
  fmt::print("  replayed through the Boost.MSM machines: every step enabled, every recorded state, log line and "
             "message matches, and the compiled tables agree\n\n");
  if (!args.quiet) {
    print_trace(stdout, t);
    fmt::print("\n");
  }
  for (const std::string& note : r.notes) fmt::print("Note: {}\n", note);
  if (!r.violation()) {
    fmt::print("Result: clean: the end state violates no property ({} environment){}\n",
               spec::environment_name(t.environment), r.terminal ? "; nothing is enabled there" : "");
    return exit_holds;
  }
  const spec::PropertyInfo* info = spec::find_property(r.property);
  std::string where;
  if (r.finding == trace::Finding::safety_violation && r.violating_step)
    where = fmt::format(" (first fails after step {})", *r.violating_step);
  fmt::print("Result: VIOLATED {}{}: {}\n  shows: {}\n", r.property, where, info != nullptr ? info->statement : "",
             trace::finding_name(r.finding));
  std::vector<std::string> others;
  for (const std::string& name : r.violated) {
    if (name != r.property) others.push_back(name);
  }
  if (!others.empty()) {
    std::string list;
    for (const std::string& name : others) list += (list.empty() ? "" : ", ") + name;
    fmt::print("  the end state also violates: {}\n", list);
  }
  return exit_violated;
}
}  // namespace

void add_replay(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<ReplayArgs>();
  CLI::App* cmd = app.add_subcommand(
      "replay", "Re-execute a JSON trace through the Boost.MSM machines and report what it violates (exit 1) or that it "
                "is clean (exit 0); a trace that does not fit the model exits 2");
  cmd->add_option("file", args->file, "Trace file (JSON, see spec/trace-format.md)")->required();
  cmd->add_flag("--ignore-fingerprint", args->ignore_fingerprint,
                "Replay a trace recorded against other transition tables instead of rejecting it");
  cmd->add_flag("--quiet,-q", args->quiet, "Do not print the steps");
  add_max_input_size(cmd, args->max_input_size);
  json::add_flag(cmd, args->json);
  cmd->callback([args, &exit_code] { exit_code = run_replay(*args); });
}

}  // namespace smsmc::cli
