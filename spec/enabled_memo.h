// A memo of which spontaneous events are enabled, per secondary site. The
// guards of a site's actors read only the states of that site's actors and
// of the parent's own ones (Context reaches other machines through its own
// site or the parent's unit), so which of a site's rows are enabled is a
// function of those fields alone. A breadth-first search meets the same
// site projection again and again (the state space is close to a product
// of the sites'), so the explorer looks the answer up instead of running
// the guards: a direct-mapped table per thread, keyed by the projection.
// The compiled MSM tables still decide every entry; the memo only
// remembers their answer. tests/enabled_memo_test.cpp checks it against
// the direct evaluation on every reachable state of several models.
#pragma once

#include "statemachines/world.h"

#include <array>
#include <cstdint>
#include <vector>

namespace smsmc::spec {

class EnabledMemo {
 public:
  /// `candidate_actors`: the actor of each (actor, spontaneous event)
  /// candidate, in the explorer's order.
  EnabledMemo(const sm::Layout& layout, const std::vector<int>& candidate_actors);

  /// The memoised site of candidate `c`, or -1 (evaluated directly: a
  /// parent actor, or a site too large for a key).
  [[nodiscard]] int site_of(std::size_t c) const { return site_of_[c]; }
  /// Its bit in its site's mask.
  [[nodiscard]] unsigned bit_of(std::size_t c) const { return bit_of_[c]; }
  /// The candidates of a memoised site, in order (bit i is the i-th).
  [[nodiscard]] const std::vector<std::size_t>& candidates_of(int site) const {
    return sites_[static_cast<std::size_t>(site)].candidates;
  }

  /// The mask of the site's enabled candidates in `state`: from this
  /// thread's table, or from `evaluate()` (which returns it) on a miss.
  template <class Evaluate>
  std::uint64_t enabled(const sm::Word* state, int site, Evaluate&& evaluate) const {
    const Site& s = sites_[static_cast<std::size_t>(site)];
    Key key{};
    std::uint64_t hash = static_cast<std::uint64_t>(site) * 0x9E3779B97F4A7C15ull;
    for (std::size_t i = 0; i < s.words; ++i) {
      key[i] = state[s.word[i]] & s.mask[i];
      hash = (hash ^ key[i] ^ (key[i] >> 32)) * 0xFF51AFD7ED558CCDull;
    }
    // The top bits of a product depend on every bit of its factors.
    Entry& entry = table()[static_cast<std::size_t>(hash >> (64 - table_bits))];
    if (entry.site == site + 1 && entry.key == key) return entry.enabled;
    entry.site = site + 1;
    entry.key = key;
    entry.enabled = evaluate();
    return entry.enabled;
  }

 private:
  static constexpr std::size_t max_key_words = 3;
  static constexpr unsigned table_bits = 12;
  static constexpr std::size_t table_size = std::size_t{1} << table_bits;
  using Key = std::array<sm::Word, max_key_words>;
  struct Entry {
    Key key;
    std::uint64_t enabled;
    int site;  // site + 1; 0: empty
  };
  struct Site {
    std::size_t words = 0;  // of the key
    std::array<std::uint16_t, max_key_words> word{};
    std::array<sm::Word, max_key_words> mask{};
    std::vector<std::size_t> candidates;
  };

  /// This thread's table, emptied when it last served another memo.
  Entry* table() const;

  std::uint64_t serial_;  // tells this memo's entries from another's
  std::vector<int> site_of_;
  std::vector<unsigned> bit_of_;
  std::vector<Site> sites_;
};

}  // namespace smsmc::spec
