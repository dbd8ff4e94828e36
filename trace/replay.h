// Replay: re-executes a trace through the real Boost.MSM back ends (one per
// actor, MsmRunner), the reference the compiled tables are checked against,
// and says what the trace shows. Every step must be enabled and must change
// exactly the recorded states, write the recorded log lines and send the
// recorded messages; the compiled tables must agree with Boost.MSM on every
// step. `smsmc replay` prints the result and `smsmc render` draws it.
#pragma once

#include "mc/evaluate.h"
#include "spec/model.h"
#include "trace/recorder.h"
#include "trace/trace.h"

#include <cstddef>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace smsmc::trace {

/// The trace does not fit this model (exit 2): an unknown variant, actor or
/// event, a step that is not enabled, a state, log line or message that
/// differs, a fingerprint mismatch. `step` is 1-based; 0 for the header.
struct TraceMismatch : std::runtime_error {
  TraceMismatch(std::size_t step, const std::string& why)
      : std::runtime_error(step == 0 ? why : "step " + std::to_string(step) + ": " + why), step(step), why(why) {}
  std::size_t step;
  std::string why;  // the message without the step number
};

struct ReplayedStep {
  int actor = -1;
  int event = -1;                // index in the actor's machine
  unsigned before = 0;           // the acting actor's state before ...
  unsigned after = 0;            // ... and after the step
  std::vector<RecordedMessage> messages;
  std::vector<sm::LogLine> log;
  std::vector<mc::Word> state;   // the whole state after the step
};

/// What the replayed trace shows.
enum class Finding {
  clean,               // no property in the trace's environment is violated
  safety_violation,    // the end state violates an `always` property
  terminal_state,      // liveness: ends in a terminal state short of the goal
  fair_lasso,          // liveness: a fair cycle that never reaches the goal
};
const char* finding_name(Finding finding);

struct ReplayOptions {
  /// A trace recorded against different tables is a mismatch (exit 2); with
  /// this false it is only reported in `notes`.
  bool check_fingerprint = true;
  /// The services the trace's model is built from; null: the protocol's.
  /// Must outlive the Replay.
  const sm::Registry* registry = nullptr;
};

struct Replay {
  Trace trace;
  std::unique_ptr<spec::ProtocolModel> model;  // owns the layout every id refers to
  std::vector<mc::Word> initial;
  std::vector<ReplayedStep> steps;
  bool terminal = false;        // nothing is enabled in the end state
  bool fingerprint_matches = true;
  Finding finding = Finding::clean;
  /// `always` properties the end state violates, catalogue order.
  std::vector<std::string> violated;
  /// The property the finding is about: the recorded one when it is
  /// confirmed, else the first violated one; "" when clean.
  std::string property;
  /// 1-based step after which `property` first fails (safety), or the step
  /// that enters the terminal state (liveness); none for a lasso or clean.
  std::optional<std::size_t> violating_step;
  /// Human-readable explanation, one sentence each.
  std::vector<std::string> notes;
  /// What the replayed path shows about every property of its environment,
  /// by the checker's own evaluator (mc/evaluate.h): render reads the first
  /// failing step of each property from it.
  mc::Evaluation evaluation;

  [[nodiscard]] const sm::Layout& layout() const { return model->layout(); }
  [[nodiscard]] bool violation() const { return finding != Finding::clean; }
  /// The state after `steps` steps (0: the initial state).
  [[nodiscard]] const mc::Word* state_after(std::size_t steps) const;
};

/// Throws TraceMismatch when the trace does not fit the model.
Replay replay_trace(const Trace& trace, const ReplayOptions& options = {});

}  // namespace smsmc::trace
