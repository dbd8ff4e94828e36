// A test-only allocation limit: while an AllocationLimit is alive, the
// global operator new throws std::bad_alloc once the bytes it has handed
// out and not yet taken back would pass the limit. For testing that an
// allocation failure (in a worker thread too) ends in a clean stop, where
// setrlimit cannot be used: AddressSanitizer reserves terabytes of address
// space and does not run under RLIMIT_AS.
//
// alloc_limit.cpp replaces operator new/delete for the whole executable:
// link it into a test executable only, never into a library.
#pragma once

#include <cstddef>

namespace smsmc::testing {

class AllocationLimit {
 public:
  /// Allocations beyond `bytes` more than are live now fail.
  explicit AllocationLimit(std::size_t bytes);
  ~AllocationLimit();
  AllocationLimit(const AllocationLimit&) = delete;
  AllocationLimit& operator=(const AllocationLimit&) = delete;

  /// How many allocations were refused while this limit was in force.
  [[nodiscard]] static std::size_t refused();
};

}  // namespace smsmc::testing
