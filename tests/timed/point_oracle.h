// Oracles for the DBM tests that never look at a DBM: a zone is the list
// of constraints that defined it, a valuation is a vector of rationals with
// a common denominator, and each operation's result is decided from its
// definition (is there a delay, a clock value, ... that explains the point).
// On a fine enough grid, deciding every grid point decides the zone: with
// integer constants every non-empty difference of zones contains a point
// whose coordinates are multiples of 1 / (clocks + 1) (each region has
// one), below the largest constant + 1.
#pragma once

#include "mc/timed/dbm.h"

#include <cstdint>
#include <functional>
#include <vector>

namespace smsmc::mc::timed::testing {

/// x_i - x_j ≺ c, clock 0 being the constant 0.
struct RawConstraint {
  ClockId i = 0;
  ClockId j = 0;
  std::int64_t c = 0;
  bool strict = false;
};

/// A valuation: values[k] / den for clock k (values[0] = 0).
struct Point {
  std::vector<std::int64_t> values;
  std::int64_t den = 1;
};

/// Whether `p` (non-negative clocks) satisfies every constraint.
bool satisfies(const std::vector<RawConstraint>& constraints, const Point& p);
/// The zone the constraints define, built by setting entries and close().
Dbm build(std::size_t dim, const std::vector<RawConstraint>& constraints);
/// Whether some d >= 0 puts p - d (every clock) inside the constraints.
bool delayed_from(const std::vector<RawConstraint>& constraints, const Point& p);
/// Whether some value y >= 0 of clock x puts p[x := y] inside.
bool some_value_of(const std::vector<RawConstraint>& constraints, const Point& p, ClockId x);
/// Calls `visit` on every point of the grid of step 1 / (dim) in [0, limit]^(dim - 1).
void for_each_grid_point(std::size_t dim, std::int64_t limit, const std::function<void(const Point&)>& visit);
/// Whether the DBM contains `p`.
bool contains(const Dbm& zone, const Point& p);

}  // namespace smsmc::mc::timed::testing
