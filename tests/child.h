// Running a piece of a test in a forked child, for what must not happen in
// the test process itself: a read that might block forever, a signal that
// exits, a setrlimit. The child's exit status comes back; a child that hangs
// is killed by its alarm and reported as such.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <string>

namespace smsmc::testing {

struct ChildStatus {
  bool exited = false;
  int code = -1;   // exit code when exited
  int signal = 0;  // the signal that ended it otherwise (SIGALRM: it hung)
  [[nodiscard]] std::string describe() const {
    return exited ? "exit " + std::to_string(code) : "killed by signal " + std::to_string(signal);
  }
};

inline ChildStatus wait_for(pid_t pid) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
  }
  ChildStatus out;
  if (WIFEXITED(status)) {
    out.exited = true;
    out.code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    out.signal = WTERMSIG(status);
  }
  return out;
}

/// Runs `body` (returning the exit code) in a child that is killed by
/// SIGALRM after `seconds`. The child leaves with _exit: no destructors,
/// no GoogleTest output of its own.
template <class Body>
ChildStatus run_in_child(Body body, unsigned seconds = 10) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::alarm(seconds);
    int code = 99;
    try {
      code = body();
    } catch (...) {
      code = 98;
    }
    ::_exit(code);
  }
  return wait_for(pid);
}

}  // namespace smsmc::testing
