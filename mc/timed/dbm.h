// Difference-bound matrices: a zone (a convex set of clock valuations
// defined by constraints x_i - x_j ≺ c) as an n x n matrix of Bounds over
// the clocks x_1 .. x_{n-1} and the reference clock x_0 = 0. Entry (i, j),
// row-major at d[i * n + j], bounds x_i - x_j; so (i, 0) is x_i's upper
// bound and (0, j) minus x_j's lower bound.
//
// The operations work on raw arrays (`Bound* d, std::size_t n`) so the
// search can keep zones in its own arenas; `Dbm` is an owning wrapper for
// everything else. Unless an operation says otherwise it expects a
// canonical matrix (every entry the tightest bound the others imply, as
// close() leaves it) and keeps it canonical. An empty zone is marked by
// entry (0, 0) below `<= 0`; its other entries mean nothing.
#pragma once

#include "mc/timed/bound.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace smsmc::mc::timed {

/// A clock index: 1 .. n-1; 0 is the reference clock (always 0).
using ClockId = std::uint32_t;

namespace dbm {

/// Sets `d` to the zone where every clock is 0 (canonical).
void zero(Bound* d, std::size_t n);
/// Sets `d` to the zone of all valuations with non-negative clocks (canonical).
void universal(Bound* d, std::size_t n);
/// Whether `d` is marked empty.
[[nodiscard]] inline bool is_empty(const Bound* d, std::size_t) { return d[0] < Bound::le(0); }
/// Marks `d` empty.
void make_empty(Bound* d, std::size_t n);
/// Floyd-Warshall closure, O(n^3): makes any matrix canonical, or marks it
/// empty (negative cycle) and returns false.
bool close(Bound* d, std::size_t n);
/// Whether `d` is canonical (no entry can be tightened); O(n^3), for tests
/// and assertions.
[[nodiscard]] bool is_canonical(const Bound* d, std::size_t n);
/// Intersects the canonical `d` with x_i - x_j ≺ b, re-tightening in O(n^2)
/// (nothing to do when b is not tighter than the entry); returns false and
/// marks `d` empty when the result is empty.
bool constrain(Bound* d, std::size_t n, ClockId i, ClockId j, Bound b);
/// Delay (time elapse, "up"): every valuation v becomes {v + t | t >= 0}.
void up(Bound* d, std::size_t n);
/// Sets clock x to `value` (>= 0) in every valuation.
void reset(Bound* d, std::size_t n, ClockId x, std::int64_t value = 0);
/// Forgets clock x: it may take any non-negative value, unrelated to the
/// others. Two zones that differ only on freed clocks become equal.
void free(Bound* d, std::size_t n, ClockId x);
/// Intersects `d` with the canonical `other`; returns false (and marks `d`
/// empty) when the intersection is empty. O(n^2) when one is included in the
/// other, O(n^3) otherwise.
bool intersect(Bound* d, const Bound* other, std::size_t n);
/// Whether zone a is a subset of zone b (both canonical); an empty zone is
/// included in everything. O(n^2).
[[nodiscard]] bool is_included(const Bound* a, const Bound* b, std::size_t n);
/// How two canonical zones compare, in one pass over both.
struct Relation {
  bool subset = true;    // a is included in b
  bool superset = true;  // b is included in a
};
/// Both inclusions at once (what a passed list asks of every stored zone).
/// O(n^2).
[[nodiscard]] Relation relation(const Bound* a, const Bound* b, std::size_t n);
/// Whether the canonical a and b are the same zone. O(n^2).
[[nodiscard]] bool is_equal(const Bound* a, const Bound* b, std::size_t n);
/// A hash of a canonical zone (XXH3); equal zones hash alike.
[[nodiscard]] std::uint64_t hash(const Bound* d, std::size_t n);
/// Whether the valuation x_k = values[k] / den (values[0] is ignored, den >
/// 0) is in the zone. Any matrix, canonical or not.
[[nodiscard]] bool contains(const Bound* d, std::size_t n, const std::int64_t* values, std::int64_t den);
/// Writes the matrix as constraints, one per finite non-trivial entry
/// ("x1 <= 3, x2 - x1 < 2"); `names[k]` names clock k (x_k by default).
[[nodiscard]] std::string to_string(const Bound* d, std::size_t n, const std::vector<std::string>& names = {});

}  // namespace dbm

/// An owning difference-bound matrix (n - 1 clocks), for tests, small
/// computations and readable code; the search uses the raw functions.
class Dbm {
 public:
  /// The zone where every clock is 0.
  [[nodiscard]] static Dbm zero(std::size_t n);
  /// The zone of all non-negative valuations.
  [[nodiscard]] static Dbm universal(std::size_t n);

  /// Matrix size: clocks + 1.
  [[nodiscard]] std::size_t dim() const { return n_; }
  [[nodiscard]] Bound* data() { return cells_.data(); }
  [[nodiscard]] const Bound* data() const { return cells_.data(); }
  /// The bound on x_i - x_j.
  [[nodiscard]] Bound at(ClockId i, ClockId j) const { return cells_[i * n_ + j]; }
  /// Sets the bound on x_i - x_j without tightening (call close() after).
  void set(ClockId i, ClockId j, Bound b) { cells_[i * n_ + j] = b; }

  /// dbm::is_empty.
  [[nodiscard]] bool is_empty() const { return dbm::is_empty(data(), n_); }
  /// dbm::close.
  bool close() { return dbm::close(data(), n_); }
  /// dbm::constrain.
  bool constrain(ClockId i, ClockId j, Bound b) { return dbm::constrain(data(), n_, i, j, b); }
  /// dbm::up.
  void up() { dbm::up(data(), n_); }
  /// dbm::reset.
  void reset(ClockId x, std::int64_t value = 0) { dbm::reset(data(), n_, x, value); }
  /// dbm::free.
  void free(ClockId x) { dbm::free(data(), n_, x); }
  /// dbm::intersect.
  bool intersect(const Dbm& other) { return dbm::intersect(data(), other.data(), n_); }
  /// dbm::is_included: this zone is a subset of `other`.
  [[nodiscard]] bool is_included_in(const Dbm& other) const { return dbm::is_included(data(), other.data(), n_); }
  /// dbm::hash.
  [[nodiscard]] std::uint64_t hash() const { return dbm::hash(data(), n_); }
  /// dbm::contains.
  [[nodiscard]] bool contains(const std::vector<std::int64_t>& values, std::int64_t den = 1) const {
    return dbm::contains(data(), n_, values.data(), den);
  }
  /// dbm::to_string.
  [[nodiscard]] std::string to_string(const std::vector<std::string>& names = {}) const {
    return dbm::to_string(data(), n_, names);
  }

  /// dbm::is_equal (both canonical).
  friend bool operator==(const Dbm& a, const Dbm& b) {
    return a.n_ == b.n_ && dbm::is_equal(a.data(), b.data(), a.n_);
  }
  friend bool operator!=(const Dbm& a, const Dbm& b) { return !(a == b); }

 private:
  explicit Dbm(std::size_t n) : n_(n), cells_(n * n) {}
  std::size_t n_;
  std::vector<Bound> cells_;
};

}  // namespace smsmc::mc::timed
