#include "tests/timed/point_oracle.h"

#include <algorithm>
#include <limits>
#include <optional>

namespace smsmc::mc::timed::testing {

namespace {

/// An interval of reals with endpoints in units of 1 / den.
class Interval {
 public:
  /// x > v (strict) or x >= v.
  void above(std::int64_t v, bool strict) {
    if (!lower_ || v > *lower_ || (v == *lower_ && strict)) {
      lower_ = v;
      lower_strict_ = strict;
    }
  }
  /// x < v (strict) or x <= v.
  void below(std::int64_t v, bool strict) {
    if (!upper_ || v < *upper_ || (v == *upper_ && strict)) {
      upper_ = v;
      upper_strict_ = strict;
    }
  }
  [[nodiscard]] bool empty() const {
    if (!lower_ || !upper_) return false;
    return *lower_ > *upper_ || (*lower_ == *upper_ && (lower_strict_ || upper_strict_));
  }

 private:
  std::optional<std::int64_t> lower_;
  std::optional<std::int64_t> upper_;
  bool lower_strict_ = false;
  bool upper_strict_ = false;
};

std::int64_t value(const Point& p, ClockId k) { return k == 0 ? 0 : p.values[k]; }

bool holds(const RawConstraint& c, std::int64_t difference, std::int64_t den) {
  return c.strict ? difference < c.c * den : difference <= c.c * den;
}

}  // namespace

bool satisfies(const std::vector<RawConstraint>& constraints, const Point& p) {
  for (std::size_t k = 1; k < p.values.size(); ++k) {
    if (p.values[k] < 0) return false;
  }
  return std::all_of(constraints.begin(), constraints.end(), [&](const RawConstraint& c) {
    return holds(c, value(p, c.i) - value(p, c.j), p.den);
  });
}

Dbm build(std::size_t dim, const std::vector<RawConstraint>& constraints) {
  Dbm zone = Dbm::universal(dim);
  for (const RawConstraint& c : constraints) {
    const Bound b = Bound::make(c.c, c.strict);
    if (b < zone.at(c.i, c.j)) zone.set(c.i, c.j, b);
  }
  zone.close();
  return zone;
}

bool delayed_from(const std::vector<RawConstraint>& constraints, const Point& p) {
  // p - d: x_i - x_j keeps its value, x_i alone loses d.
  Interval d;
  d.above(0, false);
  for (std::size_t k = 1; k < p.values.size(); ++k) d.below(p.values[k], false);  // p_k - d >= 0
  for (const RawConstraint& c : constraints) {
    const std::int64_t bound = c.c * p.den;
    if (c.i != 0 && c.j != 0) {
      if (!holds(c, value(p, c.i) - value(p, c.j), p.den)) return false;
    } else if (c.i != 0) {
      d.above(value(p, c.i) - bound, c.strict);  // p_i - d ≺ c
    } else if (c.j != 0) {
      d.below(bound + value(p, c.j), c.strict);  // d - p_j ≺ c
    } else if (!holds(c, 0, p.den)) {
      return false;
    }
  }
  return !d.empty();
}

bool some_value_of(const std::vector<RawConstraint>& constraints, const Point& p, ClockId x) {
  for (std::size_t k = 1; k < p.values.size(); ++k) {
    if (k != x && p.values[k] < 0) return false;
  }
  Interval y;
  y.above(0, false);
  for (const RawConstraint& c : constraints) {
    const std::int64_t bound = c.c * p.den;
    if (c.i == x && c.j != x) {
      y.below(bound + value(p, c.j), c.strict);  // y - p_j ≺ c
    } else if (c.j == x && c.i != x) {
      y.above(value(p, c.i) - bound, c.strict);  // p_i - y ≺ c
    } else if (c.i != x && c.j != x && !holds(c, value(p, c.i) - value(p, c.j), p.den)) {
      return false;
    }
  }
  return !y.empty();
}

void for_each_grid_point(std::size_t dim, std::int64_t limit, const std::function<void(const Point&)>& visit) {
  Point p;
  p.den = static_cast<std::int64_t>(dim);
  p.values.assign(dim, 0);
  const std::int64_t top = limit * p.den;
  for (;;) {
    visit(p);
    std::size_t k = 1;
    while (k < dim && p.values[k] == top) p.values[k++] = 0;
    if (k >= dim) return;
    ++p.values[k];
  }
}

bool contains(const Dbm& zone, const Point& p) { return zone.contains(p.values, p.den); }

}  // namespace smsmc::mc::timed::testing
