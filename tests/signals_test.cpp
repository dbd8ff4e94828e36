// io/signals.h: the first SIGINT/SIGTERM sets the stop flag and the process
// goes on; the second exits at once with 130/143 after one line on stderr.
// Signals are sent to a forked child that installed the handlers.
#include "io/signals.h"
#include "tests/child.h"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>

namespace smsmc::io {
namespace {

/// A child with StopOnSignals installed that reports on a pipe: 'r' when
/// ready, 'f' once it sees the stop flag (then it keeps running, as a
/// search does while it prints its partial result, until `stay` ends). Its
/// stderr goes to a second pipe.
struct Child {
  pid_t pid = -1;
  int events = -1;  // read end: 'r', 'f'
  int errors = -1;  // read end: the child's stderr

  static Child start(bool leave_after_flag) {
    int events_pipe[2];
    int errors_pipe[2];
    if (::pipe(events_pipe) != 0 || ::pipe(errors_pipe) != 0) return {};
    const pid_t pid = ::fork();
    if (pid == 0) {
      ::alarm(20);
      ::dup2(errors_pipe[1], STDERR_FILENO);
      ::close(events_pipe[0]);
      ::close(errors_pipe[0]);
      const StopOnSignals handlers;
      (void)::write(events_pipe[1], "r", 1);
      while (!stop_requested()) ::usleep(1000);
      const char seen = stop_signal() == SIGINT ? 'i' : stop_signal() == SIGTERM ? 't' : '?';
      (void)::write(events_pipe[1], &seen, 1);
      if (leave_after_flag) ::_exit(7);
      for (;;) ::usleep(1000);  // "printing the partial result": the second signal ends it
    }
    ::close(events_pipe[1]);
    ::close(errors_pipe[1]);
    return {pid, events_pipe[0], errors_pipe[0]};
  }

  /// The next event byte, or 0 after `seconds` without one.
  [[nodiscard]] char next_event(int seconds = 10) const {
    pollfd p{events, POLLIN, 0};
    if (::poll(&p, 1, seconds * 1000) != 1) return 0;
    char c = 0;
    return ::read(events, &c, 1) == 1 ? c : 0;
  }

  [[nodiscard]] std::string stderr_text() const {
    std::string text;
    char buffer[256];
    ssize_t got = 0;
    while ((got = ::read(errors, buffer, sizeof buffer)) > 0) text.append(buffer, static_cast<std::size_t>(got));
    return text;
  }

  /// Waits for the child and reads everything it wrote to stderr.
  testing::ChildStatus finish(std::string& said) const {
    const testing::ChildStatus status = testing::wait_for(pid);
    said = stderr_text();  // the child has left: the pipe ends
    ::close(events);
    ::close(errors);
    return status;
  }
};

struct First {
  int signal;
  char seen;
  const char* note;
};

class FirstSignal : public ::testing::TestWithParam<First> {};

TEST_P(FirstSignal, SetsTheFlagWithANoteAndTheProcessGoesOn) {
  const First f = GetParam();
  const Child child = Child::start(true);
  ASSERT_GT(child.pid, 0);
  ASSERT_EQ(child.next_event(), 'r');
  ::kill(child.pid, f.signal);
  EXPECT_EQ(child.next_event(), f.seen);  // the flag, and which signal set it
  std::string said;
  const testing::ChildStatus status = child.finish(said);
  EXPECT_TRUE(status.exited && status.code == 7) << status.describe();  // it left on its own terms
  EXPECT_EQ(said, f.note);
}

INSTANTIATE_TEST_SUITE_P(
    Signals, FirstSignal,
    ::testing::Values(
        First{SIGINT, 'i', "\nsmsmc: interrupted; stopping at the next safe point (interrupt again to quit at once)\n"},
        First{SIGTERM, 't', "\nsmsmc: terminated; stopping at the next safe point (signal again to quit at once)\n"}));

struct Twice {
  int first;
  int second;
  int code;
  const char* last_line;
};

class SecondSignal : public ::testing::TestWithParam<Twice> {};

TEST_P(SecondSignal, ExitsAtOnceWith128PlusTheSignal) {
  const Twice t = GetParam();
  const Child child = Child::start(false);
  ASSERT_EQ(child.next_event(), 'r');
  ::kill(child.pid, t.first);
  ASSERT_NE(child.next_event(), 0);  // the first one only set the flag
  ::kill(child.pid, t.second);
  std::string said;
  const testing::ChildStatus status = child.finish(said);
  // An exit code, not death by the signal: the handler chose it.
  EXPECT_TRUE(status.exited && status.code == t.code) << status.describe();
  EXPECT_NE(said.find(t.last_line), std::string::npos) << said;
  EXPECT_EQ(said.back(), '\n');
}

INSTANTIATE_TEST_SUITE_P(Signals, SecondSignal,
                         ::testing::Values(Twice{SIGINT, SIGINT, 130, "\nsmsmc: interrupted again; quitting\n"},
                                           Twice{SIGTERM, SIGTERM, 143, "\nsmsmc: terminated again; quitting\n"},
                                           Twice{SIGINT, SIGTERM, 143,
                                                 "smsmc: interrupted; stopping at the next safe point (interrupt again "
                                                 "to quit at once)\nsmsmc: terminated again; quitting\n"}));

TEST(StopOnSignals, AnIgnoredSigintStaysIgnored) {
  const testing::ChildStatus status = testing::run_in_child([] {
    ::signal(SIGINT, SIG_IGN);  // how a shell script starts a background job
    const StopOnSignals handlers;
    ::raise(SIGINT);
    if (stop_requested()) return 1;
    ::raise(SIGTERM);  // SIGTERM was not ignored: handled
    return stop_signal() == SIGTERM ? 0 : 2;
  });
  EXPECT_TRUE(status.exited && status.code == 0) << status.describe();
}

TEST(StopOnSignals, RestoresThePreviousHandlers) {
  struct sigaction before {};
  ::sigaction(SIGINT, nullptr, &before);
  {
    const StopOnSignals handlers;
    struct sigaction during {};
    ::sigaction(SIGINT, nullptr, &during);
    EXPECT_NE(during.sa_handler, before.sa_handler);
    EXPECT_TRUE(during.sa_flags & SA_RESTART);
    ::sigaction(SIGTERM, nullptr, &during);
    EXPECT_NE(during.sa_handler, SIG_DFL);
  }
  struct sigaction after {};
  ::sigaction(SIGINT, nullptr, &after);
  EXPECT_EQ(after.sa_handler, before.sa_handler);
}

TEST(StopOnSignals, TheFlagIsClearUntilASignalAndCanBeCleared) {
  EXPECT_FALSE(stop_requested());
  EXPECT_EQ(stop_signal(), 0);
  {
    const StopOnSignals handlers;
    ::raise(SIGINT);  // handled synchronously on this thread
    EXPECT_TRUE(stop_requested());
    EXPECT_EQ(stop_signal(), SIGINT);
    clear_stop();
    EXPECT_FALSE(stop_requested());
  }
  EXPECT_EQ(exit_code_for_signal(SIGINT), 130);
  EXPECT_EQ(exit_code_for_signal(SIGTERM), 143);
}

}  // namespace
}  // namespace smsmc::io
