// The exhaustive checker: breadth-first (or depth-first) search over a Model
// with a visited set of packed state keys, shortest counterexamples for
// safety properties, and liveness checked on terminal states and on fair
// cycles (weak fairness per process). Built as a builder, like stateright's:
//
//   Result r = Checker(model).max_states(1e7).timeout(60).run();
//
// Inside, by job: search.h (BFS/DFS, parallel levels, the stored graph),
// liveness.h (components, fair cycles, lassos), checker.cpp (the verdicts);
// evaluate.h judges a single path and fairness.h defines weak fairness.
#pragma once

#include "mc/model.h"
#include "mc/path.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace smsmc::mc {

enum class Verdict { holds, violated, unknown };
const char* verdict_name(Verdict verdict);

enum class Strategy { bfs, dfs };

class VisitedSet;  // mc/visited.h
/// Makes an empty visited set for states of `words` words.
using VisitedSetFactory = std::function<std::unique_ptr<VisitedSet>(std::size_t words)>;

struct PropertyResult {
  std::string name;
  Expectation kind;
  Verdict verdict = Verdict::unknown;
  /// Counterexample (always, eventually) or example (sometimes).
  std::optional<Path> path;
  std::string note;  // why the verdict is what it is, when that is not obvious
  std::string description;
  std::string witness_for;
};

struct Progress {
  std::uint64_t states;
  std::uint64_t transitions;
  std::uint32_t depth;
  double seconds;
  const char* phase;
};

struct Stats {
  std::uint64_t states = 0;       // unique states
  std::uint64_t transitions = 0;  // successor computations during the search
  std::uint32_t depth = 0;        // BFS: length of the longest shortest path
  double seconds = 0;             // the whole run, liveness included
  double search_seconds = 0;      // the reachability search alone
  bool complete = false;          // the whole reachable set was explored
  /// When not complete: "max-states", "timeout", "state-id-limit" (the
  /// visited set has no more ids to hand out), "signal" (the stop flag),
  /// "max-memory" (the memory budget refused a charge) or "out-of-memory"
  /// (an allocation failed, in any thread).
  std::string stopped_by;
  /// The search stopped because every selected property already had its
  /// verdict (safety and reachability only: a counterexample or a witness
  /// was found for each). Verdicts are final; `states` is what was explored.
  bool decided_early = false;
  std::size_t state_bytes = 0;    // bytes per stored state key
  /// How liveness got its graph: "" (no liveness property), "acyclic" (BFS
  /// met no edge to the same or an earlier level: no edge stored),
  /// "edges" (stored from the start: DFS), or "edges rebuilt at depth D"
  /// (BFS met its first such edge at depth D, re-expanded the states before
  /// it to rebuild their edges and stored the rest).
  std::string liveness_graph;
  /// Bytes held once the search ended: the visited set (keys and table),
  /// the parent and action arrays (counterexample paths), the stored edges.
  std::uint64_t visited_bytes = 0;
  /// Of visited_bytes: the stored keys and the index's slots (the rest is
  /// the compact set's dictionaries and buffers), and how states were
  /// stored (VisitedSet::encoding: "plain, 16-byte keys", "collapse, ...").
  std::uint64_t visited_key_bytes = 0;
  std::uint64_t visited_slot_bytes = 0;
  std::string visited_encoding;
  std::uint64_t path_bytes = 0;
  std::uint64_t edge_bytes = 0;
  /// The most bytes charged to the memory budget at once: the graph, the
  /// per-state arrays, the expansion buffers and liveness's arrays.
  std::uint64_t memory_peak = 0;
  /// Symmetry reduction applied: `states` counts orbits (one canonical state
  /// each), not concrete states. Paths are concrete all the same.
  bool symmetry = false;
};

struct Result {
  Stats stats;
  std::vector<PropertyResult> properties;
  /// Every reachable state's words, in discovery order, if collect_states().
  std::vector<Word> states;

  [[nodiscard]] const PropertyResult* find(const std::string& name) const;
};

class Checker {
 public:
  explicit Checker(const Model& model) : model_(model) {}

  [[nodiscard]] Checker& strategy(Strategy value) { strategy_ = value; return *this; }
  /// Stop after this many unique states; the result is partial.
  [[nodiscard]] Checker& max_states(std::uint64_t value) { max_states_ = value; return *this; }
  /// Stop after this many seconds; the result is partial.
  [[nodiscard]] Checker& timeout(double seconds) { timeout_ = seconds; return *this; }
  /// Check only these properties (by name); all when empty.
  [[nodiscard]] Checker& only(std::vector<std::string> names) { only_ = std::move(names); return *this; }
  /// Called about every `interval` seconds while running.
  [[nodiscard]] Checker& on_progress(std::function<void(const Progress&)> callback, double interval = 0.5) {
    progress_ = std::move(callback);
    progress_interval_ = interval;
    return *this;
  }
  [[nodiscard]] Checker& collect_states(bool value = true) { collect_states_ = value; return *this; }
  /// Threads that expand states in a breadth-first search and insert them
  /// into the built-in visited set (one partition each; DFS uses one).
  /// Results do not depend on it: ids, counts and counterexamples are those
  /// of a sequential search.
  [[nodiscard]] Checker& threads(unsigned value) { threads_ = value; return *this; }
  /// The most state ids the search may use before it stops, INCOMPLETE, with
  /// stopped_by "state-id-limit". Default and upper bound: the visited set's
  /// capacity (2^32 - 1 ids for the built-in one). Lower only to test it.
  [[nodiscard]] Checker& state_id_limit(std::uint64_t value) { id_limit_ = value; return *this; }
  /// Stop at the next safe point once `*flag` is true (io/signals.h's
  /// flag); the result is partial, stopped_by "signal". A liveness check
  /// under way is abandoned: its property is unknown. Null: never.
  [[nodiscard]] Checker& stop_flag(const std::atomic<bool>* flag) { stop_ = flag; return *this; }
  /// A memory budget of this many bytes (0: none) for the search's large
  /// structures (mc/budget.h): when a charge is refused the search stops
  /// like at max_states, stopped_by "max-memory", and a liveness check that
  /// does not fit leaves its property unknown with a note.
  [[nodiscard]] Checker& max_memory(std::uint64_t bytes) { max_memory_ = bytes; return *this; }
  /// Another visited set (mc/visited.h). By default the plain StateStore,
  /// partitioned by thread so that breadth-first search inserts on every
  /// thread; see compact_states().
  [[nodiscard]] Checker& visited_set(VisitedSetFactory factory) { visited_set_ = std::move(factory); return *this; }
  /// Store states in the compact set (mc/compact_store.h: SPIN-style
  /// COLLAPSE keys, about a third of the plain set's bytes per state) when
  /// the model names state blocks. It trades speed for memory: it encodes
  /// and inserts on one thread and is about 1.3-1.5x slower
  /// (bench/ENGINE.md), so it is for runs that would not fit otherwise.
  [[nodiscard]] Checker& compact_states(bool value = true) { compact_states_ = value; return *this; }

  /// Store every edge for liveness even when breadth-first search finds the
  /// graph acyclic (tests compare both ways; Stats::liveness_graph says
  /// which one a run took).
  [[nodiscard]] Checker& store_edges(bool value = true) { store_edges_ = value; return *this; }

  /// Symmetry reduction (Model::canonicalize) when the model declares a
  /// symmetry; off by default. Verdicts and counterexample lengths do not
  /// change (spec/symmetry.md); Stats::symmetry says whether it applied.
  [[nodiscard]] Checker& symmetry(bool value) { symmetry_ = value; return *this; }

  [[nodiscard]] Result run() const;

 private:
  const Model& model_;
  Strategy strategy_ = Strategy::bfs;
  std::uint64_t max_states_ = 0;  // 0: unbounded
  double timeout_ = 0;            // 0: unbounded
  std::vector<std::string> only_;
  std::function<void(const Progress&)> progress_;
  double progress_interval_ = 0.5;
  bool collect_states_ = false;
  unsigned threads_ = 1;
  std::uint64_t id_limit_ = 0;  // 0: the visited set's capacity
  VisitedSetFactory visited_set_;
  bool compact_states_ = false;
  const std::atomic<bool>* stop_ = nullptr;
  std::uint64_t max_memory_ = 0;
  bool store_edges_ = false;
  bool symmetry_ = false;
};

}  // namespace smsmc::mc
