#include "mc/collapse.h"

#include <algorithm>
#include <map>
#include <stdexcept>
#include <utility>

namespace smsmc::mc {

namespace {
constexpr Word mask_of(unsigned bits) { return bits >= 64 ? ~Word{0} : (Word{1} << bits) - 1; }

unsigned bits_for(std::size_t values) {
  unsigned bits = 0;
  while ((std::size_t{1} << bits) < values) ++bits;
  return bits;
}
}  // namespace

CollapseCodec::CollapseCodec(std::size_t words, const std::vector<StateBlock>& blocks) : words_(words) {
  std::vector<Word> covered(words, 0);
  // A block wider than 64 bits becomes several parts: chunk c of kind k is
  // a kind of its own, shared by the blocks of kind k.
  std::map<std::pair<int, std::size_t>, std::size_t> kind_of;
  auto kind = [&](int model_kind, std::size_t chunk) {
    const auto [it, added] = kind_of.emplace(std::make_pair(model_kind, chunk), kind_of.size());
    (void)added;
    return it->second;
  };
  for (const StateBlock& block : blocks) {
    std::size_t chunk = 0;
    Part part{kind(block.kind, 0), {}};
    std::uint32_t at = 0;
    for (const BitRange& range : block.bits) {
      if (range.word >= words || range.shift + range.bits > 64)
        throw std::invalid_argument("state block: bits outside the state");
      const Word mask = mask_of(range.bits) << range.shift;
      if ((covered[range.word] & mask) != 0) throw std::invalid_argument("state blocks overlap");
      covered[range.word] |= mask;
      unsigned shift = range.shift;
      unsigned left = range.bits;
      while (left > 0) {
        if (at == 64) {
          parts_.push_back(std::move(part));
          part = Part{kind(block.kind, ++chunk), {}};
          at = 0;
        }
        const unsigned take = std::min(left, 64 - at);
        // Fields that touch merge (a site's fields are laid out in a row):
        // fewer segments to read on the hot path.
        Segment* last = part.segments.empty() ? nullptr : &part.segments.back();
        const unsigned last_bits = last == nullptr ? 0 : static_cast<unsigned>(__builtin_popcountll(last->mask));
        if (last != nullptr && last->word == range.word && last->shift + last_bits == shift && last_bits + take <= 64) {
          last->mask = mask_of(last_bits + take);
        } else {
          part.segments.push_back({range.word, shift, mask_of(take), at});
        }
        at += take;
        shift += take;
        left -= take;
      }
    }
    if (!part.segments.empty()) parts_.push_back(std::move(part));
  }
  // The bits no block names (the parent's fields, ghosts): a part per word,
  // each its own kind.
  for (std::size_t w = 0; w < words; ++w) {
    const Word rest = ~covered[w];
    Part part{kind_of.size() + kinds_, {}};  // kinds_ counts these parts so far
    std::uint32_t at = 0;
    for (unsigned bit = 0; bit < 64;) {
      if (((rest >> bit) & 1u) == 0) {
        ++bit;
        continue;
      }
      unsigned end = bit;
      while (end < 64 && ((rest >> end) & 1u) != 0) ++end;
      part.segments.push_back({static_cast<std::uint32_t>(w), bit, mask_of(end - bit), at});
      at += end - bit;
      bit = end;
    }
    if (part.segments.empty()) continue;
    parts_.push_back(std::move(part));
    ++kinds_;
  }
  kinds_ += kind_of.size();
  dictionaries_.resize(kinds_);
  for (const Part& part : parts_) {
    ++dictionaries_[part.kind].parts;
    flat_begin_.push_back(static_cast<std::uint32_t>(flat_.size()));
    flat_.insert(flat_.end(), part.segments.begin(), part.segments.end());
  }
  flat_begin_.push_back(static_cast<std::uint32_t>(flat_.size()));
}

Word CollapseCodec::Layout::pack(const std::uint32_t* index) const {
  Word key = 0;
  for (std::size_t p = 0; p < shift.size(); ++p) {
    if (bits[p] != 0) key |= static_cast<Word>(index[p]) << shift[p];
  }
  return key;
}

void CollapseCodec::Layout::unpack(Word key, std::uint32_t* index) const {
  for (std::size_t p = 0; p < shift.size(); ++p)
    index[p] = bits[p] == 0 ? 0 : static_cast<std::uint32_t>((key >> shift[p]) & mask_of(bits[p]));
}

std::uint32_t CollapseCodec::intern(std::size_t kind, Word value) {
  const std::lock_guard<std::mutex> lock(mutex_);
  Dictionary& d = dictionaries_[kind];
  const auto [it, added] = d.index.emplace(value, static_cast<std::uint32_t>(d.values.size()));
  if (added) {
    d.values.push_back(value);
    const auto bits = static_cast<std::uint8_t>(bits_for(d.values.size()));
    if (bits != d.bits) {
      d.bits = bits;
      ++generation_;
    }
  }
  return it->second;
}

CollapseCodec::Layout CollapseCodec::layout() const {
  const std::lock_guard<std::mutex> lock(mutex_);
  Layout layout;
  for (const Part& part : parts_) {
    const std::uint8_t bits = dictionaries_[part.kind].bits;
    layout.shift.push_back(static_cast<std::uint8_t>(std::min(layout.width, 63u)));
    layout.bits.push_back(bits);
    layout.width += bits;
  }
  return layout;
}

std::uint64_t CollapseCodec::generation() const {
  const std::lock_guard<std::mutex> lock(mutex_);
  return generation_;
}

void CollapseCodec::decode(const std::uint32_t* index, Word* out) const {
  std::fill_n(out, words_, 0);
  for (std::size_t p = 0; p < parts_.size(); ++p) {
    const Word value = dictionaries_[parts_[p].kind].values[index[p]];
    for (std::uint32_t i = flat_begin_[p]; i < flat_begin_[p + 1]; ++i) {
      const Segment& s = flat_[i];
      out[s.word] |= ((value >> s.at) & s.mask) << s.shift;
    }
  }
}

std::size_t CollapseCodec::bytes() const {
  const std::lock_guard<std::mutex> lock(mutex_);
  std::size_t total = 0;
  // An estimate of a node-based map's entry (key, value, next, hash).
  for (const Dictionary& d : dictionaries_)
    total += d.values.capacity() * sizeof(Word) + d.index.size() * 32 + d.index.bucket_count() * sizeof(void*);
  return total;
}

std::string CollapseCodec::describe() const {
  const std::lock_guard<std::mutex> lock(mutex_);
  std::string out;
  for (const Dictionary& d : dictionaries_) {
    if (!out.empty()) out += " + ";
    out += std::to_string(d.parts) + (d.parts == 1 ? " part of " : " parts of ") + std::to_string(d.values.size()) +
           (d.values.size() == 1 ? " value" : " values") + " (" + std::to_string(d.bits) + " bits)";
  }
  return out;
}

}  // namespace smsmc::mc
