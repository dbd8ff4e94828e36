// The visited set: every discovered state's packed key stored once in an
// arena of fixed-size blocks, indexed by an open-addressing table of 64-bit
// slots (32 bits of the key's XXH3 hash as a tag, 32 bits of state id), so a
// lookup rarely touches the arena. Ids are dense and in discovery order,
// which is what lets BFS use the arena itself as its queue. The arena grows
// a block at a time, so it never copies gigabytes (nor needs twice the
// memory) the way a doubling vector would.
#pragma once

#include "mc/visited.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <utility>
#include <vector>

namespace smsmc::mc {

class StateStore final : public VisitedSet {
 public:
  static constexpr unsigned block_shift = 16;  // states per block: 65,536

  /// A slot holds id + 1 in 32 bits (0 marks an empty slot), and no_state
  /// is no id: ids run from 0 to 2^32 - 2.
  static constexpr std::uint64_t max_ids = std::uint64_t{no_state};

  // The table starts small (8 KiB) and doubles: a small model should not
  // pay for zeroing a large one (half the run of a tiny graph under ASan).
  explicit StateStore(std::size_t words) : words_(words) { slots_.assign(1u << 10, 0); }

  [[nodiscard]] std::size_t words() const override { return words_; }
  [[nodiscard]] std::uint64_t size() const override { return count_; }
  [[nodiscard]] std::uint64_t capacity() const override { return max_ids; }
  [[nodiscard]] const Word* at(StateId id) const override { return key_at(id); }

  [[nodiscard]] std::size_t bytes() const override { return key_bytes() + slot_bytes(); }
  [[nodiscard]] std::size_t key_bytes() const override { return blocks_.size() * block_bytes(); }
  [[nodiscard]] std::size_t slot_bytes() const override { return slots_.size() * sizeof(std::uint64_t); }
  [[nodiscard]] std::string encoding() const override {
    return "plain, " + std::to_string(words_ * sizeof(Word)) + "-byte keys";
  }

  /// While a rehash runs the old table and the new one are both held: that
  /// peak is what is charged (the charge drops once the batch is in).
  [[nodiscard]] std::size_t bytes_when_holding(std::uint64_t states) const override {
    const std::size_t blocks = std::max<std::size_t>(blocks_.size(), blocks_for(states));
    const std::size_t slots = slots_for(states);
    return (slots + (slots != slots_.size() ? slots_.size() : 0)) * sizeof(std::uint64_t) + blocks * block_bytes();
  }

  void reserve(std::uint64_t states) override {
    if (const std::size_t slots = slots_for(states); slots != slots_.size()) rehash(slots);
    const std::size_t blocks = blocks_for(states);
    if (blocks <= blocks_.size()) return;
    blocks_.reserve(blocks);
    while (blocks_.size() < blocks) add_block();
  }

  void insert(std::size_t count, const Word* states, const std::uint64_t* hashes, StateId* ids,
              std::uint8_t* fresh) override {
    // Slots are prefetched eight states ahead of their insert, so the cache
    // misses of a large table overlap instead of queueing.
    for (std::size_t i = 0; i < std::min<std::size_t>(8, count); ++i) prefetch(hashes[i]);
    for (std::size_t i = 0; i < count; ++i) {
      if (i + 8 < count) prefetch(hashes[i + 8]);
      const auto [id, inserted] = insert_one(states + i * words_, hashes[i]);
      ids[i] = id;
      fresh[i] = inserted ? 1 : 0;
    }
  }

 private:
  /// Inserts one state whose hash is `hash`; returns its id and whether it
  /// was new.
  std::pair<StateId, bool> insert_one(const Word* state, std::uint64_t hash) {
    // Only when the search did not reserve() for this insert.
    if ((static_cast<std::uint64_t>(count_) + 1) * 4 > slots_.size() * 3) rehash(slots_.size() * 2);
    const std::uint64_t tag = hash >> 32;
    std::size_t slot = static_cast<std::size_t>(hash) & (slots_.size() - 1);
    for (;;) {
      const std::uint64_t entry = slots_[slot];
      if (entry == 0) break;
      if ((entry >> 32) == tag) {
        const auto id = static_cast<StateId>(entry) - 1;
        if (std::memcmp(at(id), state, words_ * sizeof(Word)) == 0) return {id, false};
      }
      slot = (slot + 1) & (slots_.size() - 1);
    }
    const StateId id = count_++;
    slots_[slot] = (tag << 32) | (static_cast<std::uint64_t>(id) + 1);
    if ((id >> block_shift) == blocks_.size()) add_block();
    std::memcpy(key_at(id), state, words_ * sizeof(Word));
    return {id, true};
  }

  [[nodiscard]] Word* key_at(StateId id) const {
    return blocks_[id >> block_shift].get() + static_cast<std::size_t>(id & block_mask) * words_;
  }

  void prefetch(std::uint64_t hash) const {
    __builtin_prefetch(slots_.data() + (static_cast<std::size_t>(hash) & (slots_.size() - 1)));
  }

  [[nodiscard]] std::size_t block_bytes() const { return (block_mask + std::size_t{1}) * words_ * sizeof(Word); }
  [[nodiscard]] static std::size_t blocks_for(std::uint64_t states) {
    return static_cast<std::size_t>((states + block_mask) >> block_shift);
  }
  /// The table size insert_one() would have reached at `states` states:
  /// it doubles past a load of 3/4.
  [[nodiscard]] std::size_t slots_for(std::uint64_t states) const {
    std::size_t slots = slots_.size();
    while (states * 4 > static_cast<std::uint64_t>(slots) * 3) slots *= 2;
    return slots;
  }

  // Not zeroed: each state's words are written when it is inserted.
  void add_block() { blocks_.push_back(std::unique_ptr<Word[]>(new Word[(block_mask + 1) * words_])); }

  /// Moves every entry into a table of `size` slots. The new table is
  /// allocated before the old one is touched, so a std::bad_alloc leaves
  /// the set as it was.
  void rehash(std::size_t size) {
    std::vector<std::uint64_t> bigger(size, 0);
    for (std::uint64_t entry : slots_) {
      if (entry == 0) continue;
      const std::uint64_t hash = hash_state(at(static_cast<StateId>(entry) - 1), words_);
      std::size_t slot = static_cast<std::size_t>(hash) & (size - 1);
      while (bigger[slot] != 0) slot = (slot + 1) & (size - 1);
      bigger[slot] = entry;
    }
    slots_.swap(bigger);
  }

  std::size_t words_;
  StateId count_ = 0;
  static constexpr StateId block_mask = (1u << block_shift) - 1;
  std::vector<std::unique_ptr<Word[]>> blocks_;
  std::vector<std::uint64_t> slots_;
};

}  // namespace smsmc::mc
