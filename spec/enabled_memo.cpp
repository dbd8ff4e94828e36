#include "spec/enabled_memo.h"

#include <atomic>
#include <memory>

namespace smsmc::spec {

namespace {
std::atomic<std::uint64_t> next_serial{1};
}  // namespace

EnabledMemo::EnabledMemo(const sm::Layout& layout, const std::vector<int>& candidate_actors)
    : serial_(next_serial.fetch_add(1)) {
  sites_.resize(static_cast<std::size_t>(layout.sites()));
  // A site's key: the words holding its actors' fields and the parent's own,
  // masked to those fields.
  for (std::size_t s = 0; s < sites_.size(); ++s) {
    Site& site = sites_[s];
    bool fits = true;
    for (const sm::Actor& actor : layout.actors()) {
      if (actor.site != static_cast<int>(s) && actor.site != -1) continue;
      if (actor.field.bits == 0) continue;
      const sm::Word mask = ((sm::Word{1} << actor.field.bits) - 1) << actor.field.shift;
      std::size_t i = 0;
      while (i < site.words && site.word[i] != actor.field.word) ++i;
      if (i == site.words) {
        if (site.words == max_key_words) {
          fits = false;
          break;
        }
        site.word[site.words++] = actor.field.word;
      }
      site.mask[i] |= mask;
    }
    if (!fits) site.words = 0;  // too large: not memoised
  }
  site_of_.assign(candidate_actors.size(), -1);
  bit_of_.assign(candidate_actors.size(), 0);
  for (std::size_t c = 0; c < candidate_actors.size(); ++c) {
    const int s = layout.actor(candidate_actors[c]).site;
    if (s < 0) continue;
    Site& site = sites_[static_cast<std::size_t>(s)];
    if (site.words == 0) continue;
    bit_of_[c] = static_cast<unsigned>(site.candidates.size());
    site.candidates.push_back(c);
  }
  for (std::size_t c = 0; c < candidate_actors.size(); ++c) {
    const int s = layout.actor(candidate_actors[c]).site;
    if (s < 0) continue;
    const Site& site = sites_[static_cast<std::size_t>(s)];
    // A mask holds 64 candidates.
    if (site.words != 0 && site.candidates.size() <= 64) site_of_[c] = s;
  }
}

EnabledMemo::Entry* EnabledMemo::table() const {
  struct Table {
    std::uint64_t owner = 0;
    std::unique_ptr<Entry[]> entries{new Entry[table_size]};
  };
  thread_local Table mine;
  if (mine.owner != serial_) {
    for (std::size_t i = 0; i < table_size; ++i) mine.entries[i].site = 0;
    mine.owner = serial_;
  }
  return mine.entries.get();
}

}  // namespace smsmc::spec
