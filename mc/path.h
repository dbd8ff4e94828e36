// A path through a model, as the checker reports counterexamples and
// examples and as traces record them.
#pragma once

#include "mc/model.h"

#include <cstddef>
#include <optional>
#include <vector>

namespace smsmc::mc {

/// From initial state number `init` (an index into the model's
/// init_states() list), take `actions` in order. For a liveness
/// counterexample that is a lasso, actions[loop_start..] is a cycle that
/// returns to the state reached after actions[0..loop_start).
struct Path {
  std::size_t init = 0;
  std::vector<Action> actions;
  std::optional<std::size_t> loop_start;
};

/// Replays `path` and returns the states it visits (including the initial
/// one), state_words() each; throws std::invalid_argument if the path starts
/// at an initial state the model does not have or takes a step that is not
/// enabled.
std::vector<Word> replay(const Model& model, const Path& path);

}  // namespace smsmc::mc
