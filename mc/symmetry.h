// Concrete paths out of a symmetry-reduced graph (spec/symmetry.md). The
// search stores one canonical state per orbit, so a stored parent chain is a
// path between representatives, and the action it records is enabled in the
// representative, not necessarily in the concrete state a real run is in.
// These functions walk such a chain from a concrete initial state, choosing
// at each step an action whose successor has the next representative as its
// canonical form: the same length, real site numbers, replayable. And they
// decide liveness inside one component of the quotient by lifting it back to
// concrete states, where weak fairness per process is the checker's own.
#pragma once

#include <optional>
#include <vector>

#include "mc/graph.h"
#include "mc/liveness.h"
#include "mc/model.h"

namespace smsmc::mc {

/// Appends to `actions` a concrete path from the model's initial state
/// number `init` through the representatives `ids` (the states after the
/// initial one, in order), and leaves the concrete last state in `state`.
/// Throws std::logic_error if the chain is not a path of the quotient.
void concretize(const Model& model, const Graph& graph, std::size_t init, const std::vector<StateId>& ids,
                std::vector<Action>& actions, std::vector<Word>& state);

/// graph.path_to(id), concrete.
Path concrete_path_to(const Model& model, const Graph& graph, StateId id);

/// For a strongly connected component of the quotient's goal-free region
/// (`members`, representatives), with `entry` a concrete state whose
/// representative is a member: a weakly fair cycle from `entry` back to it
/// among the concrete states of the component's orbits, or nullopt when
/// there is none. Every concrete component above a quotient component is
/// the image of every other under a permutation, so one is fair iff all are
/// (spec/symmetry.md). Charges `limits.budget` for the lifted graph.
std::optional<std::vector<Action>> lifted_fair_cycle(const Model& model, const Graph& graph,
                                                     const std::vector<StateId>& members, const Word* entry,
                                                     const LivenessLimits& limits);

}  // namespace smsmc::mc
