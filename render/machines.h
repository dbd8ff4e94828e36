// State machine diagrams, drawn from the MachineInfo that compile_table()
// walks out of each service's Boost.MSM transition_table, so the picture can
// never drift from the code. Optionally marks the transitions a replayed trace
// took.
#pragma once

#include "statemachines/machine.h"
#include "trace/replay.h"

#include <map>
#include <string>
#include <vector>

namespace smsmc::render {

/// The rows of one machine a trace took, with the step numbers.
struct MachinePath {
  std::map<std::size_t, std::vector<std::size_t>> rows;  // row index -> steps
  std::vector<bool> visited;                              // per state
};

/// DOT (layout=dot) for one machine; `path` may be null.
std::string machine_dot(const sm::MachineInfo& info, const MachinePath* path = nullptr);

/// Which rows of each machine the replayed trace took. A row is identified by
/// source, event and target; where guards tell rows apart, the row is the one
/// whose guard holds on the state before the step, with the receiver of a
/// message in the state the message found it in. Keyed by service id.
std::map<int, MachinePath> machine_paths(const trace::Replay& replay);

}  // namespace smsmc::render
