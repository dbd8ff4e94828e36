// The timed model interface: a discrete mc::Model (packed states, actions,
// next_state, properties) plus clocks. Per discrete state (a location) it
// gives the invariant, which clocks are active, and the LU bounds of the
// active clocks; per transition the guard and the clocks it resets. The
// zone engine, the concretiser and the run checker all read a model only
// through this interface.
//
// Semantics (spec/timed-engine.md has the details). A concrete state is a
// discrete state q and a valuation of the active clocks of q. From it, time
// may pass by any d >= 0 while invariant(q) holds (all clocks advance
// together), and an action a enabled in the discrete model fires when
// guard(q, a) holds; it leads to q' = next_state(q, a), sets the clocks of
// resets(q, a, q') to 0, and requires invariant(q') at once. Clocks that are
// not active in q' are forgotten (their value is no part of the state), so
// two states that differ only in inactive clocks are the same state. A
// guard or invariant may only read active clocks (the engine checks it).
// All clocks are 0 in the initial states.
#pragma once

#include "mc/model.h"
#include "mc/timed/bound.h"
#include "mc/timed/dbm.h"
#include "mc/timed/extrapolation.h"

#include <cstdint>
#include <string>
#include <vector>

namespace smsmc::mc::timed {

/// A clock constraint x_i - x_j ≺ c; clock 0 is the constant 0, so
/// (x, 0, <= c) is x <= c and (0, x, <= -c) is x >= c.
struct Constraint {
  ClockId i = 0;
  ClockId j = 0;
  Bound bound;

  /// x <= c (x < c when strict).
  [[nodiscard]] static Constraint at_most(ClockId x, std::int64_t c, bool strict = false) {
    return {x, 0, Bound::make(c, strict)};
  }
  /// x >= c (x > c when strict).
  [[nodiscard]] static Constraint at_least(ClockId x, std::int64_t c, bool strict = false) {
    return {0, x, Bound::make(-c, strict)};
  }
  /// x - y <= c (< c when strict): a diagonal constraint; extrapolation is
  /// unsound with these, so the engine accepts them only with it off.
  [[nodiscard]] static Constraint difference(ClockId x, ClockId y, std::int64_t c, bool strict = false) {
    return {x, y, Bound::make(c, strict)};
  }
  /// Whether it compares two clocks (not a clock with a constant).
  [[nodiscard]] bool is_diagonal() const { return i != 0 && j != 0; }
};

/// What the timed layer says about one discrete state.
struct LocationTiming {
  /// Conjunction that must hold while the state is occupied.
  std::vector<Constraint> invariant;
  /// active[k] != 0 when clock k's value matters here (index 0 unused).
  std::vector<std::uint8_t> active;
  /// LU bounds, by clock (index 0 unused): the largest constant that clock k
  /// may still be compared with in a lower-bound (lower) or upper-bound
  /// (upper) constraint, on any path from here before k is reset or
  /// inactive; no_bound if none. Extrapolation is sound only if they do.
  std::vector<std::int64_t> lower;
  std::vector<std::int64_t> upper;

  /// Empties it for `clocks` clocks: nothing active, no invariant, no bounds.
  void clear(std::size_t clocks) {
    invariant.clear();
    active.assign(clocks + 1, 0);
    lower.assign(clocks + 1, no_bound);
    upper.assign(clocks + 1, no_bound);
  }
};

/// What the timed layer says about one transition.
struct EdgeTiming {
  std::vector<Constraint> guard;
  std::vector<ClockId> resets;

  void clear() {
    guard.clear();
    resets.clear();
  }
};

class TimedModel {
 public:
  virtual ~TimedModel() = default;
  /// The discrete model: states, actions, successors, properties.
  [[nodiscard]] virtual const Model& discrete() const = 0;
  /// Number of clocks; they are numbered 1 .. clock_count().
  [[nodiscard]] virtual std::size_t clock_count() const = 0;
  /// A clock's name, for zones and runs shown to people.
  [[nodiscard]] virtual std::string clock_name(ClockId clock) const = 0;
  /// Fills `out` (already clear()ed for clock_count() clocks) for `state`.
  virtual void location(const Word* state, LocationTiming& out) const = 0;
  /// Fills `out` (already clear()ed) for the transition `source` -`action`->
  /// `target`; `at_source` and `at_target` are location() of both ends
  /// (models that derive resets from what becomes active use them).
  virtual void edge(const Word* source, const LocationTiming& at_source, Action action, const Word* target,
                    const LocationTiming& at_target, EdgeTiming& out) const = 0;
};

}  // namespace smsmc::mc::timed
