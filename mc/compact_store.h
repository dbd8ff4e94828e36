// The compact visited set: each state collapsed to one key of a few dozen
// bits (mc/collapse.h), the keys packed by id at their exact width
// (mc/packed_keys.h), and a cuckoo table of 4-byte ids over them
// (mc/cuckoo_index.h). About 3.5 + 4.5 bytes per state at N = 4, M = 16
// where the plain set holds 16-byte keys and 8-byte slots. Exact: keys are
// equal exactly when states are.
//
// When the collapsed key outgrows 64 bits (many parts, or parts that take
// many values) the set turns itself into the plain StateStore, keeping every
// id, and encoding() says so.
#pragma once

#include "mc/collapse.h"
#include "mc/cuckoo_index.h"
#include "mc/packed_keys.h"
#include "mc/state_store.h"

#include <memory>
#include <string>
#include <vector>

namespace smsmc::mc {

class CompactStore final : public VisitedSet {
 public:
  /// Throws std::invalid_argument when blocks overlap or leave the state.
  CompactStore(std::size_t words, const std::vector<StateBlock>& blocks);

  [[nodiscard]] std::size_t words() const override { return words_; }
  [[nodiscard]] std::uint64_t size() const override { return plain_ ? plain_->size() : count_; }
  [[nodiscard]] std::uint64_t capacity() const override { return CuckooIndex::max_states; }
  [[nodiscard]] const Word* at(StateId id) const override;
  void read(StateId id, Word* out) const override;
  void insert(std::size_t count, const Word* states, const std::uint64_t* hashes, StateId* ids,
              std::uint8_t* fresh) override;

  [[nodiscard]] std::size_t bytes() const override;
  [[nodiscard]] std::size_t key_bytes() const override { return plain_ ? plain_->key_bytes() : keys_.bytes(); }
  [[nodiscard]] std::size_t slot_bytes() const override { return plain_ ? plain_->slot_bytes() : index_.bytes(); }
  [[nodiscard]] std::string encoding() const override;
  /// An upper bound while the key width stays. Two allocations inside
  /// insert() are charged only after the batch: the repack into a wider
  /// array (early: dictionaries fill in the first levels) and a table that
  /// doubles before its load limit because a chain of moves failed (rare).
  [[nodiscard]] std::size_t bytes_when_holding(std::uint64_t states) const override;
  void reserve(std::uint64_t states) override;

  /// The set is the plain StateStore now.
  [[nodiscard]] bool plain() const { return plain_ != nullptr; }
  /// The current key width in bits.
  [[nodiscard]] unsigned key_bits() const { return layout_.width; }

 private:
  /// The codec's layout changed: repack every key at the new widths (a new
  /// array and index; rare, and early: dictionaries fill in the first levels).
  void repack(const CollapseCodec::Layout& next);
  /// The key no longer fits one word: move every state to a StateStore,
  /// ids kept.
  void to_plain();
  [[nodiscard]] Word key_of(StateId id) const { return keys_.get(id); }

  std::size_t words_;
  CollapseCodec codec_;
  CollapseCodec::Memo memo_;
  CollapseCodec::Layout layout_;
  std::uint64_t generation_;
  PackedKeys keys_;
  CuckooIndex index_;
  StateId count_ = 0;
  std::unique_ptr<StateStore> plain_;
  std::uint64_t plain_since_ = 0;  // states held when the set turned plain
  // A batch's part indices, keys and hashes (reserve() sizes them).
  std::vector<std::uint32_t> batch_index_;
  std::vector<Word> batch_keys_;
  std::vector<std::uint64_t> batch_hashes_;
};

/// The visited set for `model`: the compact one when it names blocks
/// (Model::state_blocks), else the plain StateStore.
std::unique_ptr<VisitedSet> make_visited_set(const Model& model);

}  // namespace smsmc::mc
