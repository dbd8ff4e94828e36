// Extrapolation: it only ever adds valuations, and what it adds cannot be
// told apart from the original zone by any constraint its bounds cover
// (checked as guard satisfiability, and for Extra+_LU as the LU-simulation
// of Behrmann et al. point by point), on random zones and random bounds.
#include "mc/timed/extrapolation.h"
#include "tests/timed/point_oracle.h"
#include "tests/timed/zone_gen.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

namespace smsmc::mc::timed::testing {
namespace {

struct BoundsCase {
  std::vector<std::int64_t> lower;
  std::vector<std::int64_t> upper;
};

/// Per clock L and U in {no_bound, 0 .. max_constant + 1}.
rc::Gen<BoundsCase> gen_bounds(std::size_t dim) {
  return rc::gen::exec([dim] {
    BoundsCase b;
    b.lower.assign(dim, 0);
    b.upper.assign(dim, 0);
    for (std::size_t k = 1; k < dim; ++k) {
      for (std::vector<std::int64_t>* v : {&b.lower, &b.upper}) {
        const std::int64_t pick = *rc::gen::inRange<std::int64_t>(-1, max_constant + 2);
        (*v)[k] = pick < 0 ? no_bound : pick;
      }
    }
    return b;
  });
}

/// Random non-diagonal constraints whose constants the bounds cover: a lower
/// bound x ≻ c with c <= L(x) and an upper bound x ≺ c with c <= U(x).
rc::Gen<std::vector<RawConstraint>> gen_guard(std::size_t dim, const BoundsCase& b) {
  return rc::gen::exec([dim, b] {
    std::vector<RawConstraint> guard;
    for (std::size_t k = 1; k < dim; ++k) {
      const auto x = static_cast<ClockId>(k);
      if (b.lower[k] != no_bound && *rc::gen::arbitrary<bool>()) {
        guard.push_back({0, x, -*rc::gen::inRange<std::int64_t>(0, b.lower[k] + 1), *rc::gen::arbitrary<bool>()});
      }
      if (b.upper[k] != no_bound && *rc::gen::arbitrary<bool>()) {
        guard.push_back({x, 0, *rc::gen::inRange<std::int64_t>(0, b.upper[k] + 1), *rc::gen::arbitrary<bool>()});
      }
    }
    return guard;
  });
}

/// A random zone, delay-closed half the time (as the zone graph stores them).
Dbm random_zone(const ZoneCase& z, bool delayed) {
  Dbm zone = build(z.dim, z.constraints);
  if (delayed && !zone.is_empty()) zone.up();
  return zone;
}

Dbm extrapolated(const Dbm& zone, Extrapolation kind, const BoundsCase& b) {
  Dbm out = zone;
  dbm::extrapolate(kind, out.data(), out.dim(), b.lower.data(), b.upper.data());
  return out;
}

RC_GTEST_PROP(Extrapolation, OnlyAddsValuations, ()) {
  const ZoneCase z = *gen_zone(1, max_grid_clocks);
  const BoundsCase b = *gen_bounds(z.dim);
  const Dbm zone = random_zone(z, *rc::gen::arbitrary<bool>());
  RC_PRE(!zone.is_empty());
  for (const Extrapolation kind : {Extrapolation::m, Extrapolation::lu}) {
    const Dbm wider = extrapolated(zone, kind, b);
    RC_ASSERT(dbm::is_canonical(wider.data(), z.dim));
    RC_ASSERT(zone.is_included_in(wider));
    for_each_grid_point(z.dim, grid_limit + 2, [&](const Point& p) {
      if (contains(zone, p)) RC_ASSERT(contains(wider, p));
    });
  }
}

RC_GTEST_PROP(Extrapolation, KeepsGuardsTheBoundsCover, ()) {
  // A guard whose constants the bounds cover is satisfiable in the
  // extrapolated zone only if it is in the zone itself: no run is invented.
  const ZoneCase z = *gen_zone(1, max_grid_clocks);
  const BoundsCase b = *gen_bounds(z.dim);
  const Dbm zone = random_zone(z, *rc::gen::arbitrary<bool>());
  RC_PRE(!zone.is_empty());
  const std::vector<RawConstraint> guard = *gen_guard(z.dim, b);
  for (const Extrapolation kind : {Extrapolation::m, Extrapolation::lu}) {
    const Dbm wider = extrapolated(zone, kind, b);
    bool in_zone = false;
    bool in_wider = false;
    for_each_grid_point(z.dim, grid_limit + 2, [&](const Point& p) {
      if (!satisfies(guard, p)) return;
      in_zone |= contains(zone, p);
      in_wider |= contains(wider, p);
    });
    RC_ASSERT(in_wider == in_zone);
  }
}

/// Whether some v' in `zone` LU-simulates v: per clock, v'(x) = v(x), or
/// L(x) < v'(x) < v(x), or U(x) < v(x) < v'(x).
bool simulated(const Dbm& zone, const BoundsCase& b, const Point& v) {
  const std::size_t dim = zone.dim();
  // The zone scaled by v.den, so that v's coordinates are integers.
  Dbm scaled = zone;
  for (ClockId i = 0; i < dim; ++i) {
    for (ClockId j = 0; j < dim; ++j) {
      const Bound e = zone.at(i, j);
      if (i != j && !e.is_infinite()) scaled.set(i, j, Bound::make(e.value() * v.den, e.is_strict()));
    }
  }
  std::size_t combinations = 1;
  for (std::size_t k = 1; k < dim; ++k) combinations *= 3;
  for (std::size_t code = 0; code < combinations; ++code) {
    Dbm candidate = scaled;
    bool possible = true;
    std::size_t rest = code;
    for (ClockId x = 1; x < dim && possible; ++x, rest /= 3) {
      const std::int64_t vx = v.values[x];
      switch (rest % 3) {
        case 0:
          candidate.constrain(x, 0, Bound::le(vx));
          candidate.constrain(0, x, Bound::le(-vx));
          break;
        case 1:  // L < v' < v
          candidate.constrain(x, 0, Bound::lt(vx));
          if (b.lower[x] != no_bound) candidate.constrain(0, x, Bound::lt(-b.lower[x] * v.den));
          break;
        default:  // U < v < v'
          possible = b.upper[x] == no_bound || vx > b.upper[x] * v.den;
          candidate.constrain(0, x, Bound::lt(-vx));
          break;
      }
    }
    if (possible && !candidate.is_empty()) return true;
  }
  return false;
}

RC_GTEST_PROP(Extrapolation, LuPlusStaysInsideTheLuAbstraction, ()) {
  const ZoneCase z = *gen_zone(1, 2);
  const BoundsCase b = *gen_bounds(z.dim);
  const Dbm zone = random_zone(z, *rc::gen::arbitrary<bool>());
  RC_PRE(!zone.is_empty());
  const Dbm wider = extrapolated(zone, Extrapolation::lu, b);
  for_each_grid_point(z.dim, grid_limit + 2, [&](const Point& p) {
    if (contains(wider, p)) RC_ASSERT(simulated(zone, b, p));
  });
}

RC_GTEST_PROP(Extrapolation, AluInclusionIsPointwiseLuSimulation, ()) {
  // Z1 ⊆ a_LU(Z2) exactly when every valuation of Z1 is LU-simulated by one
  // of Z2; it holds whenever Z1 ⊆ Z2, and for Extra+_LU(Z2) in Z2.
  const ZoneCase z1 = *gen_zone(1, 2);
  const ZoneCase z2 = *rc::gen::oneOf(gen_zone_like(z1.dim), gen_variant(z1));
  const BoundsCase b = *gen_bounds(z1.dim);
  const bool delayed = *rc::gen::arbitrary<bool>();
  const Dbm a = random_zone(z1, delayed);
  const Dbm c = random_zone(z2, delayed);
  bool expected = true;
  for_each_grid_point(z1.dim, grid_limit + 2, [&](const Point& p) {
    if (expected && contains(a, p) && !simulated(c, b, p)) expected = false;
  });
  RC_TAG(expected ? "included" : "not included", a.is_included_in(c) ? "plain inclusion" : "no plain inclusion");
  RC_ASSERT(dbm::is_alu_included(a.data(), c.data(), z1.dim, b.lower.data(), b.upper.data()) == expected);
  const dbm::Relation both = dbm::alu_relation(a.data(), c.data(), z1.dim, b.lower.data(), b.upper.data());
  RC_ASSERT(both.subset == expected);
  RC_ASSERT(both.superset == dbm::is_alu_included(c.data(), a.data(), z1.dim, b.lower.data(), b.upper.data()));
  if (a.is_included_in(c)) RC_ASSERT(expected);
  if (!c.is_empty()) {
    const Dbm wider = extrapolated(c, Extrapolation::lu, b);
    RC_ASSERT(dbm::is_alu_included(wider.data(), c.data(), z1.dim, b.lower.data(), b.upper.data()));
  }
}

TEST(Extrapolation, LuAbstractsMoreThanM) {
  // x = 5 exactly, L(x) = 2, U(x) = 10: Extra+_LU forgets the upper bound
  // (x is above every lower-bound constant), Extra_M (M = 10) keeps it.
  Dbm zone = Dbm::universal(2);
  zone.constrain(1, 0, Bound::le(5));
  zone.constrain(0, 1, Bound::le(-5));
  const BoundsCase b{{0, 2}, {0, 10}};
  EXPECT_EQ(extrapolated(zone, Extrapolation::lu, b).to_string({"0", "x"}), "x >= 5");
  EXPECT_EQ(extrapolated(zone, Extrapolation::m, b).to_string({"0", "x"}), "x >= 5, x <= 5");
  EXPECT_EQ(extrapolated(zone, Extrapolation::none, b), zone);
}

TEST(Extrapolation, RelaxesLowerBoundsAboveU) {
  // x >= 5 and y <= 1, then a delay (so y - x <= -4); U(x) = 3: x is past
  // every upper-bound constant, so only "x > 3" is left of it, and with it
  // goes y - x <= -4.
  Dbm zone = Dbm::universal(3);
  zone.constrain(0, 1, Bound::le(-5));
  zone.constrain(2, 0, Bound::le(1));
  zone.up();
  const BoundsCase b{{0, 10, 10}, {0, 3, 10}};
  EXPECT_EQ(extrapolated(zone, Extrapolation::lu, b).to_string({"0", "x", "y"}), "x > 3");
}

TEST(Extrapolation, ForgetsClocksWithoutBounds) {
  Dbm zone = Dbm::universal(3);
  zone.constrain(1, 0, Bound::le(2));
  zone.constrain(2, 1, Bound::lt(-1));
  const BoundsCase none_for_y{{0, 5, no_bound}, {0, 5, no_bound}};
  Dbm freed = zone;
  freed.free(2);
  EXPECT_EQ(extrapolated(zone, Extrapolation::lu, none_for_y), freed);
  EXPECT_EQ(extrapolated(zone, Extrapolation::m, none_for_y), freed);
}

TEST(Extrapolation, NamesRoundTrip) {
  for (const Extrapolation kind : {Extrapolation::none, Extrapolation::m, Extrapolation::lu}) {
    EXPECT_EQ(parse_extrapolation(extrapolation_name(kind)), kind);
  }
  EXPECT_FALSE(parse_extrapolation("lu+"));
}

}  // namespace
}  // namespace smsmc::mc::timed::testing
