// Concrete timed runs: a path of actions with the time at which each step
// fires, computed from a symbolic path (concretise) and checked against the
// timed semantics on its own (check_run), independently of the zones.
//
// Concretisation solves the path's timing as difference constraints over
// the firing times T_1 <= ... <= T_k (T_0 = 0): a clock read at step s and
// last reset at step r has the value T_s - T_r, so every guard and
// invariant is a bound on a difference of two firing times. The earliest
// schedule is the pointwise least solution (a solution of a closed system);
// the latest fixes the times in order, each as late as the earlier ones
// allow (the pointwise greatest solution when every time is bounded). Times are integers whenever an integer
// solution exists (always, with closed constraints and integer constants);
// otherwise they are multiples of 1 / (k + 2).
#pragma once

#include "mc/checker.h"
#include "mc/timed/timed_model.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace smsmc::mc::timed {

/// A time in seconds, num / den (den > 0, reduced).
struct Time {
  std::int64_t num = 0;
  std::int64_t den = 1;

  /// The reduced fraction num / den (den > 0).
  [[nodiscard]] static Time of(std::int64_t num, std::int64_t den = 1);
  /// "12", "25/2".
  [[nodiscard]] std::string to_string() const;
  [[nodiscard]] double seconds() const { return static_cast<double>(num) / static_cast<double>(den); }
  friend bool operator==(const Time& a, const Time& b) { return a.num == b.num && a.den == b.den; }
  friend bool operator!=(const Time& a, const Time& b) { return !(a == b); }
  friend bool operator<(const Time& a, const Time& b);
};

struct TimedStep {
  Action action = 0;
  /// When the step fires, from the start of the run.
  Time at;
};

/// A run from init state `init` (its index in init_states()): each step fires
/// at its time, in order; time passes between steps.
struct TimedRun {
  std::size_t init = 0;
  std::vector<TimedStep> steps;

  /// The untimed path it follows.
  [[nodiscard]] Path path() const;
};

enum class Schedule {
  earliest,  // every step as early as the path allows
  latest     // each step in turn as late as the steps before it allow (an unbounded one as early as they allow)
};

/// Extra constraints on the time of the last step: T_k ≺ upper and
/// -T_k ≺ lower_negated (infinite bounds: none).
struct EndWindow {
  Bound upper = Bound::infinity();
  Bound lower_negated = Bound::infinity();

  /// The last step at or before c.
  [[nodiscard]] static EndWindow at_most(std::int64_t c) { return {Bound::le(c), Bound::infinity()}; }
  /// The last step at or after c.
  [[nodiscard]] static EndWindow at_least(std::int64_t c) { return {Bound::infinity(), Bound::le(-c)}; }
};

/// A timed run along `path` (its discrete steps must be enabled: throws
/// std::invalid_argument otherwise, or when the model reads an inactive
/// clock), or nullopt when no timing of the path satisfies every guard and
/// invariant (and the window).
[[nodiscard]] std::optional<TimedRun> concretise(const TimedModel& model, const Path& path,
                                                 Schedule schedule = Schedule::earliest, EndWindow window = {});

/// Replays `run` against the timed semantics with exact clock values:
/// times never decrease, every action is enabled in the discrete model, its
/// guard holds when it fires, every invariant holds throughout each delay
/// (at both ends: invariants are convex), resets and inactive clocks as
/// TimedModel says, and no constraint reads an inactive clock. Returns the
/// first violation in words, or nullopt when the run is valid.
[[nodiscard]] std::optional<std::string> check_run(const TimedModel& model, const TimedRun& run);

/// One line per step: "t=12  action".
[[nodiscard]] std::string format_run(const TimedModel& model, const TimedRun& run);

}  // namespace smsmc::mc::timed
