// The model interface the checker explores, in the shape of stateright's
// `Model`: initial states, the actions enabled in a state, the next state, and
// named properties. States are fixed-size arrays of 64-bit words (the packed
// key), so the checker can store millions of them without knowing what they
// mean.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace smsmc::mc {

using Word = std::uint64_t;
/// A model-defined action code. Determinism contract: `actions()` must list
/// the enabled actions in an order that is a function of the state alone, so
/// that a path of actions replays to the same states.
using Action = std::uint32_t;

/// A run of bits inside one word of a state.
struct BitRange {
  std::uint16_t word = 0;
  std::uint8_t shift = 0;
  std::uint8_t bits = 0;
};

/// A part of the state (a process's or a group of processes' fields) that
/// takes few distinct values across the reachable states, so the compact
/// visited set (mc/compact_store.h) stores it as an index into a dictionary
/// of those values, as SPIN's COLLAPSE does. Blocks of the same `kind` share
/// one dictionary: give it to blocks with the same bits in the same order
/// (the protocol's sites).
struct StateBlock {
  int kind = 0;
  std::vector<BitRange> bits;  // concatenated in this order
};

/// stateright's three property kinds.
enum class Expectation {
  always,     // safety: holds in every reachable state
  sometimes,  // reachability witness: holds in some reachable state
  eventually  // liveness: every fair execution reaches a state where it holds
};

const char* expectation_name(Expectation kind);

/// What a property's condition sees of a state.
struct StateView {
  const Word* words;
  bool terminal;  // no action is enabled
};

struct Property {
  std::string name;
  Expectation kind;
  std::function<bool(const StateView&)> condition;
  std::string description;
  /// For witnesses: the safety or liveness property this one keeps from
  /// passing vacuously.
  std::string witness_for;
};

class Model {
 public:
  virtual ~Model() = default;
  /// Words per state; the same for every state of this model.
  [[nodiscard]] virtual std::size_t state_words() const = 0;
  /// Appends each initial state (state_words() words each) to `out`.
  virtual void init_states(std::vector<Word>& out) const = 0;
  /// Appends the actions enabled in `state` to `out`, deterministically.
  virtual void actions(const Word* state, std::vector<Action>& out) const = 0;
  /// Writes the successor of `state` under the enabled action `action`.
  virtual void next_state(const Word* state, Action action, Word* out) const = 0;
  [[nodiscard]] virtual std::vector<Property> properties() const = 0;
  /// Fairness: the process an action belongs to (weak fairness per process).
  [[nodiscard]] virtual int process_of(Action action) const = 0;
  [[nodiscard]] virtual int process_count() const = 0;
  [[nodiscard]] virtual std::string format_action(Action action) const = 0;

  // Symmetry reduction (spec/symmetry.md). A model may declare a group of
  // permutations of its states (the protocol's: permutations of the
  // secondary sites) under which its initial states, its transition
  // relation, process_of (processes are permuted too) and every property are
  // invariant. The checker then stores one canonical state per orbit.
  /// Writes the canonical member of `state`'s orbit to `out` and returns
  /// true; returns false, writing nothing, when the model declares no
  /// symmetry (the default). `out` never aliases `state`.
  virtual bool canonicalize(const Word* state, Word* out) const {
    (void)state;
    (void)out;
    return false;
  }
  /// Appends every distinct member of `state`'s orbit to `out`, `state`
  /// itself first (the default: only `state`).
  virtual void orbit(const Word* state, std::vector<Word>& out) const {
    out.insert(out.end(), state, state + state_words());
  }

  /// The blocks the compact visited set collapses (none: it stores the
  /// plain words). They must not overlap; bits outside every block are
  /// collapsed too, a block per word.
  [[nodiscard]] virtual std::vector<StateBlock> state_blocks() const { return {}; }
};

}  // namespace smsmc::mc
