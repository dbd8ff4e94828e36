// Counterexample traces: the versioned JSON file both explorers write and
// `smsmc replay` / `smsmc render` read. spec/trace-format.md documents it.
// Steps are stored by actor and event name, never by action code, so a trace
// survives a change of actor order; the fingerprint of the transition tables
// says whether it was recorded against the model that reads it.
#pragma once

#include "io/read.h"
#include "mc/checker.h"
#include "mc/timed/concrete.h"
#include "spec/model.h"
#include "statemachines/registry.h"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace smsmc::trace {

/// Version 2 added `messages` to every step; version 1 files still read
/// (their steps simply carry no messages to check). Version 3 added, for
/// timed traces only, `timing` (the profile and every duration) and a `time`
/// per step; untimed traces leave both out. The shared parent's `hm` and
/// `sender_slots` (spec/shared-parent.md) are optional fields of version 3,
/// written only when they differ from the default: older readers never saw
/// a trace with them, and a trace without them is the default parent.
inline constexpr int trace_schema_version = 3;
inline constexpr int trace_oldest_version = 1;
inline constexpr const char* trace_format_name = "smsmc-trace";

/// A malformed or truncated trace file. `what()` names the field.
struct TraceError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct TraceLog {
  std::string actor;
  std::string text;
};

/// A message one machine's action delivered to another inside a step, in
/// the order they were sent (nested deliveries follow their cause).
struct TraceMessage {
  std::string from;
  std::string to;
  std::string event;  // the receiver's event name
};

/// A timed trace's timing (version 3): the profile's name and every
/// duration as "LO..HI" (spec/timing.h), so the trace replays without the
/// timing file.
struct TraceTiming {
  std::string profile;
  std::vector<std::pair<std::string, std::string>> durations;
};

struct TraceStep {
  /// When the step fires, in seconds from the start (timed traces).
  std::optional<mc::timed::Time> time;
  std::string actor;
  std::string event;
  std::vector<TraceMessage> messages;
  /// The state of every actor whose state this step changed, after the step.
  std::vector<std::pair<std::string, std::string>> states;
  std::vector<TraceLog> log;
};

struct Trace {
  int version = trace_schema_version;
  std::string variant;
  int sites = 1;
  int logon_servers = 1;
  spec::Environment environment = spec::Environment::unattended;
  std::string explorer;                // "bfs", "dfs", "rapidcheck-uniform", "rapidcheck-pct"
  std::optional<std::uint64_t> seed;   // property-based explorers
  std::string property;                // the property the trace violates ("" if none)
  std::string fingerprint;             // model_fingerprint() when recorded
  std::optional<std::size_t> loop_start;  // liveness lasso: steps[loop_start..] repeat
  std::optional<TraceTiming> timing;      // timed traces (version 3)
  sm::SharedParent parent{};              // written when not the default
  std::vector<TraceStep> steps;
};

/// A hash of every registered machine's transition table (states, events,
/// rows, guard and action names), in registry order: changes whenever the
/// protocol changes.
std::string model_fingerprint(const sm::Registry& registry = sm::Registry::protocol());

std::string trace_to_json(const Trace& trace);
/// The same trace as a JSON value, for documents that embed traces (the
/// `--json` results of spec/results.md): one writer for both.
nlohmann::json trace_to_json_value(const Trace& trace);
/// Parses and validates the structure; throws TraceError naming the field.
/// JSON nested deeper than 64 levels, numbers outside a field's range, and
/// strings with control characters or longer than 256 bytes (4096 for a
/// log line) are refused; what a message quotes is shortened and escaped.
Trace trace_from_json(const std::string& text);

/// Throws std::runtime_error "cannot write 'FILE': <the OS's reason>".
void write_trace_file(const std::string& file, const Trace& trace);
/// Reads a trace file nobody vouches for (io/read.h: regular files only, at
/// most limits.max_bytes). Throws TraceError, its message starting with the
/// file: "FILE: is a FIFO (named pipe), not a regular file", "FILE: is 200
/// MiB, over the input limit of 64 MiB; ...", "FILE: malformed trace: field
/// 'sites' is 18446744073709551615, outside 1..64".
Trace read_trace_file(const std::string& file, const io::ReadLimits& limits = {});

/// The model's path for the trace's steps (names resolved against `model`).
/// Throws TraceError naming the step when an actor or event is unknown.
mc::Path trace_path(const spec::ProtocolModel& model, const Trace& trace);

}  // namespace smsmc::trace
