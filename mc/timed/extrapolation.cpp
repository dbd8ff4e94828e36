#include "mc/timed/extrapolation.h"

#include "mc/timed/dbm.h"

#include <algorithm>
#include <limits>
#include <vector>

namespace smsmc::mc::timed {

const char* extrapolation_name(Extrapolation kind) {
  switch (kind) {
    case Extrapolation::none: return "off";
    case Extrapolation::m: return "m";
    case Extrapolation::lu: return "lu";
  }
  return "?";
}

std::optional<Extrapolation> parse_extrapolation(const std::string& name) {
  for (Extrapolation kind : {Extrapolation::none, Extrapolation::m, Extrapolation::lu}) {
    if (name == extrapolation_name(kind)) return kind;
  }
  return std::nullopt;
}

const char* covering_name(Covering kind) { return kind == Covering::alu ? "alu" : "inclusion"; }

std::optional<Covering> parse_covering(const std::string& name) {
  for (Covering kind : {Covering::inclusion, Covering::alu}) {
    if (name == covering_name(kind)) return kind;
  }
  return std::nullopt;
}

namespace dbm {

namespace {

constexpr Bound le_zero = Bound::le(0);

/// The relaxed lower bound (< -bound) of row 0, or x >= 0 when the clock has
/// no bound at all.
Bound relaxed_lower(std::int64_t bound) { return bound == no_bound ? le_zero : Bound::lt(-bound); }

/// Re-closes after an extrapolation changed `d`, and keeps every clock
/// non-negative (row 0 at most <= 0), which the rules above may have
/// loosened.
void finish(Bound* d, std::size_t n, bool modified) {
  if (!modified) return;
  for (std::size_t j = 1; j < n; ++j) d[j] = min(d[j], le_zero);
  close(d, n);
}

}  // namespace

void extra_m(Bound* d, std::size_t n, const std::int64_t* m) {
  if (is_empty(d, n)) return;
  bool modified = false;
  for (std::size_t i = 0; i < n; ++i) {
    const std::int64_t m_i = i == 0 ? 0 : m[i];
    for (std::size_t j = 0; j < n; ++j) {
      if (i == j) continue;
      Bound& entry = d[i * n + j];
      if (entry.is_infinite()) continue;
      const std::int64_t m_j = j == 0 ? 0 : m[j];
      if (i != 0 && (m_i == no_bound || entry.value() > m_i)) {
        entry = Bound::infinity();
        modified = true;
      } else if (j != 0 && (m_j == no_bound || -entry.value() > m_j)) {
        entry = i == 0 ? relaxed_lower(m_j) : (m_j == no_bound ? Bound::infinity() : Bound::lt(-m_j));
        modified = true;
      }
    }
  }
  finish(d, n, modified);
}

void extra_lu_plus(Bound* d, std::size_t n, const std::int64_t* lower, const std::int64_t* upper) {
  if (is_empty(d, n)) return;
  bool modified = false;
  // Rows 1.. read the lower bounds in row 0, so row 0 is rewritten last.
  for (std::size_t i = 1; i < n; ++i) {
    const std::int64_t l_i = lower[i];
    const std::int64_t lower_i = -d[i].value();  // x_i >= lower_i (or >)
    const bool drop_row = l_i == no_bound || lower_i > l_i;
    for (std::size_t j = 0; j < n; ++j) {
      if (i == j) continue;
      Bound& entry = d[i * n + j];
      if (entry.is_infinite()) continue;
      bool drop = drop_row || entry.value() > l_i;
      if (!drop && j != 0) drop = upper[j] == no_bound || -d[j].value() > upper[j];
      if (drop) {
        entry = Bound::infinity();
        modified = true;
      }
    }
  }
  for (std::size_t j = 1; j < n; ++j) {
    if (upper[j] == no_bound || -d[j].value() > upper[j]) {
      const Bound relaxed = relaxed_lower(upper[j]);
      if (relaxed != d[j]) {
        d[j] = relaxed;
        modified = true;
      }
    }
  }
  finish(d, n, modified);
}

bool is_alu_included(const Bound* a, const Bound* b, std::size_t n, const std::int64_t* lower,
                     const std::int64_t* upper) {
  if (is_empty(a, n)) return true;
  if (is_empty(b, n)) return false;
  for (std::size_t x = 0; x < n; ++x) {
    const std::int64_t u_x = x == 0 ? 0 : upper[x];
    if (u_x == no_bound) continue;  // x is never compared from above: any value simulates
    const Bound a_0x = a[x];
    if (a_0x < Bound::le(-u_x)) continue;  // x above U(x) throughout a
    for (std::size_t y = 0; y < n; ++y) {
      if (y == x) continue;
      const std::int64_t l_y = y == 0 ? 0 : lower[y];
      if (l_y == no_bound) continue;
      const Bound b_yx = b[y * n + x];
      if (b_yx < a[y * n + x] && b_yx + Bound::lt(-l_y) < a_0x) return false;
    }
  }
  return true;
}

void alu_thresholds(const Bound* d, std::size_t n, const std::int64_t* upper, Bound* out) {
  const Bound never = Bound::from_raw(std::numeric_limits<Bound::Raw>::min());
  for (std::size_t x = 0; x < n; ++x) {
    const std::int64_t u_x = x == 0 ? 0 : upper[x];
    out[x] = u_x != no_bound && d[x] >= Bound::le(-u_x) ? d[x] : never;
  }
}

Relation alu_relation(const Bound* a, const Bound* b, std::size_t n, const std::int64_t* lower,
                      const std::int64_t* upper) {
  std::vector<Bound> a_thresholds(n);
  std::vector<Bound> b_thresholds(n);
  alu_thresholds(a, n, upper, a_thresholds.data());
  alu_thresholds(b, n, upper, b_thresholds.data());
  return alu_relation(a, a_thresholds.data(), b, b_thresholds.data(), n, lower);
}

Relation alu_relation(const Bound* a, const Bound* a_0x, const Bound* b, const Bound* b_0x, std::size_t n,
                      const std::int64_t* lower) {
  const bool a_empty = is_empty(a, n);
  const bool b_empty = is_empty(b, n);
  if (a_empty || b_empty) return {a_empty, b_empty};
  // a_0x[x]: a(0, x) when x may be at most U(x) in a (the first condition),
  // else a value no sum is below; likewise b_0x.
  Relation out;
  for (std::size_t y = 0; y < n && (out.subset || out.superset); ++y) {
    const std::int64_t l_y = y == 0 ? 0 : lower[y];
    if (l_y == no_bound) continue;
    // d + (< -L(y)) packed: d's raw - 2 L(y), strict. Packed finite bounds
    // lie within ±2^30 and L(y) <= constant_limit, so this stays in 32 bits;
    // an infinite d never counts (d < the other entry fails first).
    const auto shift = static_cast<std::int32_t>(2 * l_y);
    const Bound* a_row = a + y * n;
    const Bound* b_row = b + y * n;
    std::int32_t a_escapes = 0;  // a(y, x) > b(y, x) far enough: a is not in a_LU(b)
    std::int32_t b_escapes = 0;
    for (std::size_t x = 0; x < n; ++x) {
      const std::int32_t ra = a_row[x].raw();
      const std::int32_t rb = b_row[x].raw();
      a_escapes |= static_cast<std::int32_t>(rb < ra) & static_cast<std::int32_t>(rb - shift - (rb & 1) < a_0x[x].raw());
      b_escapes |= static_cast<std::int32_t>(ra < rb) & static_cast<std::int32_t>(ra - shift - (ra & 1) < b_0x[x].raw());
    }
    out.subset = out.subset && a_escapes == 0;
    out.superset = out.superset && b_escapes == 0;
  }
  return out;
}

void extrapolate(Extrapolation kind, Bound* d, std::size_t n, const std::int64_t* lower, const std::int64_t* upper) {
  switch (kind) {
    case Extrapolation::none: return;
    case Extrapolation::lu: extra_lu_plus(d, n, lower, upper); return;
    case Extrapolation::m: {
      std::vector<std::int64_t> m(n);
      for (std::size_t k = 1; k < n; ++k) m[k] = std::max(lower[k], upper[k]);
      extra_m(d, n, m.data());
      return;
    }
  }
}

}  // namespace dbm
}  // namespace smsmc::mc::timed
