// The CI gate: every variant checked against spec/expectations.yaml, both
// exhaustively (a grid of N, M) and with property-based schedules (ranges up
// to large N, M). A cell is one variant x property x configuration; the gate
// fails when any cell differs from its expectation in either direction.
#pragma once

#include "spec/check.h"
#include "spec/expectations.h"
#include "trace/trace.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace smsmc::gate {

struct Cell {
  std::string variant;
  std::string property;       // a catalogue name, or "schedules" for a property-based cell (every
                              // property the schedules check)
  std::string explorer;       // "exhaustive", "uniform", "pct"
  std::string configuration;  // "N=2 M=3", "N=1..8 M=0..64 x300"
  std::string expected;       // outcome key: "holds", "violated", ...
  std::string got;            // "unknown" when the check stopped before deciding
  bool matches = false;       // an unknown cell matches only where the profile allows incomplete runs
  std::uint64_t states = 0;   // exhaustive: unique states of the run; property-based: schedules
  double seconds = 0;
  std::string detail;         // notes, the violated property, the counterexample steps as text
  std::optional<trace::Trace> trace;  // the counterexample, when there is one
  std::string trace_file;     // written into the output folder, relative to it
  std::string diagram_file;
};

struct Options {
  std::string profile = "gate";  // or "quick"
  std::string out_dir;           // traces, diagrams, reports; nothing written when empty
  unsigned threads = 1;
  std::vector<std::string> variants;  // all when empty
  std::uint64_t seed = 0;             // property-based runs
  std::function<void(const std::string&)> progress;  // one line per finished run
  /// Memory budget of each exhaustive check in bytes (0: none).
  std::uint64_t max_memory = 0;
  /// Once true, the check under way stops at its next safe point and no
  /// further check is started (Result::interrupted). Null: never.
  const std::atomic<bool>* stop = nullptr;
};

struct Result {
  std::vector<Cell> cells;
  double seconds = 0;
  /// Wall-clock seconds per variant: cells of one exhaustive run share its
  /// time, so summing cells would count it several times.
  std::map<std::string, double> variant_seconds;
  /// The stop flag ended the gate before every cell was run.
  bool interrupted = false;
  [[nodiscard]] std::size_t mismatches() const;
  /// Mismatching cells whose check merely stopped early ("unknown"): an
  /// incomplete gate, not a verdict that differs.
  [[nodiscard]] std::size_t incomplete() const;
  [[nodiscard]] bool passed() const { return mismatches() == 0 && !interrupted; }
};

/// Runs the matrix. Throws spec::ExpectationError / std::invalid_argument on
/// a bad profile or variant name.
Result run(const spec::Expectations& expectations, const Options& options);

/// JUnit XML: one <testsuite> per variant, one <testcase> per cell, the
/// counterexample steps in the <failure> message.
std::string junit_xml(const Result& result);

/// A markdown summary for a CI job summary; diagrams linked relative to the
/// output folder.
std::string markdown_summary(const Result& result, const Options& options);

/// The terminal table: variant x property, expected, got, states, seconds.
std::string text_table(const Result& result);

}  // namespace smsmc::gate
