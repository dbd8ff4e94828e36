// One entry of a difference-bound matrix: a bound `x_i - x_j ≺ c` with
// ≺ in {<, <=}, packed in 32 bits as 2c + 1 for `<= c` and 2c for `< c`, so
// that comparing the packed integers orders the bounds by strength
// ((c, <) < (c, <=) < (c + 1, <)) and the DBM loops compare plain integers.
// The largest 32-bit value stands for "no bound" (< infinity).
//
// Arithmetic never overflows: sums are computed in 64 bits and a result
// past the representable range saturates (to infinity above, to the
// smallest finite bound below), which only ever loosens a bound beyond
// `value_limit`, far past any constant a model may use (`constant_limit`).
#pragma once

#include <cstdint>
#include <limits>
#include <string>

namespace smsmc::mc::timed {

class Bound {
 public:
  using Raw = std::int32_t;

  /// Largest magnitude of a finite bound's constant (17 years in seconds).
  /// Packed finite bounds then lie within ±2^30, so a packed bound plus
  /// another constant of a model still fits 32 bits (dbm::alu_relation
  /// relies on it).
  static constexpr std::int64_t value_limit = (std::int64_t{1} << 29) - 2;
  /// Largest constant a model may use in a guard, invariant or LU bound:
  /// canonical forms add a few constants together and must stay finite.
  static constexpr std::int64_t constant_limit = std::int64_t{1} << 26;

  /// `<= 0`, the neutral bound of a clock against itself.
  constexpr Bound() : raw_(1) {}

  /// `<= c` (c is clamped into [-value_limit, value_limit]).
  [[nodiscard]] static constexpr Bound le(std::int64_t c) { return make(c, false); }
  /// `< c` (c is clamped into [-value_limit, value_limit]).
  [[nodiscard]] static constexpr Bound lt(std::int64_t c) { return make(c, true); }
  /// `< c` when `strict`, `<= c` otherwise.
  [[nodiscard]] static constexpr Bound make(std::int64_t c, bool strict) {
    if (c > value_limit) return infinity();
    if (c < -value_limit) c = -value_limit;
    return from_raw(static_cast<Raw>(2 * c + (strict ? 0 : 1)));
  }
  /// No bound: `< infinity`.
  [[nodiscard]] static constexpr Bound infinity() { return from_raw(std::numeric_limits<Raw>::max()); }
  /// The bound whose packed form is `raw` (no check: raw must come from raw()).
  [[nodiscard]] static constexpr Bound from_raw(Raw raw) {
    Bound b;
    b.raw_ = raw;
    return b;
  }

  /// The packed form, for storage and hashing.
  [[nodiscard]] constexpr Raw raw() const { return raw_; }
  /// Whether this is "no bound".
  [[nodiscard]] constexpr bool is_infinite() const { return raw_ == std::numeric_limits<Raw>::max(); }
  /// The constant c (meaningless when infinite).
  [[nodiscard]] constexpr std::int64_t value() const { return raw_ >> 1; }
  /// Whether the bound is `<` rather than `<=` (infinity is strict).
  [[nodiscard]] constexpr bool is_strict() const { return (raw_ & 1) == 0 || is_infinite(); }

  /// The bound of a path of two constraints: (c1 + c2, strict if either
  /// is), saturating as the file comment says.
  [[nodiscard]] friend constexpr Bound operator+(Bound a, Bound b) {
    if (a.is_infinite() || b.is_infinite()) return infinity();
    const std::int64_t sum = std::int64_t{a.raw_} + std::int64_t{b.raw_} - ((a.raw_ | b.raw_) & 1);
    const std::int64_t c = sum >> 1;
    if (c > value_limit) return infinity();
    if (c < -value_limit) return make(-value_limit, (sum & 1) == 0);
    return from_raw(static_cast<Raw>(sum));
  }

  /// The bound of the opposite difference that holds exactly where this one
  /// fails: not (x - y ≺ c) is y - x ≺' -c with ≺' the other comparison.
  /// Undefined for infinity (its complement is empty).
  [[nodiscard]] constexpr Bound complement() const { return make(-value(), !is_strict()); }

  /// Whether a difference d (a rational num/den, den > 0) satisfies `≺ c`.
  [[nodiscard]] constexpr bool admits(std::int64_t num, std::int64_t den) const {
    if (is_infinite()) return true;
    const std::int64_t scaled = value() * den;
    return is_strict() ? num < scaled : num <= scaled;
  }

  friend constexpr bool operator==(Bound a, Bound b) { return a.raw_ == b.raw_; }
  friend constexpr bool operator!=(Bound a, Bound b) { return a.raw_ != b.raw_; }
  /// Strength order: a < b when a is the tighter bound.
  friend constexpr bool operator<(Bound a, Bound b) { return a.raw_ < b.raw_; }
  friend constexpr bool operator<=(Bound a, Bound b) { return a.raw_ <= b.raw_; }
  friend constexpr bool operator>(Bound a, Bound b) { return a.raw_ > b.raw_; }
  friend constexpr bool operator>=(Bound a, Bound b) { return a.raw_ >= b.raw_; }

  /// "<= 3", "< -2", "< inf".
  [[nodiscard]] std::string to_string() const;

 private:
  Raw raw_;
};

/// The tighter of two bounds.
[[nodiscard]] constexpr Bound min(Bound a, Bound b) { return a < b ? a : b; }

}  // namespace smsmc::mc::timed
