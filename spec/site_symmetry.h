// The protocol's symmetry: the secondary sites are interchangeable (same M,
// no guard or action looks at a site's number or at another site, and the
// parent serves the sites in any order), so permuting the sites maps runs to
// runs. A state's canonical form sorts the per-site blocks of its packed
// words; spec/symmetry.md argues why that is sound, fairness included.
#pragma once

#include <cstdint>
#include <vector>

#include "mc/model.h"
#include "statemachines/world.h"

namespace smsmc::spec {

class SiteSymmetry {
 public:
  explicit SiteSymmetry(const sm::Layout& layout);

  /// Whether permuting sites is a symmetry of this layout: at least two
  /// sites, each with the same services in the same order, and no actor at
  /// the parent except of site-blind services (ServiceTraits::site_blind: a
  /// parent-side actor of any other service could hold a site's number).
  [[nodiscard]] bool applies() const { return applies_; }
  /// `in` with its site blocks sorted (by their bits, ascending).
  void canonicalize(const mc::Word* in, mc::Word* out) const;
  /// Every distinct image of `in` under a permutation of the sites, `in`
  /// first.
  void orbit(const mc::Word* in, std::vector<mc::Word>& out) const;

 private:
  /// A run of a site's bits inside one word: the site's fields in layout
  /// order, merged where they touch.
  struct Segment {
    std::uint16_t word;
    std::uint8_t shift;
    std::uint8_t bits;
  };
  /// A site's bits, concatenated in segment order, into key_words_ words.
  void extract(const mc::Word* state, int site, mc::Word* key) const;
  void write(mc::Word* state, int site, const mc::Word* key) const;
  [[nodiscard]] bool less(const mc::Word* a, const mc::Word* b) const;

  /// The one-word case (a site's bits fit in 64, M up to about 40), the
  /// hot path: every segment of every site in one array, with its mask and
  /// its place in the key precomputed.
  struct Flat {
    std::uint32_t word;
    std::uint32_t shift;
    mc::Word mask;     // of the segment's bits, unshifted
    std::uint32_t at;  // bit position in the key
  };
  [[nodiscard]] mc::Word key_of(const mc::Word* state, int site) const {
    mc::Word key = 0;
    for (std::uint32_t i = flat_begin_[static_cast<std::size_t>(site)];
         i < flat_begin_[static_cast<std::size_t>(site) + 1]; ++i) {
      const Flat& f = flat_[i];
      key |= ((state[f.word] >> f.shift) & f.mask) << f.at;
    }
    return key;
  }
  void put_key(mc::Word* state, int site, mc::Word key) const {
    for (std::uint32_t i = flat_begin_[static_cast<std::size_t>(site)];
         i < flat_begin_[static_cast<std::size_t>(site) + 1]; ++i) {
      const Flat& f = flat_[i];
      state[f.word] = (state[f.word] & ~(f.mask << f.shift)) | (((key >> f.at) & f.mask) << f.shift);
    }
  }
  std::vector<Flat> flat_;
  std::vector<std::uint32_t> flat_begin_;  // per site, and one past the last

  bool applies_ = false;
  int sites_ = 0;
  std::size_t words_ = 0;
  std::size_t key_words_ = 0;
  std::vector<std::vector<Segment>> segments_;  // per site
};

}  // namespace smsmc::spec
