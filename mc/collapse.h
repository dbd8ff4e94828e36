// SPIN's COLLAPSE compression, the codec half: a state is cut into parts
// (the model's StateBlocks, split to at most 64 bits each, plus the bits no
// block covers, a part per word), each part's value is replaced by its index
// in a dictionary of the values that part's kind has taken so far, and the
// indices are packed into one 64-bit key. The protocol's site blocks take a
// few dozen values each (87 at N = 4, M = 16), so a 116-bit state becomes a
// 28-bit key. mc/compact_store.h stores the keys.
//
// Dictionaries only grow and an index, once given, never changes, so a key
// is a function of the state and of the field widths (the layout): the
// widths grow by a bit when a dictionary outgrows them, and the store then
// repacks its keys. Which index a value gets depends on the order values
// were met in, but nothing the search reports does: ids come from the
// order states are inserted in, and equality of keys is equality of states.
#pragma once

#include "mc/model.h"

#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace smsmc::mc {

class CollapseCodec {
 public:
  /// Throws std::invalid_argument when blocks overlap or leave the state.
  CollapseCodec(std::size_t words, const std::vector<StateBlock>& blocks);

  /// Where each part's index sits in a key: offsets and widths. The widths
  /// are the dictionaries' at the time the layout was taken.
  struct Layout {
    std::vector<std::uint8_t> shift;  // per part
    std::vector<std::uint8_t> bits;   // per part
    unsigned width = 0;               // sum of bits: more than 64 does not pack
    [[nodiscard]] bool fits() const { return width <= 64; }
    [[nodiscard]] Word pack(const std::uint32_t* index) const;
    void unpack(Word key, std::uint32_t* index) const;
  };

  /// A caller's memo of dictionary look-ups: a hit takes no lock. One per
  /// thread that encodes; values are never evicted from the dictionaries, so
  /// a memo never goes stale.
  class Memo {
   public:
    explicit Memo(const CollapseCodec& codec)
        : slots_(codec.kinds_ * size), last_(codec.parts_.size()), state_(codec.words_), diff_(codec.words_) {}

   private:
    friend class CollapseCodec;
    static constexpr std::size_t size = 256;
    struct Slot {
      Word value = 0;
      std::uint32_t index_plus_one = 0;  // 0: empty
    };
    std::vector<Slot> slots_;  // per kind, `size` direct-mapped slots
    // Per part, the last value seen there, and the last state: successors
    // of one state share most parts, so most parts are skipped unread.
    std::vector<Slot> last_;
    std::vector<Word> state_;
    std::vector<Word> diff_;
    bool primed_ = false;
  };

  [[nodiscard]] std::size_t parts() const { return parts_.size(); }
  [[nodiscard]] std::size_t words() const { return words_; }

  /// Writes each part's dictionary index (parts() of them), adding values
  /// not seen before. Safe to call from several threads at once.
  void indices(const Word* state, std::uint32_t* index, Memo& memo) {
    for (std::size_t w = 0; w < words_; ++w) {
      memo.diff_[w] = memo.primed_ ? state[w] ^ memo.state_[w] : ~Word{0};
      memo.state_[w] = state[w];
    }
    memo.primed_ = true;
    for (std::size_t p = 0; p < parts_.size(); ++p) {
      Memo::Slot& last = memo.last_[p];
      bool same = true;
      for (std::uint32_t i = flat_begin_[p]; i < flat_begin_[p + 1] && same; ++i)
        same = ((memo.diff_[flat_[i].word] >> flat_[i].shift) & flat_[i].mask) == 0;
      if (!same) {
        const Word value = value_of(p, state);
        const std::size_t kind = parts_[p].kind;
        Memo::Slot& slot = memo.slots_[kind * Memo::size + static_cast<std::size_t>((value * 0x9E3779B97F4A7C15ull) >> 56)];
        if (slot.index_plus_one == 0 || slot.value != value) slot = {value, intern(kind, value) + 1};
        last = slot;
      }
      index[p] = last.index_plus_one - 1;
    }
  }
  /// The current layout; it changes only inside indices() (a dictionary
  /// outgrew its width): compare generation() before and after.
  [[nodiscard]] Layout layout() const;
  [[nodiscard]] std::uint64_t generation() const;
  /// Rebuilds the state from its indices. Not while indices() runs.
  void decode(const std::uint32_t* index, Word* out) const;

  /// The dictionaries' bytes.
  [[nodiscard]] std::size_t bytes() const;
  /// "4 parts of 1 kind (87 values, 7 bits) + ...": what the key is made of.
  [[nodiscard]] std::string describe() const;

 private:
  struct Segment {
    std::uint32_t word;
    std::uint32_t shift;
    Word mask;         // of the segment's bits, unshifted
    std::uint32_t at;  // bit position in the part's value
  };
  struct Part {
    std::size_t kind;
    std::vector<Segment> segments;
  };
  /// Every part's segments in one array, part p's from flat_begin_[p]: the
  /// hot path reads no nested vector.
  std::vector<Segment> flat_;
  std::vector<std::uint32_t> flat_begin_;
  struct Dictionary {
    std::vector<Word> values;  // by index
    std::unordered_map<Word, std::uint32_t> index;
    std::uint8_t bits = 0;  // ceil(log2(values.size()))
    std::size_t parts = 0;  // how many parts use it
  };

  [[nodiscard]] Word value_of(std::size_t part, const Word* state) const {
    Word value = 0;
    for (std::uint32_t i = flat_begin_[part]; i < flat_begin_[part + 1]; ++i) {
      const Segment& s = flat_[i];
      value |= ((state[s.word] >> s.shift) & s.mask) << s.at;
    }
    return value;
  }
  /// The dictionary's index of `value`, added if new (takes the lock).
  std::uint32_t intern(std::size_t kind, Word value);

  std::size_t words_;
  std::size_t kinds_ = 0;
  std::vector<Part> parts_;
  std::vector<Dictionary> dictionaries_;  // per kind
  mutable std::mutex mutex_;              // guards dictionaries_ and generation_
  std::uint64_t generation_ = 0;
};

}  // namespace smsmc::mc
