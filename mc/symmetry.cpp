#include "mc/symmetry.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <string>
#include <unordered_map>

#include "mc/budget.h"

namespace smsmc::mc {

namespace {

/// The concrete state after `action`, canonical or not, compared with a
/// representative.
bool leads_to(const Model& model, const Word* state, Action action, const Word* target, std::vector<Word>& next,
              std::vector<Word>& canonical) {
  model.next_state(state, action, next.data());
  const Word* key = model.canonicalize(next.data(), canonical.data()) ? canonical.data() : next.data();
  return std::memcmp(key, target, next.size() * sizeof(Word)) == 0;
}

/// Every state of the lift is stored once, in order, with no lookup: the
/// lift's own map numbers them. Only the liveness check reads it.
class ListSet final : public VisitedSet {
 public:
  explicit ListSet(std::size_t words) : words_(words) {}
  [[nodiscard]] std::size_t words() const override { return words_; }
  [[nodiscard]] std::uint64_t size() const override { return words_ == 0 ? 0 : states_.size() / words_; }
  [[nodiscard]] std::uint64_t capacity() const override { return no_state; }
  [[nodiscard]] const Word* at(StateId id) const override { return states_.data() + std::size_t{id} * words_; }
  void insert(std::size_t count, const Word* states, const std::uint64_t*, StateId* ids, std::uint8_t* fresh) override {
    for (std::size_t i = 0; i < count; ++i) {
      ids[i] = static_cast<StateId>(size());
      fresh[i] = 1;
      states_.insert(states_.end(), states + i * words_, states + (i + 1) * words_);
    }
  }
  [[nodiscard]] std::size_t bytes() const override { return states_.capacity() * sizeof(Word); }

 private:
  std::size_t words_;
  std::vector<Word> states_;
};

struct WordsHash {
  std::size_t operator()(const std::vector<Word>& key) const { return hash_state(key.data(), key.size()); }
};

}  // namespace

void concretize(const Model& model, const Graph& graph, std::size_t init, const std::vector<StateId>& ids,
                std::vector<Action>& actions, std::vector<Word>& state) {
  const std::size_t words = model.state_words();
  std::vector<Word> inits;
  model.init_states(inits);
  state.assign(inits.begin() + static_cast<std::ptrdiff_t>(init * words),
               inits.begin() + static_cast<std::ptrdiff_t>((init + 1) * words));
  std::vector<Word> next(words);
  std::vector<Word> canonical(words);
  std::vector<Word> target(words);
  std::vector<Action> enabled;
  for (StateId id : ids) {
    graph.visited->read(id, target.data());
    enabled.clear();
    model.actions(state.data(), enabled);
    // The first enabled action (in the model's order) that reaches the
    // orbit: deterministic, so the same run gives the same trace.
    const auto found = std::find_if(enabled.begin(), enabled.end(), [&](Action action) {
      return leads_to(model, state.data(), action, target.data(), next, canonical);
    });
    if (found == enabled.end()) throw std::logic_error("symmetry: no concrete step reaches the next representative");
    actions.push_back(*found);
    model.next_state(state.data(), *found, next.data());
    state.swap(next);
  }
}

Path concrete_path_to(const Model& model, const Graph& graph, StateId id) {
  std::vector<StateId> ids;
  while (graph.parent[id] != no_state) {
    ids.push_back(id);
    id = graph.parent[id];
  }
  std::reverse(ids.begin(), ids.end());
  Path path;
  path.init = graph.init_index[id];
  std::vector<Word> state;
  concretize(model, graph, path.init, ids, path.actions, state);
  return path;
}

std::optional<std::vector<Action>> lifted_fair_cycle(const Model& model, const Graph& graph,
                                                     const std::vector<StateId>& members, const Word* entry,
                                                     const LivenessLimits& limits) {
  const std::size_t words = model.state_words();
  // The lift: every concrete state of the members' orbits, `entry` first
  // (the lifted graph's one initial state), and one goal state standing for
  // everything outside the component. Edges out of the component still make
  // their processes enabled, as in the quotient.
  std::vector<Word> orbits(entry, entry + words);
  std::vector<Word> member(words);
  for (StateId id : members) {
    graph.visited->read(id, member.data());
    model.orbit(member.data(), orbits);
  }
  const std::size_t listed = orbits.size() / words;
  std::optional<Reservation> charge;
  if (limits.budget != nullptr) charge.emplace(*limits.budget, listed * (words * sizeof(Word) * 3 + 64));
  std::unordered_map<std::vector<Word>, StateId, WordsHash> number;
  Graph lift(std::make_unique<ListSet>(words));
  lift.keep_edges = true;
  for (std::size_t i = 0; i < listed; ++i) {
    std::vector<Word> key(orbits.begin() + static_cast<std::ptrdiff_t>(i * words),
                          orbits.begin() + static_cast<std::ptrdiff_t>((i + 1) * words));
    if (number.count(key) != 0) continue;
    StateId id = 0;
    std::uint8_t fresh = 0;
    lift.visited->insert(1, key.data(), nullptr, &id, &fresh);
    number.emplace(std::move(key), id);
  }
  std::vector<Word>().swap(orbits);
  const auto outside = static_cast<StateId>(lift.size());
  {
    StateId id = 0;
    std::uint8_t fresh = 0;
    lift.visited->insert(1, lift.visited->at(0), nullptr, &id, &fresh);
  }
  lift.init_index = {0};
  std::vector<Action> enabled;
  std::vector<Word> next(words);
  for (StateId id = 0; id < outside; ++id) {
    if (limits.stop != nullptr && limits.stop->load(std::memory_order_relaxed)) throw LivenessStopped{};
    const std::vector<Word> state(lift.visited->at(id), lift.visited->at(id) + words);
    enabled.clear();
    model.actions(state.data(), enabled);
    lift.edge_start.push_back(lift.edge_target.size());
    lift.edge_count.push_back(static_cast<std::uint32_t>(enabled.size()));
    for (Action action : enabled) {
      model.next_state(state.data(), action, next.data());
      const auto it = number.find(next);
      lift.edge_target.push_back(it == number.end() ? outside : it->second);
      lift.edge_action.push_back(action);
    }
  }
  lift.edge_start.push_back(lift.edge_target.size());
  lift.edge_count.push_back(0);
  std::vector<std::uint8_t> goal(lift.size(), 0);
  goal[outside] = 1;
  LivenessLimits concrete = limits;
  concrete.symmetry = false;
  concrete.budget = nullptr;  // charged above
  std::string note;
  const std::optional<Path> lasso = check_liveness(model, lift, goal, note, concrete);
  // Only the entry's own concrete component is reachable from it inside the
  // lift, so a lasso starts its loop at once.
  if (!lasso || !lasso->loop_start) return std::nullopt;
  if (*lasso->loop_start != 0) throw std::logic_error("symmetry: the lifted cycle does not start at its entry");
  return lasso->actions;
}

}  // namespace smsmc::mc
