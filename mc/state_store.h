// The visited set: every discovered state's packed key stored once in a flat
// arena, indexed by an open-addressing table of 64-bit slots (32 bits of the
// key's XXH3 hash as a tag, 32 bits of state id), so a lookup rarely touches
// the arena. Ids are dense and in discovery order, which is what lets BFS use
// the arena itself as its queue.
#pragma once

#include "mc/model.h"

#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

#define XXH_INLINE_ALL
#include <xxhash.h>

namespace smsmc::mc {

class StateStore {
 public:
  static constexpr std::uint32_t none = std::numeric_limits<std::uint32_t>::max();

  explicit StateStore(std::size_t words) : words_(words) { slots_.assign(1u << 16, 0); }

  [[nodiscard]] std::size_t words() const { return words_; }
  [[nodiscard]] std::uint32_t size() const { return count_; }
  [[nodiscard]] const Word* at(std::uint32_t id) const { return arena_.data() + static_cast<std::size_t>(id) * words_; }
  [[nodiscard]] std::vector<Word>& arena() { return arena_; }
  [[nodiscard]] std::size_t bytes() const { return arena_.capacity() * sizeof(Word) + slots_.capacity() * 8; }

  /// Inserts `state`; returns its id and whether it was new.
  std::pair<std::uint32_t, bool> insert(const Word* state) {
    if ((static_cast<std::uint64_t>(count_) + 1) * 4 > slots_.size() * 3) grow();
    const std::uint64_t hash = hash_of(state);
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
    arena_.insert(arena_.end(), state, state + words_);
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
  [[nodiscard]] std::uint64_t hash_of(const Word* state) const { return XXH3_64bits(state, words_ * sizeof(Word)); }

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
  std::vector<Word> arena_;
  std::vector<std::uint64_t> slots_;
};

}  // namespace smsmc::mc
