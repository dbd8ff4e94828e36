// The compact visited set's keys by state id, each `width` bits wide
// (0 to 64), back to back in blocks of 65,536 keys: a 28-bit key costs 3.5
// bytes, not 8. Blocks never move, so growing copies nothing; a new width
// (mc/collapse.h's layout grew) means a new array, filled by the caller.
#pragma once

#include "mc/model.h"

#include <cstddef>
#include <memory>
#include <vector>

namespace smsmc::mc {

class PackedKeys {
 public:
  static constexpr unsigned block_shift = 16;
  static constexpr std::size_t block_size = std::size_t{1} << block_shift;

  explicit PackedKeys(unsigned width = 0) : width_(width), mask_(width >= 64 ? ~Word{0} : (Word{1} << width) - 1) {}

  [[nodiscard]] unsigned width() const { return width_; }
  [[nodiscard]] std::size_t bytes() const { return blocks_.size() * block_words() * sizeof(Word); }
  [[nodiscard]] std::size_t bytes_when_holding(std::size_t n) const {
    return std::max(blocks_.size(), (n + block_size - 1) / block_size) * block_words() * sizeof(Word);
  }
  /// Allocates the blocks for `n` keys now.
  void reserve(std::size_t n) {
    const std::size_t blocks = (n + block_size - 1) / block_size;
    if (blocks <= blocks_.size()) return;
    blocks_.reserve(blocks);
    // Zeroed: set() ors a key into the words it shares with its neighbours.
    while (blocks_.size() < blocks) blocks_.push_back(std::make_unique<Word[]>(block_words()));
  }

  [[nodiscard]] Word get(std::size_t i) const {
    const Word* block = blocks_[i >> block_shift].get();
    const std::size_t bit = (i & (block_size - 1)) * width_;
    const unsigned offset = bit & 63;
    Word value = block[bit >> 6] >> offset;
    if (offset + width_ > 64) value |= block[(bit >> 6) + 1] << (64 - offset);
    return value & mask_;
  }
  /// Writes key `i`, which must not have been written before.
  void set(std::size_t i, Word key) {
    reserve(i + 1);
    Word* block = blocks_[i >> block_shift].get();
    const std::size_t bit = (i & (block_size - 1)) * width_;
    const unsigned offset = bit & 63;
    key &= mask_;
    block[bit >> 6] |= key << offset;
    if (offset + width_ > 64) block[(bit >> 6) + 1] |= key >> (64 - offset);
  }

  void prefetch(std::size_t i) const {
    __builtin_prefetch(blocks_[i >> block_shift].get() + (((i & (block_size - 1)) * width_) >> 6));
  }

 private:
  // One spare word: get() and set() of the last key may touch the word after.
  [[nodiscard]] std::size_t block_words() const { return block_size * width_ / 64 + 1; }

  unsigned width_;
  Word mask_;
  std::vector<std::unique_ptr<Word[]>> blocks_;
};

}  // namespace smsmc::mc
