#include "tests/alloc_limit.h"

#include <malloc.h>

#include <atomic>
#include <cstdlib>
#include <new>

namespace smsmc::testing {
namespace {
// Bytes handed out by operator new and not yet deleted, as malloc counts
// them (malloc_usable_size), so new and delete agree without sized delete.
std::atomic<std::size_t> live{0};
std::atomic<std::size_t> ceiling{0};  // 0: no limit
std::atomic<std::size_t> refusals{0};

void* allocate(std::size_t size) {
  const std::size_t limit = ceiling.load(std::memory_order_relaxed);
  if (limit != 0 && live.load(std::memory_order_relaxed) + size > limit) {
    refusals.fetch_add(1, std::memory_order_relaxed);
    throw std::bad_alloc();
  }
  void* p = std::malloc(size == 0 ? 1 : size);
  if (p == nullptr) throw std::bad_alloc();
  live.fetch_add(malloc_usable_size(p), std::memory_order_relaxed);
  return p;
}

void deallocate(void* p) noexcept {
  if (p == nullptr) return;
  live.fetch_sub(malloc_usable_size(p), std::memory_order_relaxed);
  std::free(p);
}
}  // namespace

AllocationLimit::AllocationLimit(std::size_t bytes) {
  refusals.store(0);
  ceiling.store(live.load() + bytes);
}
AllocationLimit::~AllocationLimit() { ceiling.store(0); }
std::size_t AllocationLimit::refused() { return refusals.load(); }

}  // namespace smsmc::testing

// Over-aligned new (align_val_t) is left to the library: nothing in the
// tests that use the limit allocates over-aligned types.
void* operator new(std::size_t size) { return smsmc::testing::allocate(size); }
void* operator new[](std::size_t size) { return smsmc::testing::allocate(size); }
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  try {
    return smsmc::testing::allocate(size);
  } catch (...) {
    return nullptr;
  }
}
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept {
  try {
    return smsmc::testing::allocate(size);
  } catch (...) {
    return nullptr;
  }
}
void operator delete(void* p) noexcept { smsmc::testing::deallocate(p); }
void operator delete[](void* p) noexcept { smsmc::testing::deallocate(p); }
void operator delete(void* p, std::size_t) noexcept { smsmc::testing::deallocate(p); }
void operator delete[](void* p, std::size_t) noexcept { smsmc::testing::deallocate(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { smsmc::testing::deallocate(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { smsmc::testing::deallocate(p); }
