#include "spec/site_symmetry.h"

#include "statemachines/registry.h"

#include <algorithm>
#include <cstring>
#include <set>

namespace smsmc::spec {

namespace {
constexpr mc::Word mask_of(unsigned bits) { return bits >= 64 ? ~mc::Word{0} : (mc::Word{1} << bits) - 1; }
}  // namespace

SiteSymmetry::SiteSymmetry(const sm::Layout& layout) : sites_(layout.sites()), words_(layout.words()) {
  segments_.resize(static_cast<std::size_t>(sites_));
  // The services (and instance numbers) of each site, in layout order: the
  // blocks are only interchangeable when they match.
  std::vector<std::vector<std::pair<int, int>>> shape(static_cast<std::size_t>(sites_));
  // Parent actors are allowed when their service is site-blind: their state
  // names no site, so a permutation of the sites leaves it as it is
  // (spec/shared-parent.md argues the rest).
  bool named_parent_actor = false;
  auto add = [&](int site, sm::Field field) {
    if (field.bits == 0) return;
    std::vector<Segment>& segments = segments_[static_cast<std::size_t>(site)];
    if (!segments.empty() && segments.back().word == field.word &&
        segments.back().shift + segments.back().bits == field.shift) {
      segments.back().bits = static_cast<std::uint8_t>(segments.back().bits + field.bits);
    } else {
      segments.push_back({field.word, field.shift, field.bits});
    }
  };
  for (const sm::Actor& actor : layout.actors()) {
    if (actor.site < 0) {
      named_parent_actor |= !layout.registry().traits(actor.service).is_site_blind();
      continue;
    }
    add(actor.site, actor.field);
    shape[static_cast<std::size_t>(actor.site)].emplace_back(actor.service, actor.index);
  }
  unsigned bits = 0;
  for (int site = 0; site < sites_; ++site) {
    add(site, layout.config_failed(site));
    unsigned here = 0;
    for (const Segment& segment : segments_[static_cast<std::size_t>(site)]) here += segment.bits;
    if (site == 0) bits = here;
    if (here != bits || shape[static_cast<std::size_t>(site)] != shape[0]) return;
  }
  key_words_ = std::max<std::size_t>(1, (bits + 63) / 64);
  applies_ = sites_ >= 2 && !named_parent_actor;
  for (int site = 0; site < sites_; ++site) {
    flat_begin_.push_back(static_cast<std::uint32_t>(flat_.size()));
    std::uint32_t at = 0;
    for (const Segment& segment : segments_[static_cast<std::size_t>(site)]) {
      flat_.push_back({segment.word, segment.shift, mask_of(segment.bits), at});
      at += segment.bits;
    }
  }
  flat_begin_.push_back(static_cast<std::uint32_t>(flat_.size()));
}

void SiteSymmetry::extract(const mc::Word* state, int site, mc::Word* key) const {
  std::fill_n(key, key_words_, 0);
  unsigned at = 0;
  for (const Segment& segment : segments_[static_cast<std::size_t>(site)]) {
    const mc::Word value = (state[segment.word] >> segment.shift) & mask_of(segment.bits);
    const unsigned offset = at % 64;
    key[at / 64] |= value << offset;
    if (offset + segment.bits > 64) key[at / 64 + 1] |= value >> (64 - offset);
    at += segment.bits;
  }
}

void SiteSymmetry::write(mc::Word* state, int site, const mc::Word* key) const {
  unsigned at = 0;
  for (const Segment& segment : segments_[static_cast<std::size_t>(site)]) {
    const unsigned offset = at % 64;
    mc::Word value = key[at / 64] >> offset;
    if (offset + segment.bits > 64) value |= key[at / 64 + 1] << (64 - offset);
    const mc::Word mask = mask_of(segment.bits) << segment.shift;
    state[segment.word] = (state[segment.word] & ~mask) | ((value << segment.shift) & mask);
    at += segment.bits;
  }
}

bool SiteSymmetry::less(const mc::Word* a, const mc::Word* b) const {
  for (std::size_t i = key_words_; i-- > 0;) {
    if (a[i] != b[i]) return a[i] < b[i];
  }
  return false;
}

void SiteSymmetry::canonicalize(const mc::Word* in, mc::Word* out) const {
  std::memcpy(out, in, words_ * sizeof(mc::Word));
  // N is small (an exhaustive search does not get far past 5 sites), so an
  // insertion sort of the blocks in a stack buffer when they fit in one word
  // each, the common case.
  constexpr int small = 16;
  if (key_words_ == 1 && sites_ <= small) {
    mc::Word keys[small];
    bool sorted = true;
    for (int site = 0; site < sites_; ++site) {
      keys[site] = key_of(in, site);
      if (site > 0 && keys[site] < keys[site - 1]) sorted = false;
    }
    if (sorted) return;
    // Insertion sort: a step changes one site, so the blocks are nearly
    // sorted already.
    for (int i = 1; i < sites_; ++i) {
      const mc::Word key = keys[i];
      int j = i;
      for (; j > 0 && keys[j - 1] > key; --j) keys[j] = keys[j - 1];
      keys[j] = key;
    }
    for (int site = 0; site < sites_; ++site) put_key(out, site, keys[site]);
    return;
  }
  std::vector<mc::Word> keys(static_cast<std::size_t>(sites_) * key_words_);
  std::vector<int> order(static_cast<std::size_t>(sites_));
  for (int site = 0; site < sites_; ++site) {
    extract(in, site, keys.data() + static_cast<std::size_t>(site) * key_words_);
    order[static_cast<std::size_t>(site)] = site;
  }
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
    return less(keys.data() + static_cast<std::size_t>(a) * key_words_,
                keys.data() + static_cast<std::size_t>(b) * key_words_);
  });
  for (int site = 0; site < sites_; ++site)
    write(out, site, keys.data() + static_cast<std::size_t>(order[static_cast<std::size_t>(site)]) * key_words_);
}

void SiteSymmetry::orbit(const mc::Word* in, std::vector<mc::Word>& out) const {
  out.insert(out.end(), in, in + words_);
  if (!applies_) return;
  std::vector<mc::Word> keys(static_cast<std::size_t>(sites_) * key_words_);
  std::vector<int> perm(static_cast<std::size_t>(sites_));
  for (int site = 0; site < sites_; ++site) {
    extract(in, site, keys.data() + static_cast<std::size_t>(site) * key_words_);
    perm[static_cast<std::size_t>(site)] = site;
  }
  std::set<std::vector<mc::Word>> seen{std::vector<mc::Word>(in, in + words_)};
  std::vector<mc::Word> image(in, in + words_);
  while (std::next_permutation(perm.begin(), perm.end())) {
    for (int site = 0; site < sites_; ++site)
      write(image.data(), site,
            keys.data() + static_cast<std::size_t>(perm[static_cast<std::size_t>(site)]) * key_words_);
    if (seen.insert(image).second) out.insert(out.end(), image.begin(), image.end());
  }
}

}  // namespace smsmc::spec
