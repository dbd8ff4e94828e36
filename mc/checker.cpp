// The verdicts: the Checker runs the search, then turns what it found into
// one PropertyResult per selected property, running liveness where the
// complete graph allows it.
#include "mc/checker.h"

#include "mc/budget.h"
#include "mc/liveness.h"
#include "mc/search.h"
#include "mc/compact_store.h"
#include "mc/symmetry.h"

#include <algorithm>
#include <new>
#include <stdexcept>

namespace smsmc::mc {

const char* expectation_name(Expectation kind) {
  switch (kind) {
    case Expectation::always: return "always";
    case Expectation::sometimes: return "sometimes";
    case Expectation::eventually: return "eventually";
  }
  return "?";
}

const char* verdict_name(Verdict verdict) {
  switch (verdict) {
    case Verdict::holds: return "holds";
    case Verdict::violated: return "violated";
    case Verdict::unknown: return "unknown";
  }
  return "?";
}

const PropertyResult* Result::find(const std::string& name) const {
  for (const PropertyResult& result : properties) {
    if (result.name == name) return &result;
  }
  return nullptr;
}

namespace {

std::vector<Property> selected(const Model& model, const std::vector<std::string>& only) {
  std::vector<Property> properties;
  for (Property& property : model.properties()) {
    if (only.empty() || std::find(only.begin(), only.end(), property.name) != only.end()) {
      properties.push_back(std::move(property));
    }
  }
  for (const std::string& name : only) {
    const bool known = std::any_of(properties.begin(), properties.end(), [&](const Property& p) { return p.name == name; });
    if (!known) throw std::invalid_argument("unknown property: " + name);
  }
  return properties;
}

/// A safety property's or a witness's verdict from the state the search
/// found (if any) and whether it saw everything.
void decide_reachability(const Model& model, const Property& property, const std::optional<StateId>& found,
                         const Graph& graph, const Stats& stats, PropertyResult& out) {
  const bool complete = stats.complete;
  const bool always = property.kind == Expectation::always;
  if (found) {
    out.verdict = always ? Verdict::violated : Verdict::holds;
    out.path = stats.symmetry ? concrete_path_to(model, graph, *found) : graph.path_to(*found);
  } else if (complete) {
    out.verdict = always ? Verdict::holds : Verdict::violated;
    if (!always) out.note = "no reachable state satisfies it";
  } else {
    out.note = always ? "no violation in the states explored before the search stopped"
                      : "not reached in the states explored before the search stopped";
  }
}

/// Liveness of one property, or why it could not be decided: the memory
/// budget, an allocation failure or the stop flag leave it unknown with a
/// note, and the other properties keep their verdicts.
void decide_liveness(const Model& model, const Graph& graph, const std::vector<std::uint8_t>& goal,
                     const RegionParents& region_parent, const LivenessLimits& limits, PropertyResult& out) {
  if (limits.stop != nullptr && limits.stop->load(std::memory_order_relaxed)) {
    out.note = "the liveness check was interrupted by a signal";
    return;
  }
  try {
    out.path = graph.keep_edges ? check_liveness(model, graph, goal, out.note, limits)
                                : check_acyclic_liveness(graph, goal, region_parent, out.note);
    out.verdict = out.path ? Verdict::violated : Verdict::holds;
  } catch (const BudgetExceeded&) {
    out.note = "the liveness check's arrays do not fit in the memory budget (--max-memory)";
  } catch (const std::bad_alloc&) {
    out.note = "out of memory during the liveness check";
  } catch (const LivenessStopped&) {
    out.note = "the liveness check was interrupted by a signal";
  }
  if (out.verdict == Verdict::unknown) out.path.reset();
}

}  // namespace

Result Checker::run() const {
  SearchOptions options;
  const Clock::time_point start = options.start;
  const std::size_t words = model_.state_words();
  Result result;
  result.stats.state_bytes = words * sizeof(Word);

  const std::vector<Property> properties = selected(model_, only_);
  const bool any_eventually = std::any_of(properties.begin(), properties.end(),
                                          [](const Property& p) { return p.kind == Expectation::eventually; });

  // One partition per thread: breadth-first search inserts on every thread.
  const unsigned partitions = strategy_ == Strategy::bfs ? std::max(1u, threads_) : 1u;
  Graph graph(visited_set_       ? visited_set_(words)
              : compact_states_ ? make_visited_set(model_)
                                : std::make_unique<StateStore>(words, partitions));
  if (!graph.visited || graph.visited->words() != words || graph.visited->size() != 0)
    throw std::invalid_argument("the visited-set factory must make an empty set for states of the model's size");
  graph.liveness = any_eventually;

  options.strategy = strategy_;
  options.threads = threads_;
  options.max_states = max_states_;
  options.timeout = timeout_;
  options.id_limit = id_limit_;
  options.store_edges = store_edges_;
  options.stop_when_decided = !collect_states_;  // the caller wants every state
  options.progress = progress_;
  options.progress_interval = progress_interval_;
  options.stop = stop_;
  if (symmetry_) {
    // Applies when the model declares a symmetry (its initial state has a
    // canonical form).
    std::vector<Word> init;
    model_.init_states(init);
    std::vector<Word> canonical(words);
    options.symmetry = init.size() >= words && model_.canonicalize(init.data(), canonical.data());
  }
  result.stats.symmetry = options.symmetry;
  MemoryBudget budget(max_memory_);
  options.budget = &budget;
  SearchResult found = search(model_, properties, options, graph, result.stats);
  result.stats.visited_bytes = graph.visited->bytes();
  result.stats.visited_key_bytes = graph.visited->key_bytes();
  result.stats.visited_slot_bytes = graph.visited->slot_bytes();
  result.stats.visited_encoding = graph.visited->encoding();
  result.stats.path_bytes = graph.parent.bytes() + graph.via.bytes();
  result.stats.edge_bytes =
      graph.edge_start.bytes() + graph.edge_count.bytes() + graph.edge_target.bytes() + graph.edge_action.bytes();

  for (std::size_t p = 0; p < properties.size(); ++p) {
    const Property& property = properties[p];
    PropertyResult out{property.name, property.kind, Verdict::unknown, std::nullopt, "", property.description,
                       property.witness_for};
    if (property.kind != Expectation::eventually) {
      decide_reachability(model_, property, found.found[p], graph, result.stats, out);
    } else if (!result.stats.complete) {
      out.note = "liveness needs the complete state graph; the search stopped early";
    } else {
      found.goal[p].resize(graph.size(), 0);
      if (progress_)
        progress_({graph.size(), result.stats.transitions, result.stats.depth, seconds_since(start), "liveness"});
      decide_liveness(model_, graph, found.goal[p], found.region_parent[p], {&budget, stop_, result.stats.symmetry},
                      out);
    }
    result.properties.push_back(std::move(out));
  }
  if (collect_states_) {
    result.states.reserve(graph.size() * words);
    for (std::uint64_t id = 0; id < graph.size(); ++id) {
      result.states.resize(result.states.size() + words);
      graph.visited->read(static_cast<StateId>(id), result.states.data() + result.states.size() - words);
    }
  }
  result.stats.memory_peak = budget.peak();
  result.stats.seconds = seconds_since(start);
  return result;
}

}  // namespace smsmc::mc
