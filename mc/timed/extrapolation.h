// Extrapolation (widening) of zones, which makes the zone graph finite:
// a zone is replaced by a larger one that no guard or invariant of the model
// can tell apart from it, judged by per-clock bounds on the constants the
// clock is still compared with. Two operators, from Behrmann, Bouyer,
// Larsen and Pelanek, "Lower and upper bounds in zone-based abstractions of
// timed automata" (STTT 2006): Extra_M (M = the largest constant of each
// clock) and Extra+_LU (L = the largest constant in a lower-bound
// comparison x > c / x >= c, U = the largest in an upper-bound comparison
// x < c / x <= c), which abstracts more. Both are sound and complete for
// reachability when the model has no diagonal constraints (x - y ≺ c):
// spec/timed-engine.md says why, and what the bounds of a location must
// cover.
#pragma once

#include "mc/timed/bound.h"
#include "mc/timed/dbm.h"

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>

namespace smsmc::mc::timed {

/// The bound of a clock that is never compared again (before it is reset or
/// freed): extrapolation forgets everything about it.
constexpr std::int64_t no_bound = std::numeric_limits<std::int64_t>::min();

enum class Extrapolation {
  none,  // exact zones: the test baseline; the zone graph may be infinite
  m,     // Extra_M with M = max(L, U)
  lu     // Extra+_LU
};

/// "off", "m", "lu".
const char* extrapolation_name(Extrapolation kind);
/// The extrapolation named by extrapolation_name(), or nullopt.
std::optional<Extrapolation> parse_extrapolation(const std::string& name);

/// How the search compares a new zone with the stored zones of its
/// discrete state (a covered one is dropped).
enum class Covering {
  inclusion,  // Z ⊆ Z'
  alu         // Z ⊆ a_LU(Z') (is_alu_included): coarser, and needs no extrapolation to terminate
};

/// "inclusion", "alu".
const char* covering_name(Covering kind);
/// The covering named by covering_name(), or nullopt.
std::optional<Covering> parse_covering(const std::string& name);

namespace dbm {

/// Extra_M on the canonical, non-empty `d`: bounds above M_i become
/// infinite, lower bounds below -M_j become (< -M_j); then re-closed.
/// m[k] is clock k's bound (m[0] is ignored), or no_bound.
void extra_m(Bound* d, std::size_t n, const std::int64_t* m);
/// Extra+_LU on the canonical, non-empty `d`, with lower[k] and upper[k]
/// clock k's L and U bounds (entry 0 ignored; no_bound allowed). Then
/// re-closed. Never removes a valuation.
void extra_lu_plus(Bound* d, std::size_t n, const std::int64_t* lower, const std::int64_t* upper);
/// Whether every valuation of `a` is LU-simulated by a valuation of `b`:
/// a ⊆ a_LU(b), the coarsest covering the LU bounds allow (Herbreteau,
/// Srivathsan, Walukiewicz, "Better abstractions for timed automata", LICS
/// 2012). O(n^2) and no closure: a is NOT included iff for some clocks
/// x != y (0 included, with L(0) = U(0) = 0) a's lower bound of x is at most
/// U(x) (a(0,x) >= (<= -U(x))), b(y,x) < a(y,x), and b(y,x) + (< -L(y)) <
/// a(0,x). Both canonical; bounds as in extra_lu_plus.
[[nodiscard]] bool is_alu_included(const Bound* a, const Bound* b, std::size_t n, const std::int64_t* lower,
                                   const std::int64_t* upper);
/// Both aLU inclusions at once, in one row-major pass over both matrices:
/// subset is a ⊆ a_LU(b), superset b ⊆ a_LU(a) (what the passed list asks).
[[nodiscard]] Relation alu_relation(const Bound* a, const Bound* b, std::size_t n, const std::int64_t* lower,
                                    const std::int64_t* upper);
/// The per-column part of alu_relation() that depends on one zone only:
/// out[x] = d(0, x) when x may be at most U(x) in d, else a bound below
/// every other (packed INT32_MIN). A search computes it once per stored zone.
void alu_thresholds(const Bound* d, std::size_t n, const std::int64_t* upper, Bound* out);
/// alu_relation() with both zones' alu_thresholds() given.
[[nodiscard]] Relation alu_relation(const Bound* a, const Bound* a_thresholds, const Bound* b,
                                    const Bound* b_thresholds, std::size_t n, const std::int64_t* lower);
/// Dispatches on `kind` (none: leaves `d` alone); M is max(L, U).
void extrapolate(Extrapolation kind, Bound* d, std::size_t n, const std::int64_t* lower, const std::int64_t* upper);

}  // namespace dbm
}  // namespace smsmc::mc::timed
