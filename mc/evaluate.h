// The property evaluator: what one path shows about each property. The one
// definition of "first failing step", of a witness reached, of an execution
// that ends short of its goal and of a fair lasso, shared by the checker's
// tests, trace replay, the diagrams and the simulator. Steps are counted as
// states: state 0 is the initial state, state k the one after k steps.
//
//   Evaluation e = evaluate(model, path, model.properties());
//   if (e.find("no-config-failure")->discovery == Discovery::safety_violation) ...
#pragma once

#include "mc/model.h"
#include "mc/path.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace smsmc::mc {

/// What a path shows about one property.
enum class Discovery {
  none,              // nothing: no verdict follows from this path alone
  safety_violation,  // `always`: the condition fails at first_failure
  example,           // `sometimes`: the condition holds at first_holds
  terminal_state,    // `eventually`: the path ends where nothing is enabled, the goal never held
  fair_lasso,        // `eventually`: the loop closes, is weakly fair, and the goal never held
};
const char* discovery_name(Discovery discovery);

struct PropertyOnPath {
  std::string name;
  Expectation kind = Expectation::always;
  std::optional<std::size_t> first_failure;  // first state where the condition is false
  std::optional<std::size_t> first_holds;    // first state where it is true
  bool holds_at_end = false;                 // in the last state
  Discovery discovery = Discovery::none;
};

struct Evaluation {
  std::size_t words = 0;
  std::vector<Word> states;            // steps() + 1 states, `words` each
  std::vector<std::uint8_t> terminal;  // per state: nothing is enabled there
  std::vector<Action> actions;
  std::optional<std::size_t> loop_start;
  /// The loop has at least one step and returns to the state it starts from.
  bool loop_closes = false;
  /// When the loop has steps: the process (Model::process_of) that is enabled
  /// in every state of the loop and never steps in it (the lowest such), or
  /// nullopt when the loop is weakly fair (mc/fairness.h).
  std::optional<int> starved_process;
  std::vector<PropertyOnPath> properties;  // in the order given

  [[nodiscard]] std::size_t steps() const { return actions.size(); }
  [[nodiscard]] const Word* state(std::size_t k) const { return states.data() + k * words; }
  /// A lasso that an infinite fair execution follows.
  [[nodiscard]] bool fair_loop() const { return loop_start && loop_closes && !starved_process; }
  [[nodiscard]] const PropertyOnPath* find(const std::string& name) const;
};

/// Replays `path` through the model and evaluates `properties` along it.
/// Throws std::invalid_argument when the path starts at an initial state the
/// model does not have, takes a step that is not enabled, or has its
/// loop_start past its last step.
Evaluation evaluate(const Model& model, const Path& path, const std::vector<Property>& properties);

/// The same for states the caller already has (replay runs the steps
/// through Boost.MSM): `states` holds actions.size() + 1 states, state k + 1
/// the successor of state k under actions[k] (not checked again).
Evaluation evaluate_states(const Model& model, std::vector<Word> states, std::vector<Action> actions,
                           std::optional<std::size_t> loop_start, const std::vector<Property>& properties);

/// The evaluator online, for an execution whose states are not kept (the
/// simulator): observe() each state in order, read the first failures and
/// goals as they come. evaluate() is built on it.
class Monitor {
 public:
  explicit Monitor(std::vector<Property> properties);

  /// Forgets the execution: the next state observed is state 0.
  void reset();
  /// The next state of the execution.
  void observe(const StateView& state);

  [[nodiscard]] const std::vector<Property>& properties() const { return properties_; }
  /// States observed since reset().
  [[nodiscard]] std::size_t observed() const { return observed_; }
  [[nodiscard]] std::optional<std::size_t> first_failure(std::size_t property) const { return known(first_failure_[property]); }
  [[nodiscard]] std::optional<std::size_t> first_holds(std::size_t property) const { return known(first_holds_[property]); }
  /// The property (by index) the execution showed violated first: the
  /// `always` property failing at the earliest state (the first in order
  /// among those failing there), else, once a terminal state is observed,
  /// the first `eventually` property whose goal never held.
  [[nodiscard]] std::optional<std::size_t> violation() const { return known(violation_); }

 private:
  static constexpr std::size_t never = static_cast<std::size_t>(-1);
  static std::optional<std::size_t> known(std::size_t at) {
    return at == never ? std::nullopt : std::optional<std::size_t>(at);
  }

  std::vector<Property> properties_;
  std::vector<std::size_t> first_failure_;
  std::vector<std::size_t> first_holds_;
  std::size_t violation_ = never;
  std::size_t observed_ = 0;
};

}  // namespace smsmc::mc
