// Ctrl-C and SIGTERM: the first one asks the running search to stop at its
// next safe point, so it can print what it found (states, verdicts so far,
// counterexamples, trace files); a second one exits at once with 128+signal
// (130 for SIGINT, 143 for SIGTERM), the shell's convention.
//
// The handler only stores to lock-free atomics and calls write(2) and
// _exit(2), all async-signal-safe. Searches poll stop_flag() where they
// already poll their timeout; the checker takes it as a plain
// `const std::atomic<bool>*`, so mc/ does not depend on this layer.
#pragma once

#include <atomic>
#include <csignal>

namespace smsmc::io {

/// Set by the first SIGINT or SIGTERM while a StopOnSignals is installed.
[[nodiscard]] const std::atomic<bool>& stop_flag() noexcept;
[[nodiscard]] inline bool stop_requested() noexcept { return stop_flag().load(std::memory_order_relaxed); }
/// The signal that set the flag (SIGINT or SIGTERM), 0 while it is clear.
[[nodiscard]] int stop_signal() noexcept;
/// Clears the flag (a test, or a program that goes on after a stopped run).
void clear_stop() noexcept;

/// The exit status a process killed by `signal` would report in a shell.
[[nodiscard]] constexpr int exit_code_for_signal(int signal) noexcept { return 128 + signal; }

/// Installs the handlers for SIGINT and SIGTERM for its lifetime and puts
/// back the previous ones when destroyed. A signal that is ignored when it
/// is installed (a background job of a shell script) stays ignored. One line goes to stderr for each
/// signal: "smsmc: interrupted; stopping at the next safe point (interrupt
/// again to quit at once)", then "smsmc: interrupted again; quitting".
class StopOnSignals {
 public:
  StopOnSignals();
  ~StopOnSignals();
  StopOnSignals(const StopOnSignals&) = delete;
  StopOnSignals& operator=(const StopOnSignals&) = delete;

 private:
  struct sigaction previous_int_ {};
  struct sigaction previous_term_ {};
};

}  // namespace smsmc::io
