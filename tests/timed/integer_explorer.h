// An integer-time explorer: the test oracle for the zone explorer. Clocks
// are integers, time passes one tick at a time, and a clock above the
// largest constant K is kept at K + 1 (no constraint tells such values
// apart). For closed timed automata (no strict constraints) the states
// reachable in integer time are exactly the states reachable in real time
// (digitisation: Henzinger, Manna, Pnueli 1992), and so are the least and
// greatest times at which a goal is first reached. It shares nothing with
// the zone explorer but the model.
//
// Two semantics: the TimedModel one (location, edge; what the zone
// explorer implements), and the clock rule of step-duration models written
// out directly from step() (a check of StepTimedModel's derivation).
#pragma once

#include "mc/timed/step_model.h"
#include "mc/timed/timed_model.h"

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <vector>

namespace smsmc::mc::timed::testing {

enum class IntegerSemantics {
  timed_model,  // TimedModel::location and edge
  step_rule     // StepTimedModel::step and the clock rule, directly
};

struct IntegerReach {
  /// Reachable discrete states (their words).
  std::set<std::vector<Word>> discrete;
  std::size_t states = 0;  // integer states (discrete state, clock values)
  bool complete = true;    // false when max_states stopped it
};

/// Everything reachable in integer time.
IntegerReach integer_reach(const TimedModel& model, IntegerSemantics semantics, std::int64_t max_constant,
                           std::size_t max_states = 2'000'000);

/// For every reachable discrete state, the fewest actions (ticks are
/// free) of a run that reaches it.
std::map<std::vector<Word>, std::size_t> integer_min_steps(const TimedModel& model, IntegerSemantics semantics,
                                                           std::int64_t max_constant,
                                                           std::size_t max_states = 2'000'000);

struct IntegerTimeToGoal {
  /// Least and greatest integer time at which a run first enters the goal;
  /// horizon + 1 stands for "after the horizon".
  std::optional<std::int64_t> best;
  std::optional<std::int64_t> worst;
  /// Some run never reaches the goal: a reachable state outside it from
  /// which the runs outside it go on forever (a cycle: with clocks capped,
  /// time passing forever is a cycle) or stop (no tick, no action).
  bool avoidable = false;
  bool complete = true;
};

IntegerTimeToGoal integer_time_to(const TimedModel& model, IntegerSemantics semantics,
                                  const std::function<bool(const StateView&)>& goal, std::int64_t max_constant,
                                  std::int64_t horizon, std::size_t max_states = 2'000'000);

}  // namespace smsmc::mc::timed::testing
