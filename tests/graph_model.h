// Models for the checker's tests. GraphModel is a hand-built graph: a state
// is one word holding the node number, action i is edge i, and each edge
// belongs to a process (for weak fairness). Grid is a 300 x 300 grid.
#pragma once

#include "mc/model.h"

#include <functional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace smsmc::mc::test {

struct Edge {
  int from;
  int to;
  int process;
};

class GraphModel final : public Model {
 public:
  GraphModel(std::vector<int> inits, std::vector<Edge> edges, int processes)
      : inits_(std::move(inits)), edges_(std::move(edges)), processes_(processes) {}

  std::vector<Property> props;

  [[nodiscard]] std::size_t state_words() const override { return 1; }
  void init_states(std::vector<Word>& out) const override {
    for (int node : inits_) out.push_back(static_cast<Word>(node));
  }
  void actions(const Word* state, std::vector<Action>& out) const override {
    for (std::size_t i = 0; i < edges_.size(); ++i) {
      if (edges_[i].from == static_cast<int>(state[0])) out.push_back(static_cast<Action>(i));
    }
  }
  void next_state(const Word*, Action action, Word* out) const override {
    out[0] = static_cast<Word>(edges_[action].to);
  }
  [[nodiscard]] std::vector<Property> properties() const override { return props; }
  [[nodiscard]] int process_of(Action action) const override { return edges_[action].process; }
  [[nodiscard]] int process_count() const override { return processes_; }
  [[nodiscard]] std::string format_action(Action action) const override {
    return std::to_string(edges_[action].from) + "->" + std::to_string(edges_[action].to);
  }

  [[nodiscard]] const std::vector<int>& inits() const { return inits_; }
  [[nodiscard]] const std::vector<Edge>& edges() const { return edges_; }
  /// The action of the edge from -> to of `process` (the first such edge).
  [[nodiscard]] Action edge(int from, int to, int process) const {
    for (std::size_t i = 0; i < edges_.size(); ++i) {
      if (edges_[i].from == from && edges_[i].to == to && edges_[i].process == process) return static_cast<Action>(i);
    }
    throw std::invalid_argument("no such edge");
  }

 private:
  std::vector<int> inits_;
  std::vector<Edge> edges_;
  int processes_;
};

inline std::function<bool(const StateView&)> at(int node) {
  return [node](const StateView& v) { return static_cast<int>(v.words[0]) == node; };
}
inline std::function<bool(const StateView&)> not_at(int node) {
  return [node](const StateView& v) { return static_cast<int>(v.words[0]) != node; };
}

/// A 300 x 300 grid, both coordinates in one word; action 0 moves x, 1 moves
/// y. 90,000 states: enough to grow the visited set and to span several
/// batches of one BFS level.
class Grid final : public Model {
 public:
  std::vector<Property> props;
  [[nodiscard]] std::size_t state_words() const override { return 1; }
  void init_states(std::vector<Word>& out) const override { out.push_back(0); }
  void actions(const Word* s, std::vector<Action>& out) const override {
    if ((s[0] >> 32) < 299) out.push_back(0);
    if ((s[0] & 0xffffffff) < 299) out.push_back(1);
  }
  void next_state(const Word* s, Action a, Word* out) const override { out[0] = s[0] + (a == 0 ? Word{1} << 32 : 1); }
  std::vector<Property> properties() const override { return props; }
  int process_of(Action a) const override { return static_cast<int>(a); }
  int process_count() const override { return 2; }
  std::string format_action(Action a) const override { return a == 0 ? "x" : "y"; }
};

inline Word cell(Word x, Word y) { return (x << 32) | y; }

}  // namespace smsmc::mc::test
