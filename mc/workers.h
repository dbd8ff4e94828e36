// Exceptions in the search's worker threads. An exception that leaves a
// std::thread's function calls std::terminate: a std::bad_alloc while
// expanding states aborted the whole run (exit 134) with nothing printed.
// Each worker body runs inside WorkerErrors::run instead; the thread that
// joins the workers asks what happened and stops the search cleanly when
// memory ran out (stopped_by "out-of-memory" or "max-memory"), or rethrows
// any other exception on its own thread, where the caller's handlers are.
#pragma once

#include "mc/budget.h"

#include <atomic>
#include <exception>
#include <mutex>
#include <new>

namespace smsmc::mc {

class WorkerErrors {
 public:
  /// Runs `body()`; an exception it throws is kept (the first one only)
  /// instead of escaping the thread.
  template <class Body>
  void run(Body&& body) noexcept {
    try {
      body();
    } catch (...) {
      keep(std::current_exception());
    }
  }

  /// Some body threw. Relaxed: workers may poll it to give up early; the
  /// joining thread reads it after join(), which orders everything.
  [[nodiscard]] bool failed() const noexcept { return failed_.load(std::memory_order_relaxed); }
  // The three below read what the workers wrote: call them after join().
  /// The first exception kept was a std::bad_alloc (BudgetExceeded included).
  [[nodiscard]] bool out_of_memory() const noexcept { return kind_ != Kind::other && failed(); }
  /// It was the budget refusing a charge, not the allocator failing.
  [[nodiscard]] bool budget_reached() const noexcept { return kind_ == Kind::budget && failed(); }
  /// The search's stop reason for a memory failure: "max-memory" (the
  /// budget) or "out-of-memory" (the allocator); "" if none.
  [[nodiscard]] const char* stop_reason() const noexcept {
    if (!failed() || kind_ == Kind::other) return "";
    return kind_ == Kind::budget ? "max-memory" : "out-of-memory";
  }
  /// Rethrows the first exception kept, if it was not a memory failure.
  /// Call after joining every worker.
  void rethrow_unless_out_of_memory() const {
    if (failed() && kind_ == Kind::other) std::rethrow_exception(first_);
  }
  /// Forgets what was kept (before the next batch of workers).
  void clear() noexcept {
    const std::lock_guard<std::mutex> lock(mutex_);
    first_ = nullptr;
    kind_ = Kind::other;
    failed_.store(false, std::memory_order_relaxed);
  }

 private:
  enum class Kind { other, allocator, budget };

  void keep(std::exception_ptr error) noexcept {
    // Classifying rethrows the exception; libstdc++ does not allocate to do
    // so, and the exception object itself already exists.
    Kind kind = Kind::other;
    try {
      std::rethrow_exception(error);
    } catch (const BudgetExceeded&) {
      kind = Kind::budget;
    } catch (const std::bad_alloc&) {
      kind = Kind::allocator;
    } catch (...) {
    }
    const std::lock_guard<std::mutex> lock(mutex_);
    if (first_) return;
    first_ = std::move(error);
    kind_ = kind;
    failed_.store(true, std::memory_order_relaxed);
  }

  std::mutex mutex_;
  std::exception_ptr first_;
  Kind kind_ = Kind::other;
  std::atomic<bool> failed_{false};
};

}  // namespace smsmc::mc
