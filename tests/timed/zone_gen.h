// RapidCheck generators of random zones (as the constraints that define
// them) for the DBM and extrapolation tests.
#pragma once

#include "tests/timed/point_oracle.h"

#include <rapidcheck.h>

#include <ostream>

namespace smsmc::mc::timed::testing {

/// Constants of the random constraints lie in [-max_constant, max_constant].
constexpr std::int64_t max_constant = 2;
/// Most clocks of a zone the tests decide on the whole grid.
constexpr std::int64_t max_grid_clocks = 3;
/// Grid bound that decides every such zone: a canonical bound is the sum
/// along a simple path of the constraint graph, at most clocks + 1 edges,
/// so every region shows below it.
constexpr std::int64_t grid_limit = (max_grid_clocks + 1) * max_constant + 1;

struct ZoneCase {
  std::size_t dim = 1;
  std::vector<RawConstraint> constraints;
};

inline std::ostream& operator<<(std::ostream& os, const RawConstraint& c) {
  os << "x" << c.i << " - x" << c.j << (c.strict ? " < " : " <= ") << c.c;
  return os;
}

inline std::ostream& operator<<(std::ostream& os, const ZoneCase& z) {
  os << "clocks " << z.dim - 1 << ":";
  for (const RawConstraint& c : z.constraints) os << " [" << c << "]";
  return os;
}

/// A constraint over clocks 0 .. dim-1: an upper bound, a lower bound or a
/// difference, with a small constant.
inline rc::Gen<RawConstraint> gen_constraint(std::size_t dim) {
  return rc::gen::exec([dim] {
    RawConstraint c;
    c.i = static_cast<ClockId>(*rc::gen::inRange<std::size_t>(0, dim));
    c.j = static_cast<ClockId>(*rc::gen::distinctFrom(rc::gen::inRange<std::size_t>(0, dim), std::size_t{c.i}));
    if (c.i == 0) {
      c.c = -*rc::gen::inRange<std::int64_t>(0, max_constant + 1);
    } else if (c.j == 0) {
      c.c = *rc::gen::inRange<std::int64_t>(0, max_constant + 1);
    } else {
      c.c = *rc::gen::inRange<std::int64_t>(-max_constant, max_constant + 1);
    }
    c.strict = *rc::gen::arbitrary<bool>();
    return c;
  });
}

/// Up to six random constraints over `dim - 1` clocks.
inline rc::Gen<ZoneCase> gen_zone_like(std::size_t dim) {
  return rc::gen::exec([dim] {
    ZoneCase z;
    z.dim = dim;
    const int count = *rc::gen::inRange(0, 7);
    for (int k = 0; k < count; ++k) z.constraints.push_back(*gen_constraint(dim));
    return z;
  });
}

/// A zone with min_clocks .. max_clocks clocks.
inline rc::Gen<ZoneCase> gen_zone(std::size_t min_clocks, std::size_t max_clocks) {
  return rc::gen::exec([=] { return *gen_zone_like(*rc::gen::inRange(min_clocks, max_clocks + 1) + 1); });
}

/// `z` with one constraint dropped or one added.
inline rc::Gen<ZoneCase> gen_variant(const ZoneCase& z) {
  return rc::gen::exec([z] {
    ZoneCase out = z;
    if (!out.constraints.empty() && *rc::gen::arbitrary<bool>()) {
      out.constraints.erase(out.constraints.begin() +
                            static_cast<std::ptrdiff_t>(*rc::gen::inRange<std::size_t>(0, out.constraints.size())));
    } else {
      out.constraints.push_back(*gen_constraint(z.dim));
    }
    return out;
  });
}

}  // namespace smsmc::mc::timed::testing
