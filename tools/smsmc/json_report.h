// `--json`: every verdict-reporting subcommand's result as one JSON document
// on stdout, in the format spec/results.schema.json defines and
// spec/results.md documents. The subcommands compute their result as
// before and hand it to one function here instead of printing their report,
// so the document's shape lives in this file alone; counterexamples are
// embedded through the trace writer (trace::trace_to_json_value).
#pragma once

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "mc/timed/zone_checker.h"
#include "spec/check.h"
#include "spec/threshold.h"
#include "spec/timing.h"
#include "trace/trace.h"

namespace smsmc::gate {
struct Result;
}
namespace smsmc::sim {
struct Exploration;
struct TimedSimResult;
}
namespace smsmc::trace {
struct Replay;
}

namespace smsmc::cli::json {

using Json = nlohmann::json;

/// Bumped on any change a reader could notice (a field removed, renamed or
/// retyped, a value's meaning changed); adding an optional field is not one.
inline constexpr int results_version = 1;
inline constexpr const char* results_format = "smsmc-results";

/// Declares --json on `cmd`.
void add_flag(CLI::App* cmd, bool& json);
/// True when the command line holds `--json` as a word: errors found while
/// parsing it (and before a subcommand could read its flag) are then a
/// JSON document too.
bool requested(int argc, char** argv);

/// A trace file a run was asked to write: `error` is empty when written,
/// else the OS's reason it was not.
struct TraceFile {
  std::string property;
  std::string file;
  std::string error;
};

/// The envelope: format, version, command.
Json document(const std::string& command);
/// Completes `doc` with the exit code and its meaning, `complete` and
/// `stopped_by` ("" for none), prints it on stdout and returns `exit_code`.
int emit(Json doc, int exit_code, bool complete, const std::string& stopped_by);
/// An error document: the message on stdout as JSON (exit 2 for usage and
/// input errors, 3 for an allocation failure outside the searches).
/// `command` is "" when the command line named none.
int emit_error(const std::string& command, int exit_code, const std::string& message);

/// `check`: `settings` are the command's options (bounds, strategy) merged
/// into the configuration; `files` the traces written or refused.
int emit_check(const spec::CheckReport& report, const Json& settings, const std::string& explorer,
               const std::vector<TraceFile>& files, int exit_code);
/// `matrix`: one check report per variant.
int emit_matrix(const std::vector<spec::CheckReport>& reports, const Json& settings, int exit_code);
/// `gate`: every cell; `reports` the files written into the output folder.
int emit_gate(const gate::Result& result, const Json& settings, const std::vector<std::string>& reports, int exit_code);
/// `simulate`: `trace` is the shrunk counterexample when there is one.
int emit_simulate(const spec::Config& config, const Json& settings, const sim::Exploration& result,
                  const trace::Trace* trace, const std::vector<TraceFile>& files, int exit_code);
/// `simulate --timed`: `settings` hold `timing` (timing_json), which marks
/// the document as timed; `trace` the shrunk timed run, if any.
int emit_timed_simulate(const spec::Config& config, const Json& settings, const sim::TimedSimResult& result,
                        const trace::Trace* trace, int exit_code);
/// `check --timed`: `traces` holds, by property name, the timed
/// counterexamples (always properties violated) as trace objects.
int emit_timed_check(const spec::Config& config, const Json& settings, const mc::timed::TimedResult& result,
                     const mc::timed::TimeToGoal& goal, const std::vector<std::pair<std::string, trace::Trace>>& traces,
                     int exit_code);
/// `replay`.
int emit_replay(const trace::Replay& replay, const Json& settings, int exit_code);

/// A timing profile as the trace format writes it (version 3's `timing`):
/// `{profile, durations: {name: "LO..HI"}}`, for the timed commands'
/// configurations.
Json timing_json(const spec::TimingProfile& profile);

/// `threshold`: `form` is the closed form when one is known (N = 1), else
/// null; `trace` the timed counterexample at M*, if any.
int emit_threshold(const spec::ThresholdResult& result, const Json& settings, const spec::ClosedForm* form,
                   const trace::Trace* trace, int exit_code);
/// `sweep`: `m_star[v][i]` is variant v's M* at `values[i]`; `skipped` the
/// swept values left out (lo > hi).
int emit_sweep(const Json& settings, const std::vector<std::string>& variants, const std::vector<std::int64_t>& values,
               const std::vector<std::vector<std::optional<int>>>& m_star, const std::vector<std::int64_t>& skipped,
               std::uint64_t zones_stored, double seconds, int exit_code);

}  // namespace smsmc::cli::json
