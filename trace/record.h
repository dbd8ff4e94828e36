// Recording a trace: a path of the model run on its compiled tables, with
// every step's changed states, messages and log lines named. Both explorers
// write their counterexamples with it.
#pragma once

#include "mc/checker.h"
#include "spec/check.h"
#include "spec/model.h"
#include "spec/timed_model.h"
#include "trace/trace.h"

#include <cstdint>
#include <optional>
#include <string>

namespace smsmc::trace {

/// Runs `path` on the model's compiled tables and records names, changed
/// states, messages and log lines.
Trace make_trace(const spec::ProtocolModel& model, const mc::Path& path, const std::string& property,
                 const std::string& explorer, std::optional<std::uint64_t> seed = std::nullopt);

/// A timed run as a version-3 trace: every step with its time, and the
/// profile with every duration, so `replay` can check the times.
Trace make_timed_trace(const spec::TimedProtocolModel& model, const mc::timed::TimedRun& run,
                       const std::string& property, const std::string& explorer = "zones");

/// The trace of a property's counterexample (or witness path), run in the
/// property's own environment. `config` is the checked configuration.
Trace counterexample_trace(const spec::Config& config, const spec::CheckedProperty& property,
                           const std::string& explorer);

}  // namespace smsmc::trace
