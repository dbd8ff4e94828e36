// Weak fairness per process, the checker's one definition. Liveness uses it
// to decide whether a component of the state graph holds a fair cycle and to
// check the lasso it prints; the path evaluator uses it to judge the loop of
// a lasso from a trace. A cycle repeated forever is weakly fair iff no
// process is enabled in every state of the cycle without taking a step on it.
#pragma once

#include "mc/model.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace smsmc::mc {

class WeakFairness {
 public:
  explicit WeakFairness(const Model& model);

  /// Forgets the states and steps added so far: a new cycle.
  void clear();
  /// A state of the cycle, given the actions enabled in it.
  void add_state(const Action* enabled, std::size_t count);
  void add_state(const std::vector<Action>& enabled) { add_state(enabled.data(), enabled.size()); }
  /// A step the cycle takes.
  void add_step(Action action);

  /// The lowest-numbered process enabled in every state added that takes no
  /// step; nullopt when the cycle is fair. (With no state added every
  /// process counts as enabled throughout: a cycle has at least one state.)
  [[nodiscard]] std::optional<int> starved() const;
  /// Whether `process` is enabled in every state added.
  [[nodiscard]] bool always_enabled(int process) const { return always_enabled_[static_cast<std::size_t>(process)] != 0; }
  /// Whether `process` takes a step added.
  [[nodiscard]] bool steps(int process) const { return steps_[static_cast<std::size_t>(process)] != 0; }
  [[nodiscard]] int processes() const { return static_cast<int>(steps_.size()); }

 private:
  const Model& model_;
  std::vector<std::uint8_t> always_enabled_;
  std::vector<std::uint8_t> steps_;
  std::vector<std::uint8_t> here_;  // scratch: enabled in the state being added
};

}  // namespace smsmc::mc
