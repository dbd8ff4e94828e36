// Terminal output shared by the subcommands: counterexamples as numbered
// steps, and live progress on long runs.
#pragma once

#include "mc/checker.h"
#include "trace/trace.h"

#include <cstdio>
#include <string>

namespace smsmc::cli {

/// Prints a trace as a numbered list: actor, event, the states it changed,
/// and every log line the step wrote (the KB's lines among them).
void print_trace(std::FILE* out, const trace::Trace& trace);

/// Rewrites one status line on stderr when stderr is a terminal; silent
/// otherwise, so logs and pipes stay clean.
class ProgressLine {
 public:
  ProgressLine();
  void update(const std::string& label, const mc::Progress& progress);
  void finish();

 private:
  bool tty_;
  bool dirty_ = false;
};

std::string plural(std::uint64_t n, const char* one, const char* many);

/// Flushes stdout when it goes out of scope. Declared after an
/// io::StopOnSignals, it makes the report leave stdio's buffer (or block on
/// a full pipe or a slow terminal) while the handlers are still installed,
/// so a second signal during the printing of a partial result still quits
/// with 130/143 instead of killing the process by the signal.
struct FlushStdoutOnExit {
  FlushStdoutOnExit() = default;
  FlushStdoutOnExit(const FlushStdoutOnExit&) = delete;
  FlushStdoutOnExit& operator=(const FlushStdoutOnExit&) = delete;
  ~FlushStdoutOnExit() { std::fflush(stdout); }
};

}  // namespace smsmc::cli
