#include "io/signals.h"

#include <unistd.h>

#include <cstring>

namespace smsmc::io {

namespace {
static_assert(std::atomic<bool>::is_always_lock_free && std::atomic<int>::is_always_lock_free,
              "the signal handler may only touch lock-free atomics");

std::atomic<bool> stop{false};
std::atomic<int> signal_number{0};

void say(const char* text) {
  // write(2) is async-signal-safe; a short or failed write is not worth
  // retrying from a handler.
  const ssize_t ignored = ::write(STDERR_FILENO, text, std::strlen(text));
  (void)ignored;
}

extern "C" void on_stop_signal(int sig) {
  // Of two signals arriving together, exactly one is "the first"; its
  // number is stored before the flag a search polls.
  int none = 0;
  if (signal_number.compare_exchange_strong(none, sig)) {
    stop.store(true);
    say(sig == SIGINT ? "\nsmsmc: interrupted; stopping at the next safe point (interrupt again to quit at once)\n"
                      : "\nsmsmc: terminated; stopping at the next safe point (signal again to quit at once)\n");
    return;
  }
  say(sig == SIGINT ? "smsmc: interrupted again; quitting\n" : "smsmc: terminated again; quitting\n");
  ::_exit(exit_code_for_signal(sig));
}

void install(int sig, struct sigaction* previous) {
  // A signal ignored from the start stays ignored: a shell script runs its
  // background jobs that way so that Ctrl-C, meant for the foreground, does
  // not reach them (the GNU coding standards' rule for SIGINT).
  ::sigaction(sig, nullptr, previous);
  if (previous->sa_handler == SIG_IGN) return;
  struct sigaction action {};
  action.sa_handler = on_stop_signal;
  sigemptyset(&action.sa_mask);
  // SA_RESTART: the first signal must not make a write to stdout or a read
  // of a file fail with EINTR halfway through a report.
  action.sa_flags = SA_RESTART;
  ::sigaction(sig, &action, nullptr);
}
}  // namespace

const std::atomic<bool>& stop_flag() noexcept { return stop; }
int stop_signal() noexcept { return signal_number.load(); }

void clear_stop() noexcept {
  signal_number.store(0);
  stop.store(false);
}

StopOnSignals::StopOnSignals() {
  install(SIGINT, &previous_int_);
  install(SIGTERM, &previous_term_);
}

StopOnSignals::~StopOnSignals() {
  ::sigaction(SIGINT, &previous_int_, nullptr);
  ::sigaction(SIGTERM, &previous_term_, nullptr);
}

}  // namespace smsmc::io
