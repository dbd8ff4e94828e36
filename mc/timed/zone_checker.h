// The zone explorer: a breadth-first waiting/passed-list search over the
// zone graph, with inclusion covering, for the safety (`always`) and
// reachability (`sometimes`) properties of a TimedModel's discrete model,
// and for the best- and worst-case time until a goal (UPPAAL's inf and sup
// of a global clock). Counterexamples have the fewest steps and come with a
// concrete timed run, checked by replaying it (concrete.h). Built as a
// builder, like mc::Checker:
//
//   TimedResult r = ZoneChecker(model).extrapolation(Extrapolation::lu).timeout(60).run();
//   TimeToGoal g = ZoneChecker(model).time_to(all_upgraded, 10 * 172800);
#pragma once

#include "mc/checker.h"
#include "mc/timed/concrete.h"
#include "mc/timed/extrapolation.h"
#include "mc/timed/timed_model.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace smsmc::mc::timed {

struct TimedStats {
  std::uint64_t stored = 0;      // symbolic states (discrete state, zone) stored
  std::uint64_t visited = 0;     // symbolic states expanded
  std::uint64_t covered = 0;     // successors dropped: included in a stored zone of their discrete state
  std::uint64_t superseded = 0;  // stored zones dropped: included in a newer one
  std::uint64_t transitions = 0; // non-empty successors computed
  std::uint64_t discrete_states = 0;
  std::uint32_t depth = 0;       // steps from an initial state to the deepest stored state
  double seconds = 0;
  bool complete = false;         // the whole zone graph was explored
  std::string stopped_by;        // "max-states" or "timeout" when the search stopped short
  /// Every selected property had its verdict before the graph was explored
  /// (run() only); verdicts are final.
  bool decided_early = false;
  std::size_t zone_bytes = 0;    // bytes per stored zone, on average (zones keep only their active clocks)
};

struct TimedProgress {
  std::uint64_t stored;
  std::uint64_t visited;
  std::uint32_t depth;
  double seconds;
};

struct TimedPropertyResult {
  std::string name;
  Expectation kind = Expectation::always;
  Verdict verdict = Verdict::unknown;
  /// Counterexample (always) or example (sometimes): the fewest steps.
  std::optional<Path> path;
  /// `path` with a time on every step (earliest schedule), replay-checked.
  std::optional<TimedRun> run;
  std::string note;
  std::string description;
  std::string witness_for;
};

struct TimedResult {
  TimedStats stats;
  std::vector<TimedPropertyResult> properties;
  /// Every reachable discrete state's words, once each in discovery order,
  /// if collect_states().
  std::vector<Word> states;
  [[nodiscard]] const TimedPropertyResult* find(const std::string& name) const;
};

/// The least or greatest time at which runs first reach the goal.
struct TimeExtreme {
  std::int64_t value = 0;
  /// Some run reaches the goal at exactly `value` (otherwise it is only
  /// approached: a strict bound).
  bool attained = true;
  /// The extreme exceeds the horizon; `value` is then the horizon.
  bool beyond_horizon = false;
  /// A run that reaches the goal at (or, when not attained, near) `value`.
  Path path;
  std::optional<TimedRun> run;
};

/// Whether some run never reaches the goal.
enum class Avoidance {
  no,       // every run reaches it (in a finite number of steps)
  yes,      // some run stays out of it forever (time passes with nothing forced, or the run is stuck)
  unknown   // the search stopped short, or the non-goal part of the zone graph has a cycle
};
const char* avoidance_name(Avoidance value);

struct TimeToGoal {
  TimedStats stats;
  std::int64_t horizon = 0;
  /// Best case (inf) and worst case (sup) of the time at which a run first
  /// reaches the goal, over the runs that do; nullopt when none does.
  std::optional<TimeExtreme> best;
  std::optional<TimeExtreme> worst;
  Avoidance avoidable = Avoidance::unknown;
  /// Why, in words; with Avoidance::yes a path (and timed run) to a state
  /// from which the goal is never reached.
  std::string avoidable_note;
  std::optional<Path> avoiding_path;
  std::optional<TimedRun> avoiding_run;
};

class ZoneChecker {
 public:
  explicit ZoneChecker(const TimedModel& model) : model_(model) {}

  /// Extrapolation (default none: with aLU covering exact zones terminate,
  /// and skipping the closure extrapolation needs is faster).
  [[nodiscard]] ZoneChecker& extrapolation(Extrapolation value) { extrapolation_ = value; return *this; }
  /// Covering of new zones by stored ones (default aLU, the coarsest the LU
  /// bounds allow; inclusion needs an extrapolation to terminate).
  [[nodiscard]] ZoneChecker& covering(Covering value) { covering_ = value; return *this; }
  /// Stop after this many stored symbolic states; the result is partial.
  [[nodiscard]] ZoneChecker& max_states(std::uint64_t value) { max_states_ = value; return *this; }
  /// Stop after this many seconds; the result is partial.
  [[nodiscard]] ZoneChecker& timeout(double seconds) { timeout_ = seconds; return *this; }
  /// Check only these properties (by name); all when empty.
  [[nodiscard]] ZoneChecker& only(std::vector<std::string> names) { only_ = std::move(names); return *this; }
  /// Attach replay-checked timed runs to counterexamples and extremes (default on).
  [[nodiscard]] ZoneChecker& timed_runs(bool value) { timed_runs_ = value; return *this; }
  /// Return the reachable discrete states in TimedResult::states (run()
  /// only); the search then explores everything, even when every property
  /// is decided early.
  [[nodiscard]] ZoneChecker& collect_states(bool value = true) { collect_states_ = value; return *this; }
  /// Called about every `interval` seconds while running.
  [[nodiscard]] ZoneChecker& on_progress(std::function<void(const TimedProgress&)> callback, double interval = 0.5) {
    progress_ = std::move(callback);
    progress_interval_ = interval;
    return *this;
  }

  /// Verdicts of the discrete model's `always` and `sometimes` properties
  /// under timing (`eventually` ones are reported unknown). A state's
  /// `terminal` is that of the discrete model (no action enabled). Throws
  /// std::invalid_argument for an unknown property name or a model that
  /// breaks the TimedModel rules.
  [[nodiscard]] TimedResult run() const;
  /// Best and worst time until `goal` first holds, over the runs that reach
  /// it, and whether some run never does. Goal states are not expanded.
  /// The global clock is exact up to `horizon` (> 0); past it only "more
  /// than horizon" is reported. A larger horizon costs more zones only when
  /// runs that avoid the goal last that long.
  [[nodiscard]] TimeToGoal time_to(const std::function<bool(const StateView&)>& goal, std::int64_t horizon) const;

 private:
  const TimedModel& model_;
  Extrapolation extrapolation_ = Extrapolation::none;
  Covering covering_ = Covering::alu;
  std::uint64_t max_states_ = 0;
  double timeout_ = 0;
  std::vector<std::string> only_;
  bool timed_runs_ = true;
  bool collect_states_ = false;
  std::function<void(const TimedProgress&)> progress_;
  double progress_interval_ = 0.5;
};

}  // namespace smsmc::mc::timed
