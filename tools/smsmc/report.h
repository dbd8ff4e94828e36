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

}  // namespace smsmc::cli
