// The step-duration layer over TimedModel: the timing a protocol gives its
// steps, turned into guards, invariants, resets and LU bounds. Every timed
// action belongs to a step with its own clock and a duration [lo, hi]
// (integer seconds, hi possibly unbounded). Clock rule: a step's clock is
// active while one of its actions is enabled; it is reset to 0 when the step
// goes from disabled to enabled (whoever caused it) and whenever one of its
// actions fires; while enabled the step must fire at a clock value in
// [lo, hi] (invariant clock <= hi, guard clock >= lo). A disabled step's
// clock is inactive, so it is freed. At equal times both orders are
// possible. An action with clock 0 is untimed: it may fire whenever it is
// enabled and is never forced.
#pragma once

#include "mc/timed/timed_model.h"

#include <cstdint>
#include <limits>

namespace smsmc::mc::timed {

/// How one action is timed.
struct StepTiming {
  /// No upper end: the step may also never fire.
  static constexpr std::int64_t unbounded = std::numeric_limits<std::int64_t>::max();
  /// The step's clock (1 .. clock_count()), or 0 for an untimed action.
  ClockId clock = 0;
  /// Fires no earlier than `lo` after its clock's reset.
  std::int64_t lo = 0;
  /// Fires no later than `hi` after its clock's reset (`unbounded`: never forced).
  std::int64_t hi = unbounded;
};

/// Implement discrete(), clock_count(), clock_name() and step(); location()
/// and edge() follow from the clock rule. A step's [lo, hi] may depend on
/// the state, but not while its clock keeps running: edge() throws
/// std::logic_error when a clock that stays active and is not reset sees
/// its bounds grow, since the per-state LU bounds would then be unsound.
class StepTimedModel : public TimedModel {
 public:
  /// The timing of `action`, which is enabled in `state`.
  [[nodiscard]] virtual StepTiming step(const Word* state, Action action) const = 0;

  /// Active clocks: those of the enabled actions; invariant clock <= hi for
  /// each; LU bounds: the largest lo and finite hi of each active clock.
  /// Throws std::invalid_argument on a malformed StepTiming.
  void location(const Word* state, LocationTiming& out) const final;
  /// Guard clock >= lo of the action's step; resets its clock and every
  /// clock active in `target` but not in `source`.
  void edge(const Word* source, const LocationTiming& at_source, Action action, const Word* target,
            const LocationTiming& at_target, EdgeTiming& out) const final;
};

}  // namespace smsmc::mc::timed
