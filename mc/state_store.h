// The visited set: every discovered state's packed key stored once in an
// arena of fixed-size blocks, indexed by an open-addressing table of 64-bit
// slots (32 bits of the key's XXH3 hash as a tag, 32 bits of state id), so a
// lookup rarely touches the arena. Ids are dense and in discovery order,
// which is what lets BFS use the arena itself as its queue. The arena grows
// a block at a time, so it never copies gigabytes (nor needs twice the
// memory) the way a doubling vector would.
#pragma once

#include "mc/model.h"

#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>
#include <vector>

#define XXH_INLINE_ALL
#include <xxhash.h>

namespace smsmc::mc {

class StateStore {
 public:
  static constexpr std::uint32_t none = std::numeric_limits<std::uint32_t>::max();

  static constexpr unsigned block_shift = 16;  // states per block: 65,536

  explicit StateStore(std::size_t words) : words_(words) { slots_.assign(1u << 16, 0); }

  [[nodiscard]] std::size_t words() const { return words_; }
  [[nodiscard]] std::uint32_t size() const { return count_; }
  [[nodiscard]] const Word* at(std::uint32_t id) const {
    return blocks_[id >> block_shift].get() + static_cast<std::size_t>(id & block_mask) * words_;
  }
  /// Every state's words, in id order.
  [[nodiscard]] std::vector<Word> all_states() const {
    std::vector<Word> out;
    out.reserve(static_cast<std::size_t>(count_) * words_);
    for (std::uint32_t id = 0; id < count_; ++id) out.insert(out.end(), at(id), at(id) + words_);
    return out;
  }
  /// Inserts `state`; returns its id and whether it was new.
  std::pair<std::uint32_t, bool> insert(const Word* state) { return insert(state, hash_of(state)); }

  [[nodiscard]] std::uint64_t hash_of(const Word* state) const { return XXH3_64bits(state, words_ * sizeof(Word)); }

  /// Starts loading the slot `hash` probes first. The search hashes a state's
  /// successors and prefetches their slots before inserting any of them, so
  /// the cache misses of a large table overlap instead of queueing.
  void prefetch(std::uint64_t hash) const {
    __builtin_prefetch(slots_.data() + (static_cast<std::size_t>(hash) & (slots_.size() - 1)));
  }

  /// insert() with the hash already computed (hash_of(state)).
  std::pair<std::uint32_t, bool> insert(const Word* state, std::uint64_t hash) {
    if ((static_cast<std::uint64_t>(count_) + 1) * 4 > slots_.size() * 3) grow();
    const std::uint64_t tag = hash >> 32;
    std::size_t slot = static_cast<std::size_t>(hash) & (slots_.size() - 1);
    for (;;) {
      const std::uint64_t entry = slots_[slot];
      if (entry == 0) break;
      if ((entry >> 32) == tag) {
        const auto id = static_cast<std::uint32_t>(entry) - 1;
        if (std::memcmp(at(id), state, words_ * sizeof(Word)) == 0) return {id, false};
      }
      slot = (slot + 1) & (slots_.size() - 1);
    }
    const std::uint32_t id = count_++;
    slots_[slot] = (tag << 32) | (static_cast<std::uint64_t>(id) + 1);
    if ((id & block_mask) == 0) blocks_.push_back(std::make_unique<Word[]>((block_mask + 1) * words_));
    std::memcpy(blocks_[id >> block_shift].get() + static_cast<std::size_t>(id & block_mask) * words_, state,
                words_ * sizeof(Word));
    return {id, true};
  }

  /// The id of `state`, or `none`.
  [[nodiscard]] std::uint32_t find(const Word* state) const {
    const std::uint64_t hash = hash_of(state);
    const std::uint64_t tag = hash >> 32;
    std::size_t slot = static_cast<std::size_t>(hash) & (slots_.size() - 1);
    for (;;) {
      const std::uint64_t entry = slots_[slot];
      if (entry == 0) return none;
      if ((entry >> 32) == tag) {
        const auto id = static_cast<std::uint32_t>(entry) - 1;
        if (std::memcmp(at(id), state, words_ * sizeof(Word)) == 0) return id;
      }
      slot = (slot + 1) & (slots_.size() - 1);
    }
  }

 private:
  void grow() {
    std::vector<std::uint64_t> old;
    old.swap(slots_);
    slots_.assign(old.size() * 2, 0);
    for (std::uint64_t entry : old) {
      if (entry == 0) continue;
      const std::uint64_t hash = hash_of(at(static_cast<std::uint32_t>(entry) - 1));
      std::size_t slot = static_cast<std::size_t>(hash) & (slots_.size() - 1);
      while (slots_[slot] != 0) slot = (slot + 1) & (slots_.size() - 1);
      slots_[slot] = entry;
    }
  }

  std::size_t words_;
  std::uint32_t count_ = 0;
  static constexpr std::uint32_t block_mask = (1u << block_shift) - 1;
  std::vector<std::unique_ptr<Word[]>> blocks_;
  std::vector<std::uint64_t> slots_;
};

}  // namespace smsmc::mc
