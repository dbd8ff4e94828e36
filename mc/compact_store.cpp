#include "mc/compact_store.h"

#include <stdexcept>

namespace smsmc::mc {

CompactStore::CompactStore(std::size_t words, const std::vector<StateBlock>& blocks)
    : words_(words),
      codec_(words, blocks),
      memo_(codec_),
      layout_(codec_.layout()),
      generation_(codec_.generation()),
      keys_(layout_.width) {}

const Word* CompactStore::at(StateId id) const {
  if (plain_) return plain_->at(id);
  throw std::logic_error("the compact visited set stores no words: read() them");
}

void CompactStore::read(StateId id, Word* out) const {
  if (plain_) {
    plain_->read(id, out);
    return;
  }
  constexpr std::size_t small = 80;  // parts: N sites and a few words
  std::uint32_t stack[small];
  std::vector<std::uint32_t> heap(codec_.parts() > small ? codec_.parts() : 0);
  std::uint32_t* index = heap.empty() ? stack : heap.data();
  layout_.unpack(keys_.get(id), index);
  codec_.decode(index, out);
}

void CompactStore::insert(std::size_t count, const Word* states, const std::uint64_t* hashes, StateId* ids,
                          std::uint8_t* fresh) {
  if (!plain_) {
    const std::size_t parts = codec_.parts();
    batch_index_.resize(count * parts);
    for (std::size_t i = 0; i < count; ++i) codec_.indices(states + i * words_, &batch_index_[i * parts], memo_);
    if (codec_.generation() != generation_) {
      const CollapseCodec::Layout next = codec_.layout();
      generation_ = codec_.generation();
      if (next.fits()) {
        repack(next);
      } else {
        to_plain();
      }
    }
  }
  if (plain_) {
    std::vector<std::uint64_t> own;
    if (hashes == nullptr) {
      for (std::size_t i = 0; i < count; ++i) own.push_back(hash_state(states + i * words_, words_));
      hashes = own.data();
    }
    plain_->insert(count, states, hashes, ids, fresh);
    return;
  }
  const std::size_t parts = codec_.parts();
  batch_keys_.resize(count);
  batch_hashes_.resize(count);
  for (std::size_t i = 0; i < count; ++i) {
    batch_keys_[i] = layout_.pack(&batch_index_[i * parts]);
    batch_hashes_[i] = CuckooIndex::mix(batch_keys_[i]);
  }
  const auto key_of = [this](StateId id) { return keys_.get(id); };
  // Buckets are prefetched eight states ahead, so the cache misses of a
  // large table overlap instead of queueing.
  for (std::size_t i = 0; i < std::min<std::size_t>(8, count); ++i) index_.prefetch(batch_hashes_[i]);
  for (std::size_t i = 0; i < count; ++i) {
    if (i + 8 < count) index_.prefetch(batch_hashes_[i + 8]);
    StateId id = index_.find(batch_keys_[i], batch_hashes_[i], key_of);
    fresh[i] = id == no_state ? 1 : 0;
    if (id == no_state) {
      id = count_++;
      keys_.set(id, batch_keys_[i]);
      index_.add(id, batch_hashes_[i], key_of);
    }
    ids[i] = id;
  }
}

void CompactStore::repack(const CollapseCodec::Layout& next) {
  PackedKeys keys(next.width);
  keys.reserve(count_);
  std::vector<std::uint32_t> index(codec_.parts());
  for (StateId id = 0; id < count_; ++id) {
    layout_.unpack(keys_.get(id), index.data());
    keys.set(id, next.pack(index.data()));
  }
  keys_ = std::move(keys);
  layout_ = next;
  CuckooIndex rebuilt;
  const auto key_of = [this](StateId id) { return keys_.get(id); };
  for (StateId id = 0; id < count_; ++id) rebuilt.add(id, CuckooIndex::mix(keys_.get(id)), key_of);
  index_ = std::move(rebuilt);
}

void CompactStore::to_plain() {
  auto plain = std::make_unique<StateStore>(words_);
  plain->reserve(count_);
  std::vector<Word> state(words_);
  for (StateId id = 0; id < count_; ++id) {
    read(id, state.data());
    const std::uint64_t hash = hash_state(state.data(), words_);
    StateId same = 0;
    std::uint8_t fresh = 0;
    plain->insert(1, state.data(), &hash, &same, &fresh);
  }
  plain_ = std::move(plain);
  plain_since_ = count_;
  keys_ = PackedKeys();
  index_ = CuckooIndex();
  std::vector<std::uint32_t>().swap(batch_index_);
  std::vector<Word>().swap(batch_keys_);
  std::vector<std::uint64_t>().swap(batch_hashes_);
}

std::size_t CompactStore::bytes() const {
  const std::size_t batch = batch_index_.capacity() * sizeof(std::uint32_t) +
                            (batch_keys_.capacity() + batch_hashes_.capacity()) * sizeof(Word);
  return key_bytes() + slot_bytes() + codec_.bytes() + batch;
}

std::size_t CompactStore::bytes_when_holding(std::uint64_t states) const {
  if (plain_) return plain_->bytes_when_holding(states) + codec_.bytes();
  const std::uint64_t batch = states > count_ ? states - count_ : 0;
  const std::size_t buffers =
      std::max<std::size_t>(batch_index_.capacity(), batch * codec_.parts()) * sizeof(std::uint32_t) +
      2 * std::max<std::size_t>(batch_keys_.capacity(), batch) * sizeof(Word);
  return keys_.bytes_when_holding(states) + index_.bytes_when_holding(states) + codec_.bytes() + buffers;
}

void CompactStore::reserve(std::uint64_t states) {
  if (plain_) {
    plain_->reserve(states);
    return;
  }
  const auto key_of = [this](StateId id) { return keys_.get(id); };
  keys_.reserve(states);
  index_.reserve(states, key_of);
  const std::uint64_t batch = states > count_ ? states - count_ : 0;
  batch_index_.reserve(batch * codec_.parts());
  batch_keys_.reserve(batch);
  batch_hashes_.reserve(batch);
}

std::string CompactStore::encoding() const {
  if (plain_)
    return "plain (the collapsed key outgrew 64 bits at " + std::to_string(plain_since_) + " states: " +
           codec_.describe() + ")";
  return "collapse, " + std::to_string(layout_.width) + "-bit keys: " + codec_.describe();
}

std::unique_ptr<VisitedSet> make_visited_set(const Model& model) {
  const std::vector<StateBlock> blocks = model.state_blocks();
  if (blocks.empty()) return std::make_unique<StateStore>(model.state_words());
  return std::make_unique<CompactStore>(model.state_words(), blocks);
}

}  // namespace smsmc::mc
