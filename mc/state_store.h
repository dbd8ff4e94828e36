// The visited set: every discovered state's packed key stored once in an
// arena of fixed-size blocks, indexed by open-addressing tables of 64-bit
// slots (31 bits of the key's XXH3 hash as a tag, a pending bit, 32 bits of
// state id), so a lookup rarely touches the arena. Ids are dense and in
// discovery order, which is what lets BFS use the arena itself as its queue.
// The arena grows a block at a time, so it never copies gigabytes (nor needs
// twice the memory) the way a doubling vector would.
//
// With several threads the index is split by hash into partitions, one per
// thread, and a batch goes in in three steps (mc/visited.h): each thread
// inserts the states of its own partition without locks, marking the new
// ones pending with their place in the batch (the first place a state
// occurs is scanned first, so it is the sequential search's discovery);
// one thread numbers the new states in that order; each thread then copies
// its part's new keys into the arena and writes their ids into their slots.
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
  /// A scratch word holds the partition above this shift, the slot below.
  static constexpr unsigned partition_shift = 48;

  // Each table starts small (8 KiB) and doubles: a small model should not
  // pay for zeroing a large one (half the run of a tiny graph under ASan).
  explicit StateStore(std::size_t words, unsigned partitions = 1)
      : words_(words), parts_(std::clamp(partitions, 1u, 256u)) {
    for (Partition& p : parts_) {
      p.slots = Slots(1u << 10);
      p.slots.zero();
    }
  }

  [[nodiscard]] std::size_t words() const override { return words_; }
  [[nodiscard]] std::uint64_t size() const override { return count_; }
  [[nodiscard]] std::uint64_t capacity() const override { return max_ids; }
  [[nodiscard]] const Word* at(StateId id) const override { return key_at(id); }
  [[nodiscard]] unsigned partitions() const override { return static_cast<unsigned>(parts_.size()); }
  /// The top bits of the hash (the tag's), so that slot indices (the low
  /// bits) stay spread within each partition.
  [[nodiscard]] unsigned partition_of(std::uint64_t hash) const override {
    return static_cast<unsigned>(((hash >> 32) * parts_.size()) >> 32);
  }

  [[nodiscard]] std::size_t bytes() const override { return key_bytes() + slot_bytes(); }
  [[nodiscard]] std::size_t key_bytes() const override { return blocks_.size() * block_bytes(); }
  [[nodiscard]] std::size_t slot_bytes() const override {
    std::size_t slots = 0;
    for (const Partition& p : parts_) slots += p.slots.size() + p.grown.size();
    return slots * sizeof(std::uint64_t);
  }
  [[nodiscard]] std::string encoding() const override {
    return "plain, " + std::to_string(words_ * sizeof(Word)) + "-byte keys";
  }

  /// While a rehash runs the old table and the new one are both held: that
  /// peak is what is charged (the charge drops once the batch is in). Each
  /// partition is charged as if every new state fell in it.
  [[nodiscard]] std::size_t bytes_when_holding(std::uint64_t states) const override {
    const std::uint64_t more = states > count_ ? states - count_ : 0;
    const std::size_t blocks = std::max<std::size_t>(blocks_.size(), blocks_for(states));
    std::size_t slots = 0;
    for (const Partition& p : parts_) {
      const std::size_t now = p.grown ? p.grown.size() : p.slots.size();
      const std::size_t want = slots_for(now, p.count + more);
      slots += want + (want != now ? now : 0) + (p.grown ? p.slots.size() : 0);
    }
    return slots * sizeof(std::uint64_t) + blocks * block_bytes();
  }

  void reserve(std::uint64_t states) override {
    const std::uint64_t more = states > count_ ? states - count_ : 0;
    for (Partition& p : parts_) {
      if (p.grown) move_entries(p);  // reserved twice without an insert between
      const std::size_t slots = slots_for(p.slots.size(), p.count + more);
      if (slots == p.slots.size()) continue;
      // Allocated here (the budget's rule: before any change), zeroed and
      // filled by the partition's own thread when it has several, so
      // rehashing runs in parallel too.
      p.grown = Slots(slots);
      if (parts_.size() == 1) move_entries(p);
    }
    const std::size_t blocks = blocks_for(states);
    if (blocks <= blocks_.size()) return;
    blocks_.reserve(blocks);
    while (blocks_.size() < blocks) add_block();
  }

  void insert(std::size_t count, const Word* states, const std::uint64_t* hashes, StateId* ids,
              std::uint8_t* fresh) override {
    // Slots are prefetched eight states ahead of their insert, so the cache
    // misses of a large table overlap instead of queueing. (Only with one
    // partition: the search inserts into several with insert_partition.)
    for (Partition& p : parts_) {
      if (p.grown) move_entries(p);
    }
    const Partition* only = parts_.size() == 1 ? &parts_[0] : nullptr;
    for (std::size_t i = 0; only != nullptr && i < std::min<std::size_t>(8, count); ++i) prefetch(*only, hashes[i]);
    for (std::size_t i = 0; i < count; ++i) {
      if (only != nullptr && i + 8 < count) prefetch(*only, hashes[i + 8]);
      const auto [id, inserted] = insert_one(states + i * words_, hashes[i]);
      ids[i] = id;
      fresh[i] = inserted ? 1 : 0;
    }
  }

  void insert_partition(const Batch& batch, unsigned partition) override {
    Partition& part = parts_[partition];
    if (part.grown) move_entries(part);
    std::uint64_t first = 0;  // the batch place of the part's first state
    for (const BatchPart& b : batch) {
      const std::uint32_t* route = b.route + b.route_start[partition];
      const std::size_t count = b.route_start[partition + 1] - b.route_start[partition];
      // Slots are prefetched eight states ahead, as in insert().
      for (std::size_t r = 0; r < std::min<std::size_t>(8, count); ++r) prefetch(part, b.hashes[route[r]]);
      for (std::size_t r = 0; r < count; ++r) {
        if (r + 8 < count) prefetch(part, b.hashes[route[r + 8]]);
        const std::size_t k = route[r];
        insert_pending(batch, part, partition, b, k, static_cast<std::uint32_t>(first + k));
      }
      first += b.count;
    }
  }

  void number(const Batch& batch) override {
    while (blocks_.size() * (block_mask + std::size_t{1}) < count_ + batch_size(batch)) add_block();
    for (const BatchPart& b : batch) {
      for (std::size_t k = 0; k < b.count; ++k) {
        if (b.fresh[k] == 1) {
          b.ids[k] = count_++;
        } else if (b.fresh[k] == 2) {
          // Its first place comes earlier in the batch: numbered already.
          const auto [first, index] = locate(batch, b.ids[k]);
          b.ids[k] = batch[first].ids[index];
          b.fresh[k] = 0;
        }
      }
    }
  }

  void commit_part(const Batch& batch, std::size_t part) override {
    const BatchPart& b = batch[part];
    for (std::size_t k = 0; k < b.count; ++k) {
      if (b.fresh[k] == 0) continue;
      const std::uint64_t where = b.scratch[k];
      std::uint64_t& entry = parts_[where >> partition_shift].slots[where & ((std::uint64_t{1} << partition_shift) - 1)];
      entry = (entry & tag_mask) | (static_cast<std::uint64_t>(b.ids[k]) + 1);
      std::memcpy(key_at(b.ids[k]), b.states + k * words_, words_ * sizeof(Word));
    }
  }

 private:
  static constexpr std::uint64_t tag_mask = ~std::uint64_t{0} << 33;
  static constexpr std::uint64_t pending = std::uint64_t{1} << 32;

  /// A table of slots, allocated but not zeroed: move_entries() zeroes it
  /// on the partition's own thread. (operator new, not calloc: tests limit
  /// the allocator there.)
  class Slots {
   public:
    Slots() = default;
    explicit Slots(std::size_t n) : data_(new std::uint64_t[n]), size_(n) {}
    void zero() { std::memset(data_.get(), 0, size_ * sizeof(std::uint64_t)); }
    [[nodiscard]] std::size_t size() const { return size_; }
    [[nodiscard]] std::uint64_t* data() const { return data_.get(); }
    std::uint64_t& operator[](std::size_t i) const { return data_[i]; }
    explicit operator bool() const { return size_ != 0; }
    void swap(Slots& other) noexcept {
      data_.swap(other.data_);
      std::swap(size_, other.size_);
    }

   private:
    std::unique_ptr<std::uint64_t[]> data_;
    std::size_t size_ = 0;
  };

  struct Partition {
    Slots slots;
    std::uint64_t count = 0;  // entries in `slots`
    Slots grown;              // reserve()'s bigger table, until move_entries()
  };

  /// insert_partition() of state `k` of part `b`, at `place` in the batch.
  void insert_pending(const Batch& batch, Partition& part, unsigned partition, const BatchPart& b, std::size_t k,
                      std::uint32_t place) {
    const std::uint64_t hash = b.hashes[k];
    const Word* state = b.states + k * words_;
    const std::uint64_t tag = tag_of(hash);
    const std::size_t mask = part.slots.size() - 1;
    std::size_t slot = static_cast<std::size_t>(hash) & mask;
    for (;;) {
      const std::uint64_t entry = part.slots[slot];
      if (entry == 0) {
        // New in this batch: pending, numbered by number().
        part.slots[slot] = tag | pending | place;
        ++part.count;
        b.fresh[k] = 1;
        b.scratch[k] = (std::uint64_t{partition} << partition_shift) | slot;
        return;
      }
      if ((entry & tag_mask) == tag) {
        const auto low = static_cast<std::uint32_t>(entry);
        if ((entry & pending) != 0) {
          if (std::memcmp(key_of(batch, low), state, words_ * sizeof(Word)) == 0) {
            b.fresh[k] = 2;  // a repeat of the state at place `low`
            b.ids[k] = low;
            return;
          }
        } else if (std::memcmp(at_id(low - 1), state, words_ * sizeof(Word)) == 0) {
          b.fresh[k] = 0;
          b.ids[k] = low - 1;
          return;
        }
      }
      slot = (slot + 1) & mask;
    }
  }

  [[nodiscard]] static std::uint64_t tag_of(std::uint64_t hash) { return hash & tag_mask; }

  [[nodiscard]] static std::uint64_t batch_size(const Batch& batch) {
    std::uint64_t n = 0;
    for (const BatchPart& b : batch) n += b.count;
    return n;
  }
  /// The part and index of the state at `place` in the batch.
  [[nodiscard]] static std::pair<std::size_t, std::size_t> locate(const Batch& batch, std::uint64_t place) {
    std::size_t part = 0;
    while (place >= batch[part].count) place -= batch[part++].count;
    return {part, static_cast<std::size_t>(place)};
  }
  [[nodiscard]] const Word* key_of(const Batch& batch, std::uint64_t place) const {
    const auto [part, index] = locate(batch, place);
    return batch[part].states + index * words_;
  }

  /// Inserts one state whose hash is `hash`; returns its id and whether it
  /// was new.
  std::pair<StateId, bool> insert_one(const Word* state, std::uint64_t hash) {
    Partition& part = parts_[parts_.size() == 1 ? 0 : partition_of(hash)];
    // Only when the search did not reserve() for this insert.
    if ((part.count + 1) * 4 > part.slots.size() * 3) {
      part.grown = Slots(part.slots.size() * 2);
      move_entries(part);
    }
    const std::uint64_t tag = tag_of(hash);
    const std::size_t mask = part.slots.size() - 1;
    std::size_t slot = static_cast<std::size_t>(hash) & mask;
    for (;;) {
      const std::uint64_t entry = part.slots[slot];
      if (entry == 0) break;
      if ((entry & tag_mask) == tag) {
        const auto id = static_cast<StateId>(entry) - 1;
        if (std::memcmp(at_id(id), state, words_ * sizeof(Word)) == 0) return {id, false};
      }
      slot = (slot + 1) & mask;
    }
    const StateId id = count_++;
    ++part.count;
    part.slots[slot] = tag | (static_cast<std::uint64_t>(id) + 1);
    if ((id >> block_shift) == blocks_.size()) add_block();
    std::memcpy(key_at(id), state, words_ * sizeof(Word));
    return {id, true};
  }

  [[nodiscard]] Word* key_at(StateId id) const {
    return blocks_[id >> block_shift].get() + static_cast<std::size_t>(id & block_mask) * words_;
  }
  [[nodiscard]] const Word* at_id(StateId id) const { return key_at(id); }

  // The partition is the caller's, fixed over its loop: GCC 12 drops a
  // prefetch whose address goes through a table chosen per state (measured:
  // the single-threaded search 25% slower).
  static void prefetch(const Partition& part, std::uint64_t hash) {
    __builtin_prefetch(part.slots.data() + (static_cast<std::size_t>(hash) & (part.slots.size() - 1)));
  }

  [[nodiscard]] std::size_t block_bytes() const { return (block_mask + std::size_t{1}) * words_ * sizeof(Word); }
  [[nodiscard]] static std::size_t blocks_for(std::uint64_t states) {
    return static_cast<std::size_t>((states + block_mask) >> block_shift);
  }
  /// The table size insert_one() would have reached from `slots` slots at
  /// `states` states: it doubles past a load of 3/4.
  [[nodiscard]] static std::size_t slots_for(std::size_t slots, std::uint64_t states) {
    while (states * 4 > static_cast<std::uint64_t>(slots) * 3) slots *= 2;
    return slots;
  }

  // Not zeroed: each state's words are written when it is inserted.
  void add_block() { blocks_.push_back(std::unique_ptr<Word[]>(new Word[(block_mask + 1) * words_])); }

  /// Moves every entry of `part` into its grown table, which replaces it.
  /// Nothing is allocated: the grown table was, before any change. (Never
  /// while an entry is pending.)
  void move_entries(Partition& part) {
    Slots& bigger = part.grown;
    bigger.zero();
    const std::size_t mask = bigger.size() - 1;
    for (std::size_t i = 0; i < part.slots.size(); ++i) {
      const std::uint64_t entry = part.slots[i];
      if (entry == 0) continue;
      const std::uint64_t hash = hash_state(at_id(static_cast<StateId>(entry) - 1), words_);
      std::size_t slot = static_cast<std::size_t>(hash) & mask;
      while (bigger[slot] != 0) slot = (slot + 1) & mask;
      bigger[slot] = entry;
    }
    part.slots.swap(bigger);
    part.grown = Slots();
  }

  std::size_t words_;
  StateId count_ = 0;
  static constexpr StateId block_mask = (1u << block_shift) - 1;
  std::vector<std::unique_ptr<Word[]>> blocks_;
  std::vector<Partition> parts_;
};

}  // namespace smsmc::mc
