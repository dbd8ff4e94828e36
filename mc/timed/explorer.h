// The waiting/passed-list search under ZoneChecker (zone_checker.h is the
// public face). Symbolic states are nodes in discovery order; the waiting
// list is the node array itself, taken in order, so the search is
// breadth-first and a node's depth is its fewest steps from an initial
// state. Covering: a successor whose zone is included in a stored zone of
// the same discrete state is dropped (edge to the coverer); stored zones
// included in a new one leave the passed list, and one that was not yet
// expanded is dropped too when it is as deep as the new one (a shallower
// one is still expanded, so paths stay shortest).
#pragma once

#include "mc/block_vector.h"
#include "mc/state_store.h"
#include "mc/timed/zone_checker.h"
#include "mc/timed/zone_graph.h"

#include <chrono>
#include <functional>
#include <memory>
#include <vector>

namespace smsmc::mc::timed {

/// Stored zones, packed: only the rows and columns of the clocks that are
/// active in the zone's discrete state (and 0 and t). The others are free,
/// so they follow from the rest and unpack() rebuilds them; two zones of one
/// discrete state keep the same clocks, so they compare packed. Zones go in
/// fixed blocks, so an address stays valid.
class ZoneArena {
 public:
  /// Appends `cells` entries; returns the address of the copy.
  std::uint64_t push(const Bound* packed, std::size_t cells);
  [[nodiscard]] const Bound* at(std::uint64_t address) const {
    return blocks_[address / block_cells].get() + address % block_cells;
  }
  /// Entries stored so far.
  [[nodiscard]] std::uint64_t cells() const { return cells_; }

 private:
  static constexpr std::uint64_t block_cells = std::uint64_t{1} << 18;
  std::uint64_t used_ = block_cells;  // in the last block; full: none yet
  std::uint64_t cells_ = 0;
  std::vector<std::unique_ptr<Bound[]>> blocks_;
};

/// The rows and columns of `zone` (n x n) listed in `kept`, as a k x k matrix.
void pack(const Bound* zone, std::size_t n, const std::vector<ClockId>& kept, Bound* packed);
/// The n x n zone whose kept part is `packed` and whose other clocks are free.
void unpack(const Bound* packed, const std::vector<ClockId>& kept, std::size_t n, Bound* zone);

struct SearchLimits {
  std::uint64_t max_states = 0;  // 0: unbounded
  double timeout = 0;            // 0: unbounded
  std::function<void(const TimedProgress&)> progress;
  double progress_interval = 0.5;
};

class Explorer {
 public:
  static constexpr std::uint32_t none = no_state;

  /// `keep_edges`: remember every node's successors (and coverers), for
  /// has_cycle().
  Explorer(const ZoneGraph& graph, SearchLimits limits, bool keep_edges);

  /// A goal state was entered from `parent` (none: it is initial state
  /// number `via`) by action `via`, with `facts`.
  using OnGoal = std::function<void(std::uint32_t parent, Action via, const EntryFacts& facts)>;
  /// A node was expanded (its successors computed: `successors` non-empty
  /// ones); returns false to stop the search (everything is decided).
  using OnExpanded = std::function<bool(std::uint32_t node, const StateView& view, std::size_t successors)>;

  /// Runs the search. With `goal`, states satisfying it are reported to
  /// `on_goal` and neither stored nor expanded.
  void search(const std::function<bool(const StateView&)>* goal, const OnGoal& on_goal, const OnExpanded& on_expanded);

  /// Statistics so far (seconds, complete and stopped_by once search() returns).
  [[nodiscard]] const TimedStats& stats() const { return stats_; }
  /// The shortest path the search found to `node`.
  [[nodiscard]] Path path_to(std::uint32_t node) const;
  /// path_to(parent) and then `via` (parent none: initial state `via`).
  [[nodiscard]] Path path_to(std::uint32_t parent, Action via) const;
  /// Every stored discrete state's words, in discovery order.
  [[nodiscard]] std::vector<Word> discrete_states() const {
    std::vector<Word> out;
    for (StateId id = 0; id < states_.size(); ++id) out.insert(out.end(), states_.at(id), states_.at(id) + states_.words());
    return out;
  }
  /// Whether time can pass forever in the node's state.
  [[nodiscard]] bool divergent(std::uint32_t node) const { return (flags_[node] & divergent_flag) != 0; }
  /// Whether the stored nodes, their successor edges and the edges from
  /// dropped nodes to the nodes that replaced them form a cycle (needs
  /// keep_edges and a complete search).
  [[nodiscard]] bool has_cycle() const;

 private:
  static constexpr std::uint8_t expanded_flag = 1;
  static constexpr std::uint8_t dead_flag = 2;
  static constexpr std::uint8_t divergent_flag = 4;

  /// Stores (state, zone) unless covered; returns the new node or the
  /// coverer. `at` is the state's location (its active clocks say what is
  /// kept of the zone; its LU bounds serve aLU covering).
  std::uint32_t insert(const Word* state, const Bound* zone, const LocationTiming& at, std::uint32_t parent, Action via,
                       std::uint32_t depth, bool divergent);
  /// Whether a limit stops the search now (sets stopped_by).
  bool out_of_budget();
  [[nodiscard]] double elapsed() const;

  const ZoneGraph& graph_;
  SearchLimits limits_;
  bool keep_edges_;
  std::size_t dim_;
  StateStore states_;
  ZoneArena zones_;
  std::vector<std::vector<std::uint32_t>> passed_;  // per discrete state: its nodes in the passed list
  std::vector<std::vector<ClockId>> kept_;          // per discrete state: the clocks its packed zones keep
  BlockVector<std::uint64_t> zone_at_;              // per node: its packed zone's address
  BlockVector<std::uint32_t> discrete_;
  BlockVector<std::uint32_t> parent_;
  BlockVector<Action> via_;
  BlockVector<std::uint32_t> depth_;
  BlockVector<std::uint8_t> flags_;
  BlockVector<std::uint32_t> redirect_;  // dead node -> the node that replaced it
  BlockVector<std::uint64_t> edge_start_;
  BlockVector<std::uint32_t> edge_count_;
  BlockVector<std::uint32_t> edge_target_;
  std::uint32_t nodes_ = 0;
  TimedStats stats_;
  std::vector<std::int64_t> lower_;  // scratch: LU bounds of the state being inserted (packed)
  std::vector<std::int64_t> upper_;
  std::vector<Bound> packed_;        // scratch: the zone being inserted, packed
  std::chrono::steady_clock::time_point start_;
  double next_progress_ = 0;
};

}  // namespace smsmc::mc::timed
