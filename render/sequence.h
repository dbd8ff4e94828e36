// Message sequence diagrams of replayed traces: one lifeline per actor, time
// downwards, a box for each step an actor takes, an arrow for each message
// the step sends, notes for the log lines it writes, the violating step and
// the KB's log lines in red. Drawn from a trace::Replay (never from the file
// alone), so the picture shows what the machines did.
#pragma once

#include "trace/replay.h"

#include <string>

namespace smsmc::render {

struct SequenceOptions {
  /// With more logon servers per site than this, a site's logon servers
  /// share one lifeline.
  int group_logon_servers_above = 4;
};

/// The diagram as DOT with every position pinned (layout=nop2): a sequence
/// diagram is a grid that smsmc computes itself; Graphviz draws it. The same
/// replay always gives the same bytes.
std::string sequence_dot(const trace::Replay& replay, const SequenceOptions& options = {});

}  // namespace smsmc::render
