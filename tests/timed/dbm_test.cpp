// Difference-bound matrices against their definitions: random zones from
// random constraints, every operation compared point by point with what
// its definition says (point_oracle.h), on a grid fine enough to decide
// each zone exactly, and by sampling for larger dimensions.
#include "mc/timed/dbm.h"
#include "tests/timed/point_oracle.h"
#include "tests/timed/zone_gen.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <random>

namespace smsmc::mc::timed::testing {
namespace {

TEST(Bound, OrdersByStrength) {
  EXPECT_LT(Bound::lt(3), Bound::le(3));
  EXPECT_LT(Bound::le(3), Bound::lt(4));
  EXPECT_LT(Bound::le(-5), Bound::lt(0));
  EXPECT_LT(Bound::le(Bound::value_limit), Bound::infinity());
  EXPECT_TRUE(Bound::lt(2).is_strict());
  EXPECT_FALSE(Bound::le(2).is_strict());
  EXPECT_EQ(Bound::le(-7).value(), -7);
  EXPECT_EQ(Bound::lt(-7).value(), -7);
}

TEST(Bound, AddsStrictnessAndSaturates) {
  EXPECT_EQ(Bound::le(2) + Bound::le(3), Bound::le(5));
  EXPECT_EQ(Bound::le(2) + Bound::lt(3), Bound::lt(5));
  EXPECT_EQ(Bound::lt(-2) + Bound::lt(-3), Bound::lt(-5));
  EXPECT_EQ(Bound::le(4) + Bound::infinity(), Bound::infinity());
  EXPECT_EQ(Bound::infinity() + Bound::infinity(), Bound::infinity());
  // Past the range: infinity above, the least finite bound below; never UB.
  EXPECT_EQ(Bound::le(Bound::value_limit) + Bound::le(1), Bound::infinity());
  EXPECT_EQ(Bound::le(Bound::value_limit) + Bound::le(Bound::value_limit), Bound::infinity());
  EXPECT_EQ(Bound::le(-Bound::value_limit) + Bound::lt(-Bound::value_limit), Bound::lt(-Bound::value_limit));
  EXPECT_EQ(Bound::le(Bound::value_limit + 5), Bound::infinity());
}

TEST(Bound, ComplementIsTheOppositeDifference) {
  EXPECT_EQ(Bound::le(3).complement(), Bound::lt(-3));  // not (x - y <= 3) is y - x < -3
  EXPECT_EQ(Bound::lt(3).complement(), Bound::le(-3));
}

TEST(Dbm, PrintsItsConstraints) {
  Dbm zone = Dbm::universal(3);
  ASSERT_TRUE(zone.constrain(1, 0, Bound::le(5)));
  ASSERT_TRUE(zone.constrain(0, 2, Bound::lt(-1)));
  ASSERT_TRUE(zone.constrain(1, 2, Bound::le(0)));
  EXPECT_EQ(zone.to_string({"0", "x", "y"}), "x <= 5, y > 1, x - y <= 0");
  EXPECT_EQ(Dbm::zero(3).to_string(), "x1 <= 0, x2 <= 0, x1 - x2 <= 0, x2 - x1 <= 0");
}

TEST(Dbm, ZeroAndUniversalAreCanonical) {
  for (std::size_t n = 1; n < 6; ++n) {
    EXPECT_TRUE(dbm::is_canonical(Dbm::zero(n).data(), n));
    EXPECT_TRUE(dbm::is_canonical(Dbm::universal(n).data(), n));
  }
}

RC_GTEST_PROP(DbmProperty, CloseDefinesExactlyTheConstraints, ()) {
  const ZoneCase z = *gen_zone(1, max_grid_clocks);
  Dbm zone = build(z.dim, z.constraints);
  bool any = false;
  for_each_grid_point(z.dim, grid_limit, [&](const Point& p) {
    const bool in = satisfies(z.constraints, p);
    any |= in;
    RC_ASSERT(contains(zone, p) == in);
  });
  RC_ASSERT(zone.is_empty() == !any);
  if (!zone.is_empty()) {
    RC_ASSERT(dbm::is_canonical(zone.data(), z.dim));
    Dbm again = zone;
    again.close();
    RC_ASSERT(again == zone);
  }
}

RC_GTEST_PROP(DbmProperty, IncrementalConstrainEqualsClosure, ()) {
  const ZoneCase z = *gen_zone(1, 5);
  Dbm incremental = Dbm::universal(z.dim);
  for (const RawConstraint& c : z.constraints) incremental.constrain(c.i, c.j, Bound::make(c.c, c.strict));
  const Dbm closed = build(z.dim, z.constraints);
  RC_ASSERT(incremental.is_empty() == closed.is_empty());
  if (!closed.is_empty()) {
    RC_ASSERT(dbm::is_canonical(incremental.data(), z.dim));
    RC_ASSERT(incremental == closed);
    RC_ASSERT(incremental.hash() == closed.hash());
  }
}

RC_GTEST_PROP(DbmProperty, ConstrainIntersects, ()) {
  const ZoneCase z = *gen_zone(1, max_grid_clocks);
  const RawConstraint g = *gen_constraint(z.dim);
  Dbm zone = build(z.dim, z.constraints);
  const bool nonempty = zone.constrain(g.i, g.j, Bound::make(g.c, g.strict));
  RC_ASSERT(nonempty == !zone.is_empty());
  if (nonempty) RC_ASSERT(dbm::is_canonical(zone.data(), z.dim));
  bool any = false;
  for_each_grid_point(z.dim, grid_limit, [&](const Point& p) {
    const bool in = satisfies(z.constraints, p) && satisfies({g}, p);
    any |= in;
    RC_ASSERT(contains(zone, p) == in);
  });
  RC_ASSERT(any == nonempty);
}

RC_GTEST_PROP(DbmProperty, UpIsTheDelayClosure, ()) {
  const ZoneCase z = *gen_zone(1, max_grid_clocks);
  Dbm zone = build(z.dim, z.constraints);
  RC_PRE(!zone.is_empty());
  zone.up();
  RC_ASSERT(dbm::is_canonical(zone.data(), z.dim));
  for_each_grid_point(z.dim, grid_limit, [&](const Point& p) {
    RC_ASSERT(contains(zone, p) == delayed_from(z.constraints, p));
  });
}

RC_GTEST_PROP(DbmProperty, ResetSetsOneClock, ()) {
  const ZoneCase z = *gen_zone(1, max_grid_clocks);
  const auto x = static_cast<ClockId>(*rc::gen::inRange<std::size_t>(1, z.dim));
  const std::int64_t value = *rc::gen::inRange<std::int64_t>(0, 3);
  Dbm zone = build(z.dim, z.constraints);
  RC_PRE(!zone.is_empty());
  zone.reset(x, value);
  RC_ASSERT(dbm::is_canonical(zone.data(), z.dim));
  for_each_grid_point(z.dim, grid_limit, [&](const Point& p) {
    const bool in = p.values[x] == value * p.den && some_value_of(z.constraints, p, x);
    RC_ASSERT(contains(zone, p) == in);
  });
}

RC_GTEST_PROP(DbmProperty, FreeForgetsOneClock, ()) {
  const ZoneCase z = *gen_zone(1, max_grid_clocks);
  const auto x = static_cast<ClockId>(*rc::gen::inRange<std::size_t>(1, z.dim));
  Dbm zone = build(z.dim, z.constraints);
  RC_PRE(!zone.is_empty());
  zone.free(x);
  RC_ASSERT(dbm::is_canonical(zone.data(), z.dim));
  for_each_grid_point(z.dim, grid_limit, [&](const Point& p) {
    RC_ASSERT(contains(zone, p) == some_value_of(z.constraints, p, x));
  });
}

RC_GTEST_PROP(DbmProperty, FreedZonesDifferOnlyOutsideTheClock, ()) {
  // Zones that agree except on clock x are equal once x is freed: what
  // makes dead clocks collapse the zone graph.
  const ZoneCase z = *gen_zone(2, max_grid_clocks);
  const auto x = static_cast<ClockId>(*rc::gen::inRange<std::size_t>(1, z.dim));
  const std::int64_t v1 = *rc::gen::inRange<std::int64_t>(0, 4);
  const std::int64_t v2 = *rc::gen::inRange<std::int64_t>(0, 4);
  Dbm a = build(z.dim, z.constraints);
  RC_PRE(!a.is_empty());
  Dbm b = a;
  a.reset(x, v1);
  b.reset(x, v2);
  a.up();
  a.free(x);
  b.free(x);
  b.up();
  b.free(x);
  Dbm c = build(z.dim, z.constraints);
  c.free(x);
  c.up();
  c.free(x);
  RC_ASSERT(a == c);
  RC_ASSERT(b == c);
  RC_ASSERT(a.hash() == c.hash());
}

RC_GTEST_PROP(DbmProperty, IntersectionIsPointwise, ()) {
  const ZoneCase z1 = *gen_zone(1, max_grid_clocks);
  const ZoneCase z2 = *gen_zone_like(z1.dim);
  Dbm zone = build(z1.dim, z1.constraints);
  const Dbm other = build(z2.dim, z2.constraints);
  const bool nonempty = zone.intersect(other);
  RC_ASSERT(nonempty == !zone.is_empty());
  if (nonempty) RC_ASSERT(dbm::is_canonical(zone.data(), z1.dim));
  for_each_grid_point(z1.dim, grid_limit, [&](const Point& p) {
    RC_ASSERT(contains(zone, p) == (satisfies(z1.constraints, p) && satisfies(z2.constraints, p)));
  });
}

RC_GTEST_PROP(DbmProperty, InclusionAndEqualityMatchThePoints, ()) {
  const ZoneCase z1 = *gen_zone(1, max_grid_clocks);
  // Half the time the second zone is the first one with extra or fewer
  // constraints, so that inclusions are common.
  ZoneCase z2 = *rc::gen::oneOf(gen_zone_like(z1.dim), gen_variant(z1));
  const Dbm a = build(z1.dim, z1.constraints);
  const Dbm b = build(z2.dim, z2.constraints);
  bool a_in_b = true;
  bool b_in_a = true;
  for_each_grid_point(z1.dim, grid_limit, [&](const Point& p) {
    const bool in_a = satisfies(z1.constraints, p);
    const bool in_b = satisfies(z2.constraints, p);
    a_in_b &= !in_a || in_b;
    b_in_a &= !in_b || in_a;
  });
  RC_ASSERT(a.is_included_in(b) == a_in_b);
  RC_ASSERT(b.is_included_in(a) == b_in_a);
  RC_ASSERT((a == b) == (a_in_b && b_in_a));
  if (a == b) RC_ASSERT(a.hash() == b.hash());
}

RC_GTEST_PROP(DbmProperty, LargerZonesAgreeOnSampledPoints, ()) {
  // Six to nine clocks: too many for the grid, so points are sampled near
  // the constants (halves included, where strict bounds differ).
  const ZoneCase z = *gen_zone(5, 8);
  const auto x = static_cast<ClockId>(*rc::gen::inRange<std::size_t>(1, z.dim));
  const auto seed = *rc::gen::arbitrary<std::uint32_t>();
  Dbm closed = build(z.dim, z.constraints);
  Dbm delayed = closed;
  Dbm freed = closed;
  Dbm reset = closed;
  if (!closed.is_empty()) {
    delayed.up();
    freed.free(x);
    reset.reset(x);
  }
  std::mt19937 random(seed);
  std::uniform_int_distribution<std::int64_t> coordinate(0, 2 * grid_limit);
  Point p;
  p.den = 2;
  p.values.assign(z.dim, 0);
  for (int sample = 0; sample < 3000; ++sample) {
    for (std::size_t k = 1; k < z.dim; ++k) p.values[k] = coordinate(random);
    RC_ASSERT(contains(closed, p) == satisfies(z.constraints, p));
    if (closed.is_empty()) continue;
    RC_ASSERT(contains(delayed, p) == delayed_from(z.constraints, p));
    RC_ASSERT(contains(freed, p) == some_value_of(z.constraints, p, x));
    RC_ASSERT(contains(reset, p) == (p.values[x] == 0 && some_value_of(z.constraints, p, x)));
  }
}

}  // namespace
}  // namespace smsmc::mc::timed::testing
