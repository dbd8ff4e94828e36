// The memory budget of a search (`--max-memory`). With the kernel's default
// overcommit an allocation rarely fails: the pages are promised, touched
// later, and when memory runs out the OOM killer ends the process with no
// partial result. So the search does not wait for std::bad_alloc: the
// visited set, the per-state arrays and the liveness data charge the budget
// before they grow, and when a charge is refused the search stops as it does
// at --max-states, with what it found.
//
// Rule for whoever charges: charge first, then allocate, then mutate, so a
// refused charge (or a std::bad_alloc) leaves the structure as it was.
#pragma once

#include <atomic>
#include <cstdint>
#include <new>
#include <optional>
#include <string>
#include <string_view>

namespace smsmc::mc {

/// Thrown by MemoryBudget::reserve when the budget would be exceeded. A
/// std::bad_alloc, so one `catch (const std::bad_alloc&)` in the search
/// turns both a refused charge and a real allocation failure into a stop.
class BudgetExceeded : public std::bad_alloc {
 public:
  [[nodiscard]] const char* what() const noexcept override { return "the memory budget is reached"; }
};

/// Bytes charged against a limit, shared by the search's threads. Relaxed
/// atomics: the count guards no other data, it only has to add up.
class MemoryBudget {
 public:
  /// 0: no limit (charges are still counted, for the report).
  explicit MemoryBudget(std::uint64_t limit_bytes = 0) : limit_(limit_bytes) {}
  MemoryBudget(const MemoryBudget&) = delete;
  MemoryBudget& operator=(const MemoryBudget&) = delete;

  /// Charges `bytes` if the total stays within the limit and returns true;
  /// otherwise charges nothing, remembers that the limit was reached, and
  /// returns false.
  [[nodiscard]] bool try_reserve(std::uint64_t bytes) noexcept {
    std::uint64_t used = used_.load(std::memory_order_relaxed);
    do {
      if (limit_ != 0 && (bytes > limit_ || used > limit_ - bytes)) {
        reached_.store(true, std::memory_order_relaxed);
        return false;
      }
    } while (!used_.compare_exchange_weak(used, used + bytes, std::memory_order_relaxed));
    std::uint64_t peak = peak_.load(std::memory_order_relaxed);
    while (used + bytes > peak && !peak_.compare_exchange_weak(peak, used + bytes, std::memory_order_relaxed)) {
    }
    return true;
  }
  /// try_reserve, or throws BudgetExceeded.
  void reserve(std::uint64_t bytes) {
    if (!try_reserve(bytes)) throw BudgetExceeded();
  }
  /// Gives back bytes charged earlier (freed, or never allocated after all).
  void release(std::uint64_t bytes) noexcept { used_.fetch_sub(bytes, std::memory_order_relaxed); }

  [[nodiscard]] std::uint64_t limit() const noexcept { return limit_; }
  [[nodiscard]] std::uint64_t used() const noexcept { return used_.load(std::memory_order_relaxed); }
  [[nodiscard]] std::uint64_t peak() const noexcept { return peak_.load(std::memory_order_relaxed); }
  /// A charge was refused: the search should stop (stopped_by "max-memory").
  [[nodiscard]] bool reached() const noexcept { return reached_.load(std::memory_order_relaxed); }

 private:
  const std::uint64_t limit_;
  std::atomic<std::uint64_t> used_{0};
  std::atomic<std::uint64_t> peak_{0};
  std::atomic<bool> reached_{false};
};

/// A charge that is given back when it goes out of scope, for memory that
/// lives as long as a scope (a liveness pass's arrays, a batch's buffers).
class Reservation {
 public:
  /// Throws BudgetExceeded when refused.
  Reservation(MemoryBudget& budget, std::uint64_t bytes) : budget_(&budget), bytes_(bytes) { budget.reserve(bytes); }
  ~Reservation() {
    if (budget_ != nullptr) budget_->release(bytes_);
  }
  Reservation(Reservation&& other) noexcept : budget_(other.budget_), bytes_(other.bytes_) { other.budget_ = nullptr; }
  Reservation(const Reservation&) = delete;
  Reservation& operator=(const Reservation&) = delete;
  Reservation& operator=(Reservation&&) = delete;

 private:
  MemoryBudget* budget_;
  std::uint64_t bytes_;
};

/// What the machine gives this process.
struct MemoryFacts {
  std::uint64_t physical = 0;                 // sysconf(_SC_PHYS_PAGES) * page size
  std::optional<std::uint64_t> cgroup_limit;  // memory.max (v2) or memory.limit_in_bytes (v1)
  /// RLIMIT_AS (`ulimit -v`): past it every allocation fails, so the
  /// budget should stop the search first.
  std::optional<std::uint64_t> address_space_limit;
};

/// The default budget is this fraction of min(physical, cgroup limit,
/// address-space limit): the
/// budget sees only the search's large structures, not the allocator's
/// slack, the threads' expansion buffers, the report, or the rest of the
/// machine; a quarter is left for those, so the OOM killer is not reached
/// first. (N=4, M=16, the largest run in bench/RESULTS.md, peaks at 7.2 GiB:
/// within the default on a 12 GiB machine.)
inline constexpr std::uint64_t default_fraction_numerator = 3;
inline constexpr std::uint64_t default_fraction_denominator = 4;

/// Reads sysconf and the cgroup files of this process.
MemoryFacts system_memory();
/// The memory limit of the cgroup `proc_self_cgroup` (the text of
/// /proc/self/cgroup) puts this process in, found under `cgroup_root`
/// (normally /sys/fs/cgroup): the smallest limit on the way from its own
/// group up to the root, v2 (`0::/path`, memory.max) or v1 (`N:memory:/path`,
/// memory/path/memory.limit_in_bytes). "max" and v1's huge "unlimited"
/// values are no limit. nullopt when no limit is found.
std::optional<std::uint64_t> cgroup_memory_limit(const std::string& proc_self_cgroup, const std::string& cgroup_root);
/// default_fraction of min(physical, cgroup limit, address-space limit).
std::uint64_t default_memory_limit(const MemoryFacts& facts);

/// Parses a --max-memory value: a byte count ("1073741824"), or a number
/// with a binary unit: K, M, G, T or KiB, MiB, GiB, TiB (any case), with an
/// optional fraction ("1.5GiB", "512M", "6G"). "0" means no bound, as for
/// --max-states and --timeout. Throws std::invalid_argument naming the value
/// for anything else: negative, NaN, inf, an unknown or decimal unit ("6GB":
/// say 6G or 6GiB), a fraction of a byte, more than 2^64-1 bytes.
std::uint64_t parse_memory_size(std::string_view text);

}  // namespace smsmc::mc
