#include "mc/timed/dbm.h"

#include <algorithm>

#define XXH_INLINE_ALL
#include <xxhash.h>

namespace smsmc::mc::timed {

std::string Bound::to_string() const {
  if (is_infinite()) return "< inf";
  return std::string(is_strict() ? "< " : "<= ") + std::to_string(value());
}

namespace dbm {

namespace {

constexpr Bound le_zero = Bound::le(0);

}  // namespace

void zero(Bound* d, std::size_t n) { std::fill(d, d + n * n, le_zero); }

void universal(Bound* d, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < n; ++j) d[i * n + j] = (i == j || i == 0) ? le_zero : Bound::infinity();
  }
}

void make_empty(Bound* d, std::size_t) { d[0] = Bound::lt(0); }

bool close(Bound* d, std::size_t n) {
  if (is_empty(d, n)) return false;
  for (std::size_t i = 0; i < n; ++i) d[i * n + i] = min(d[i * n + i], le_zero);
  for (std::size_t k = 0; k < n; ++k) {
    const Bound* row_k = d + k * n;
    for (std::size_t i = 0; i < n; ++i) {
      const Bound d_ik = d[i * n + k];
      if (d_ik.is_infinite()) continue;
      Bound* row_i = d + i * n;
      for (std::size_t j = 0; j < n; ++j) {
        const Bound through = d_ik + row_k[j];
        if (through < row_i[j]) row_i[j] = through;
      }
      // A negative cycle through i shows on the diagonal at once; stopping
      // here keeps the bounds from running away on an empty zone.
      if (row_i[i] < le_zero) {
        make_empty(d, n);
        return false;
      }
    }
  }
  return true;
}

bool is_canonical(const Bound* d, std::size_t n) {
  if (is_empty(d, n)) return false;
  for (std::size_t i = 0; i < n; ++i) {
    if (d[i * n + i] != le_zero) return false;
    for (std::size_t j = 0; j < n; ++j) {
      for (std::size_t k = 0; k < n; ++k) {
        if (d[i * n + k] + d[k * n + j] < d[i * n + j]) return false;
      }
    }
  }
  return true;
}

bool constrain(Bound* d, std::size_t n, ClockId i, ClockId j, Bound b) {
  if (is_empty(d, n)) return false;
  if (b >= d[i * n + j]) return true;
  if (b + d[j * n + i] < le_zero) {
    make_empty(d, n);
    return false;
  }
  d[i * n + j] = b;
  // Every path may now go through the new edge i -> j. Row j and column i
  // cannot improve (that would need a negative cycle), so one pass reading
  // them while writing the rest is exact.
  const Bound* row_j = d + j * n;
  for (std::size_t k = 0; k < n; ++k) {
    const Bound to_j = d[k * n + i] + b;
    if (to_j.is_infinite()) continue;
    Bound* row_k = d + k * n;
    for (std::size_t l = 0; l < n; ++l) {
      const Bound through = to_j + row_j[l];
      if (through < row_k[l]) row_k[l] = through;
    }
  }
  return true;
}

void up(Bound* d, std::size_t n) {
  for (std::size_t i = 1; i < n; ++i) d[i * n] = Bound::infinity();
}

void reset(Bound* d, std::size_t n, ClockId x, std::int64_t value) {
  const Bound plus = Bound::le(value);
  const Bound minus = Bound::le(-value);
  for (std::size_t j = 0; j < n; ++j) {
    d[x * n + j] = plus + d[j];            // x - x_j = value - x_j
    d[j * n + x] = d[j * n] + minus;       // x_j - x = x_j - value
  }
  d[x * n + x] = le_zero;
}

void free(Bound* d, std::size_t n, ClockId x) {
  for (std::size_t j = 0; j < n; ++j) {
    d[x * n + j] = Bound::infinity();
    d[j * n + x] = d[j * n];  // x_j - x <= x_j - 0, as x >= 0
  }
  d[x * n + x] = le_zero;
}

bool intersect(Bound* d, const Bound* other, std::size_t n) {
  if (is_empty(d, n)) return false;
  if (is_empty(other, n)) {
    make_empty(d, n);
    return false;
  }
  bool changed = false;
  for (std::size_t k = 0; k < n * n; ++k) {
    if (other[k] < d[k]) {
      d[k] = other[k];
      changed = true;
    }
  }
  return !changed || close(d, n);
}

namespace {

/// Entries compared per block; the search exits between blocks.
constexpr std::size_t block = 64;

/// Whether some a[j] is above b[j] / below b[j], j < n. Written without an
/// exit so that the compiler vectorises it: inclusion tests are most of a
/// search's time.
inline void compare_block(const Bound* a, const Bound* b, std::size_t n, std::int32_t& above, std::int32_t& below) {
  for (std::size_t j = 0; j < n; ++j) {
    above |= static_cast<std::int32_t>(a[j].raw() > b[j].raw());
    below |= static_cast<std::int32_t>(a[j].raw() < b[j].raw());
  }
}

}  // namespace

bool is_included(const Bound* a, const Bound* b, std::size_t n) {
  return relation(a, b, n).subset;
}

Relation relation(const Bound* a, const Bound* b, std::size_t n) {
  const bool a_empty = is_empty(a, n);
  const bool b_empty = is_empty(b, n);
  if (a_empty || b_empty) return {a_empty, b_empty};
  Relation out;
  const std::size_t cells = n * n;
  for (std::size_t k = 0; k < cells && (out.subset || out.superset); k += block) {
    std::int32_t above = 0;
    std::int32_t below = 0;
    compare_block(a + k, b + k, std::min(block, cells - k), above, below);
    out.subset = out.subset && above == 0;
    out.superset = out.superset && below == 0;
  }
  return out;
}

bool is_equal(const Bound* a, const Bound* b, std::size_t n) {
  const bool a_empty = is_empty(a, n);
  const bool b_empty = is_empty(b, n);
  if (a_empty || b_empty) return a_empty == b_empty;
  return std::equal(a, a + n * n, b);
}

std::uint64_t hash(const Bound* d, std::size_t n) {
  if (is_empty(d, n)) return 0;
  static_assert(sizeof(Bound) == sizeof(Bound::Raw), "Bound must be its packed integer");
  return XXH3_64bits(d, n * n * sizeof(Bound));
}

bool contains(const Bound* d, std::size_t n, const std::int64_t* values, std::int64_t den) {
  if (is_empty(d, n)) return false;
  for (std::size_t i = 0; i < n; ++i) {
    const std::int64_t vi = i == 0 ? 0 : values[i];
    if (vi < 0) return false;
    for (std::size_t j = 0; j < n; ++j) {
      const std::int64_t vj = j == 0 ? 0 : values[j];
      if (!d[i * n + j].admits(vi - vj, den)) return false;
    }
  }
  return true;
}

std::string to_string(const Bound* d, std::size_t n, const std::vector<std::string>& names) {
  if (is_empty(d, n)) return "empty";
  auto name = [&](std::size_t k) { return k < names.size() ? names[k] : "x" + std::to_string(k); };
  std::string out;
  auto add = [&](const std::string& text) { out += (out.empty() ? "" : ", ") + text; };
  for (std::size_t i = 1; i < n; ++i) {
    const Bound lower = d[i];
    const Bound upper = d[i * n];
    if (lower != le_zero) {
      add(name(i) + (lower.is_strict() ? " > " : " >= ") + std::to_string(-lower.value()));
    }
    if (!upper.is_infinite()) add(name(i) + " " + upper.to_string());
  }
  for (std::size_t i = 1; i < n; ++i) {
    for (std::size_t j = 1; j < n; ++j) {
      if (i != j && !d[i * n + j].is_infinite()) add(name(i) + " - " + name(j) + " " + d[i * n + j].to_string());
    }
  }
  return out.empty() ? "true" : out;
}

}  // namespace dbm

Dbm Dbm::zero(std::size_t n) {
  Dbm out(n);
  dbm::zero(out.data(), n);
  return out;
}

Dbm Dbm::universal(std::size_t n) {
  Dbm out(n);
  dbm::universal(out.data(), n);
  return out;
}

}  // namespace smsmc::mc::timed
