// The compact visited set's index: key -> state id, a bucketed cuckoo hash
// table of 4-byte entries (the id and, in the bits the id does not need, a
// tag of the key's hash). A bucket is one 64-byte cache line of 16 entries
// and a key lives in one of two buckets, so the table stays fast up to
// 96 % full, where linear probing would not get past about 75 %: the entries
// cost about 4 / 0.96 bytes per state at best, 4 / 0.48 just after a
// doubling. The keys themselves stay in the caller's array (mc/packed_keys.h):
// a tag match is confirmed by reading the key, about once per look-up.
#pragma once

#include "mc/visited.h"

#include <cstdint>
#include <vector>

namespace smsmc::mc {

class CuckooIndex {
 public:
  static constexpr unsigned bucket_entries = 16;
  /// Most entries in use before the table doubles, in 1/100.
  static constexpr std::uint64_t max_load_percent = 96;

  CuckooIndex() { resize(4); }

  [[nodiscard]] static std::uint64_t mix(Word key) {
    // Murmur3's finalizer: the collapsed keys are small, dense integers.
    key ^= key >> 33;
    key *= 0xff51afd7ed558ccdull;
    key ^= key >> 33;
    key *= 0xc4ceb9fe1a85ec53ull;
    key ^= key >> 33;
    return key;
  }

  [[nodiscard]] std::size_t bytes() const { return buckets_.size() * sizeof(Bucket); }
  [[nodiscard]] std::uint64_t entries() const { return buckets_.size() * std::uint64_t{bucket_entries}; }
  /// The most states the index may hold (ids must fit beside a tag).
  static constexpr std::uint64_t max_states = (std::uint64_t{1} << 32) / 100 * max_load_percent;

  /// Buckets once holding `n` states (a doubling holds both tables).
  [[nodiscard]] std::size_t bytes_when_holding(std::uint64_t n) const {
    const std::size_t buckets = buckets_for(n);
    return (buckets + (buckets != buckets_.size() ? buckets_.size() : 0)) * sizeof(Bucket);
  }

  /// Both buckets: a look-up that misses the first (a new state, or one
  /// moved to its second bucket) would otherwise wait for a second miss
  /// (measured at N=4, M=4: 6.6 user s with the first only, 4.7 with both).
  void prefetch(std::uint64_t hash) const {
    __builtin_prefetch(&buckets_[first(hash)]);
    __builtin_prefetch(&buckets_[second(hash)]);
  }

  /// The id of the state whose key is `key` (hash mix(key)), or no_state.
  /// `key_of(id)` reads a stored key.
  template <class KeyOf>
  [[nodiscard]] StateId find(Word key, std::uint64_t hash, const KeyOf& key_of) const {
    const std::uint32_t tag = tag_of(hash);
    for (std::size_t b : {first(hash), second(hash)}) {
      const Bucket& bucket = buckets_[b];
      for (std::uint32_t entry : bucket.entry) {
        // Buckets fill from the front and entries never leave: the first
        // empty one ends the bucket. A key goes to its second bucket only
        // once the first is full, so a first bucket with room ends the search.
        if (entry == 0) return no_state;
        if (tag_bits_ != 0 && (entry >> id_bits_) != tag) continue;
        const StateId id = (entry & id_mask_) - 1;
        if (key_of(id) == key) return id;
      }
    }
    return no_state;
  }

  /// Adds state `id` (ids come in order: 0, 1, ...), which find() did not
  /// find; key_of(i) must read every key up to `id`'s. May double the table.
  template <class KeyOf>
  void add(StateId id, std::uint64_t hash, const KeyOf& key_of) {
    count_ = std::uint64_t{id} + 1;
    if (count_ * 100 > entries() * max_load_percent || !place(id, hash, key_of)) rebuild(buckets_for(count_), key_of);
  }

  /// Makes room for `n` states now (ids 0..count-1 are stored).
  template <class KeyOf>
  void reserve(std::uint64_t n, const KeyOf& key_of) {
    if (const std::size_t buckets = buckets_for(n); buckets != buckets_.size()) rebuild(buckets, key_of);
  }

 private:
  struct alignas(64) Bucket {
    std::uint32_t entry[bucket_entries];
  };

  [[nodiscard]] std::size_t buckets_for(std::uint64_t n) const {
    std::size_t buckets = buckets_.size();
    while (n * 100 > buckets * std::uint64_t{bucket_entries} * max_load_percent) buckets *= 2;
    return buckets;
  }
  [[nodiscard]] std::size_t first(std::uint64_t hash) const { return static_cast<std::size_t>(hash) & mask_; }
  [[nodiscard]] std::size_t second(std::uint64_t hash) const {
    std::size_t b = static_cast<std::size_t>((hash >> 32) * 0x9E3779B97F4A7C15ull >> 32) & mask_;
    return b == first(hash) ? b ^ 1 : b;
  }
  [[nodiscard]] std::uint32_t tag_of(std::uint64_t hash) const {
    return tag_bits_ == 0 ? 0 : static_cast<std::uint32_t>(hash >> (64 - tag_bits_));
  }

  /// Puts `id` in one of its buckets, moving others to their other bucket
  /// when both are full. False when a chain of moves gets too long: the
  /// entry then in hand is lost, and the caller rebuilds a larger table.
  template <class KeyOf>
  bool place(StateId id, std::uint64_t hash, const KeyOf& key_of) {
    std::uint32_t entry = (tag_bits_ == 0 ? 0 : tag_of(hash) << id_bits_) | (id + 1);
    if (put(first(hash), entry) || put(second(hash), entry)) return true;
    std::size_t b = first(hash);
    for (int kicks = 0; kicks < 500; ++kicks) {
      // Evict an entry of the full bucket `b` (a rotating choice, so the
      // table is a function of the insertions) and take it to its other
      // bucket. `b` stays full, which find()'s early exit relies on.
      std::swap(buckets_[b].entry[rotor_++ % bucket_entries], entry);
      const std::uint64_t moved = mix(key_of((entry & id_mask_) - 1));
      b = first(moved) == b ? second(moved) : first(moved);
      if (put(b, entry)) return true;
    }
    return false;
  }
  bool put(std::size_t b, std::uint32_t entry) {
    for (std::uint32_t& slot : buckets_[b].entry) {
      if (slot == 0) {
        slot = entry;
        return true;
      }
    }
    return false;
  }

  template <class KeyOf>
  void rebuild(std::size_t buckets, const KeyOf& key_of) {
    for (;;) {
      resize(buckets);
      bool placed = true;
      for (std::uint64_t i = 0; i < count_ && placed; ++i) {
        const auto id = static_cast<StateId>(i);
        placed = place(id, mix(key_of(id)), key_of);
      }
      if (placed) return;
      buckets *= 2;
    }
  }

  void resize(std::size_t buckets) {
    std::vector<Bucket>(buckets, Bucket{}).swap(buckets_);
    mask_ = buckets - 1;
    unsigned bits = 0;
    while ((std::uint64_t{1} << bits) < entries()) ++bits;
    id_bits_ = bits;
    tag_bits_ = bits >= 32 ? 0 : 32 - bits;
    id_mask_ = bits >= 32 ? ~std::uint32_t{0} : (std::uint32_t{1} << bits) - 1;
  }

  std::vector<Bucket> buckets_;
  std::size_t mask_ = 0;
  unsigned id_bits_ = 0;
  unsigned tag_bits_ = 0;
  std::uint32_t id_mask_ = 0;
  std::uint64_t count_ = 0;
  unsigned rotor_ = 0;
};

}  // namespace smsmc::mc
