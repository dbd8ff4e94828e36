// A growable array stored in fixed-size blocks. The search appends to
// per-state and per-transition arrays of hundreds of millions of entries: a
// std::vector would copy them on every doubling and have the kernel zero
// twice the memory (measured: a fifth of the run at N=4, M=16). Blocks never
// move, so growth copies nothing.
#pragma once

#include <algorithm>
#include <cstddef>
#include <memory>
#include <vector>

namespace smsmc::mc {

template <class T, unsigned Shift = 16>
class BlockVector {
 public:
  static constexpr std::size_t block_size = std::size_t{1} << Shift;

  [[nodiscard]] std::size_t size() const { return size_; }
  /// Bytes allocated, for a memory budget.
  [[nodiscard]] std::size_t bytes() const { return blocks_.size() * block_size * sizeof(T); }
  /// Bytes allocated once it holds `n` entries (charged before reserve(n)).
  [[nodiscard]] std::size_t bytes_when_holding(std::size_t n) const {
    return std::max(blocks_.size(), (n + block_size - 1) / block_size) * block_size * sizeof(T);
  }
  /// Allocates the blocks for `n` entries now, so that push_back and
  /// grow_to up to `n` allocate nothing. A std::bad_alloc keeps what was
  /// there (and perhaps some new, empty blocks).
  void reserve(std::size_t n) {
    const std::size_t blocks = (n + block_size - 1) / block_size;
    if (blocks <= blocks_.size()) return;
    blocks_.reserve(blocks);
    while (blocks_.size() < blocks) add_block();
  }
  T& operator[](std::size_t i) { return blocks_[i >> Shift][i & (block_size - 1)]; }
  const T& operator[](std::size_t i) const { return blocks_[i >> Shift][i & (block_size - 1)]; }

  void push_back(const T& value) {
    if ((size_ & (block_size - 1)) == 0 && (size_ >> Shift) == blocks_.size()) add_block();
    (*this)[size_++] = value;
  }
  /// Grows to `n` value-initialised entries (never shrinks).
  void grow_to(std::size_t n) {
    while (blocks_.size() * block_size < n) add_block();
    for (; size_ < n; ++size_) (*this)[size_] = T{};
  }

 private:
  // Not value-initialised: every entry is written before it is read (by
  // push_back or grow_to), and zeroing a block the kernel already zeroed
  // cost most of a small model's run (8 blocks of up to 512 KiB per run).
  void add_block() { blocks_.push_back(std::unique_ptr<T[]>(new T[block_size])); }

  std::vector<std::unique_ptr<T[]>> blocks_;
  std::size_t size_ = 0;
};

}  // namespace smsmc::mc
