// The zone graph of a TimedModel: symbolic states (discrete state, zone)
// with the zone closed under delay, and their successors, extrapolated.
// Successor of (q, Z) under action a, as in UPPAAL and TChecker:
//
//   Z1 = Z ∧ guard(q, a); reset resets(q, a, q'); ∧ invariant(q')   (entry)
//   Z2 = up(Z1) ∧ invariant(q'); free the clocks inactive in q'      (delay)
//   Z3 = extrapolate(Z2) with the LU bounds of q'
//
// An optional global clock t (the last index) is never reset, freed or read
// by the model; it measures the time since the start for the time queries.
// Its extrapolation bound is the horizon: t's value is exact up to it,
// beyond it only "more than the horizon" is known (spec/timed-engine.md).
// Not thread-safe: it keeps scratch buffers.
#pragma once

#include "mc/timed/extrapolation.h"
#include "mc/timed/timed_model.h"

#include <cstdint>
#include <string>
#include <vector>

namespace smsmc::mc::timed {

struct ZoneGraphOptions {
  Extrapolation extrapolation = Extrapolation::lu;
  /// What the search will cover with; the graph only checks that the model
  /// suits it (aLU covering, like extrapolation, rules out diagonals).
  Covering covering = Covering::inclusion;
  /// Add the global clock t.
  bool global_clock = false;
  /// t's extrapolation bound (with global_clock and an extrapolation on).
  std::int64_t horizon = 0;
};

/// What a successor's computation learnt besides the zone.
struct EntryFacts {
  /// t's bounds at the moment the state is entered, before any delay:
  /// t <= t_upper and -t ≺ t_lower_negated (entries (t, 0) and (0, t)).
  /// Meaningful with the global clock only.
  Bound t_upper = Bound::infinity();
  Bound t_lower_negated = Bound::le(0);
  /// Time can pass forever in the entered state (some valuation has no
  /// upper bound on its delay), judged on the exact zone.
  bool divergent = false;
};

class ZoneGraph {
 public:
  /// Throws std::invalid_argument on a bad option (negative horizon).
  ZoneGraph(const TimedModel& model, ZoneGraphOptions options);

  [[nodiscard]] const TimedModel& model() const { return model_; }
  [[nodiscard]] const ZoneGraphOptions& options() const { return options_; }
  /// Matrix size: the model's clocks + 1, + 1 with the global clock.
  [[nodiscard]] std::size_t dim() const { return dim_; }
  /// Words per discrete state.
  [[nodiscard]] std::size_t words() const { return words_; }
  /// The global clock's index, or 0 without one.
  [[nodiscard]] ClockId global_clock() const { return options_.global_clock ? static_cast<ClockId>(dim_ - 1) : 0; }
  /// Names by index: "0", the model's clock names, "t".
  [[nodiscard]] std::vector<std::string> clock_names() const;

  /// The model's location() for `state`, checked: sizes, constants within
  /// Bound::constant_limit, invariants reading active clocks only, no
  /// diagonal constraint under extrapolation, LU bounds covering the
  /// invariant. Throws std::invalid_argument (std::logic_error for a bound
  /// the invariant exceeds).
  void location(const Word* state, LocationTiming& out) const;
  /// The LU bounds of a state for extrapolation and aLU covering: `at`'s,
  /// and the horizon for the global clock; dim() entries each.
  void lu_bounds(const LocationTiming& at, std::int64_t* lower, std::int64_t* upper) const;
  /// The symbolic state of a discrete initial state (all clocks 0, then
  /// delay); `at` is location(state). Returns false when the invariant
  /// fails at time 0.
  bool initial(const Word* state, const LocationTiming& at, Bound* zone, EntryFacts& facts) const;
  /// The successor of (source, zone) under `action` (enabled in the
  /// discrete model): writes the target state, its location() and zone.
  /// Returns false when the successor is empty (guard or invariant
  /// unsatisfiable). Throws std::invalid_argument when the model breaks the
  /// interface's rules (a guard reading an inactive clock, a clock that
  /// becomes active without a reset, ...).
  bool successor(const Word* source, const LocationTiming& at_source, const Bound* zone, Action action, Word* target,
                 LocationTiming& at_target, Bound* out, EntryFacts& facts) const;

 private:
  void check_constraints(const std::vector<Constraint>& constraints, const LocationTiming& at, const char* what,
                         const std::string& where) const;
  bool delay_and_extrapolate(const LocationTiming& at, Bound* zone, EntryFacts& facts) const;
  void fill_entry(const Bound* zone, EntryFacts& facts) const;

  const TimedModel& model_;
  ZoneGraphOptions options_;
  std::size_t clocks_;
  std::size_t dim_;
  std::size_t words_;
  mutable EdgeTiming edge_;
  mutable std::vector<std::int64_t> lower_;
  mutable std::vector<std::int64_t> upper_;
};

}  // namespace smsmc::mc::timed
